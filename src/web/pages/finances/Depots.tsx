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

/** The state of a CSV upload form: the chosen file, then the server's answer or its error. */
function useDepotCsv<R>(url: () => string, apres: () => void, viderAvant: boolean) {
  const moi = useMoi();
  const [fichier, setFichier] = useState<File | null>(null);
  const [reponse, setReponse] = useState<R | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  async function envoyer(ev: FormEvent) {
    ev.preventDefault();
    if (!fichier) return;
    setErreur(null);
    if (viderAvant) setReponse(null);
    const r = await envoyerCsv(url(), fichier, moi?.jetonCsrf);
    if (!r.ok) {
      setErreur(r.detail);
      return;
    }
    setReponse(r.corps as R);
    apres();
  }
  return { setFichier, reponse, erreur, envoyer: (ev: FormEvent) => void envoyer(ev) };
}

/** The labelled file input of a CSV upload. */
function ChampCsv({
  id,
  libelle,
  choisir,
}: {
  id: string;
  libelle: string;
  choisir: (f: File | null) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{libelle}</label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        onChange={(x) => choisir(x.target.files?.[0] ?? null)}
        required
      />
    </>
  );
}

/**
 * CSV upload: siret_cfa,reference_cfa,date_facture,dossier,numero_echeance,montant_euros; the
 * answer lists each invoice with its status and the reason of every line not matched.
 */
export function DepotFactures({ url, apres }: { url: string; apres: () => void }) {
  const [opco, setOpco] = useState('');
  const d = useDepotCsv<ResultatFactures>(
    () => `${url}?opco=${encodeURIComponent(opco)}`,
    apres,
    false,
  );
  const reponse = d.reponse;
  return (
    <>
      <form onSubmit={d.envoyer} className="formulaire-ligne">
        <label htmlFor={`${url}-opco`}>Code de l’OPCO</label>
        <input
          id={`${url}-opco`}
          value={opco}
          onChange={(x) => setOpco(x.target.value)}
          required
          inputMode="numeric"
        />
        <ChampCsv id={`${url}-fichier`} libelle="Fichier CSV" choisir={d.setFichier} />
        <button type="submit">Déposer</button>
      </form>
      {d.erreur && <p role="alert">{d.erreur}</p>}
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
  const d = useDepotCsv<ResultatCertificats>(() => url, apres, true);
  const reponse = d.reponse;
  return (
    <>
      <p>
        Une ligne par dossier : <code>dossier,date_realisation</code> (date AAAA-MM-JJ). Si une
        ligne est fausse, rien n’est enregistré.
      </p>
      <form onSubmit={d.envoyer} className="formulaire-ligne">
        <ChampCsv
          id={`${url}-fichier`}
          libelle="Certificats de réalisation (CSV)"
          choisir={d.setFichier}
        />
        <button type="submit">Envoyer les certificats</button>
      </form>
      {d.erreur && <p role="alert">{d.erreur}</p>}
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
