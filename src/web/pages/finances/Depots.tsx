import { useState, type FormEvent } from 'react';
import { date, nombre } from '../../format.ts';
import { useMoi } from '../comptes/client.ts';
import {
  envoyerCsv,
  libellesStatuts,
  type ResultatCertificats,
  type ResultatFactures,
} from './commun.ts';
import { LignesNonAppariees } from './ListeFactures.tsx';

/**
 * CSV upload: siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros; the
 * answer lists each invoice with its status and the reason of every line not matched.
 */
export function DepotFactures({ url, apres }: { url: string; apres: () => void }) {
  const moi = useMoi();
  const [opco, setOpco] = useState('');
  const [fichier, setFichier] = useState<File | null>(null);
  const [reponse, setReponse] = useState<ResultatFactures | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    if (!fichier) return;
    setErreur(null);
    const r = await envoyerCsv(`${url}?opco=${encodeURIComponent(opco)}`, fichier, moi?.jetonCsrf);
    if (!r.ok) {
      setErreur(r.detail);
      return;
    }
    setReponse(r.corps as ResultatFactures);
    apres();
  }
  return (
    <>
      <form onSubmit={(ev) => void envoyer(ev)} className="formulaire-ligne">
        <label htmlFor={`${url}-opco`}>Code de l’OPCO</label>
        <input
          id={`${url}-opco`}
          value={opco}
          onChange={(x) => setOpco(x.target.value)}
          required
          inputMode="numeric"
        />
        <label htmlFor={`${url}-fichier`}>Fichier CSV</label>
        <input
          id={`${url}-fichier`}
          type="file"
          accept=".csv,text/csv"
          onChange={(x) => setFichier(x.target.files?.[0] ?? null)}
          required
        />
        <button type="submit">Déposer</button>
      </form>
      {erreur && <p role="alert">{erreur}</p>}
      {reponse && (
        <div role="status">
          <ul>
            {reponse.factures.map((f) => (
              <li key={f.factureId}>
                {f.referenceCfa} : {libellesStatuts[f.statut] ?? f.statut}
                <LignesNonAppariees lignes={f.lignes} />
              </li>
            ))}
            {reponse.erreurs.map((x) => (
              <li key={`e${x.ligne}${x.probleme}`}>
                Ligne {x.ligne} du fichier : {x.probleme}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/**
 * Completion certificates: `dossier,date_realisation`. All or nothing: when a line is wrong the
 * server records nothing and names every bad line, shown here as an alert.
 */
export function DepotCertificats({ url, apres }: { url: string; apres: () => void }) {
  const moi = useMoi();
  const [fichier, setFichier] = useState<File | null>(null);
  const [reponse, setReponse] = useState<ResultatCertificats | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    if (!fichier) return;
    setErreur(null);
    setReponse(null);
    const r = await envoyerCsv(url, fichier, moi?.jetonCsrf);
    if (!r.ok) {
      setErreur(r.detail);
      return;
    }
    setReponse(r.corps as ResultatCertificats);
    apres();
  }
  return (
    <>
      <p>
        Une ligne par dossier : <code>dossier,date_realisation</code> (date AAAA-MM-JJ). Si une
        ligne est fausse, rien n’est enregistré.
      </p>
      <form onSubmit={(ev) => void envoyer(ev)} className="formulaire-ligne">
        <label htmlFor={`${url}-fichier`}>Certificats de réalisation (CSV)</label>
        <input
          id={`${url}-fichier`}
          type="file"
          accept=".csv,text/csv"
          onChange={(x) => setFichier(x.target.files?.[0] ?? null)}
          required
        />
        <button type="submit">Envoyer les certificats</button>
      </form>
      {erreur && <p role="alert">{erreur}</p>}
      {reponse && (
        <div role="status">
          <p>
            {nombre(reponse.certificats.length)} certificat(s) enregistré(s) ;{' '}
            {nombre(reponse.devenuesPayables)} solde(s) facturé(s) devenu(s) payable(s).
          </p>
          <ul>
            {reponse.certificats.map((c) => (
              <li key={c.dossierId}>
                Ligne {c.ligne} : dossier {c.dossierId}, réalisé le {date(c.date)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
