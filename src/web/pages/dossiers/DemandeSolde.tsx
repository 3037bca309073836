import { useEffect, useId, useState, type FormEvent } from 'react';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { date as dateFr } from '../../format.ts';
import { appelDossiers, ErreurDossier } from './client.ts';
import { centimes, type DemandeComplete } from './DemandeResultat.tsx';

interface Factures {
  accepte: boolean;
  raisons: { message: string; articles: { article: string }[] }[];
  factures: {
    id: number;
    numero: string;
    siretEmetteur: string;
    dateFacture: string;
    montantHtCentimes: number;
    montantTtcCentimes: number;
  }[];
  totalHtCentimes: number;
  engageCentimes: number | null;
}
const cites = (r: Factures['raisons']) =>
  r.map((x) => `${x.message} (${x.articles.map((a) => a.article).join(', ')})`).join(' ; ');
const nombre = (s: string) => Number(s.replace(/\s/g, '').replace(',', '.'));

/**
 * The invoices of a request (R6332-25: payment after execution, on justification): the list
 * and totals for everyone who reads the request; the company records an invoice; OPCO staff
 * settle the request on the invoices received.
 */
export function FacturesDemande({
  d,
  csrf,
  deposer,
  solder,
  surSolde,
}: {
  d: DemandeComplete;
  csrf: string | null;
  deposer: boolean;
  solder: boolean;
  surSolde: (d: DemandeComplete) => void;
}) {
  const [f, setF] = useState<Factures | null>(null);
  const [probleme, setProbleme] = useState<string | null>(null);
  const id = useId();
  const [v, setV] = useState({
    numero: '',
    siretEmetteur: d.engagement?.siretBeneficiaire ?? '',
    dateFacture: '',
    montantHT: '',
    montantTTC: '',
  });
  useEffect(() => {
    appelDossiers<Factures>('GET', `/api/v1/demandes/${encodeURIComponent(d.id)}/factures`, csrf)
      .then(setF)
      .catch((e: unknown) => setProbleme(e instanceof Error ? e.message : 'Échec'));
  }, [d.id, d.version, csrf]);
  async function deposerFacture(e: FormEvent) {
    e.preventDefault();
    setProbleme(null);
    try {
      const r = await appelDossiers<Factures>(
        'POST',
        `/api/v1/demandes/${encodeURIComponent(d.id)}/factures`,
        csrf,
        {
          numero: v.numero,
          siretEmetteur: v.siretEmetteur,
          dateFacture: v.dateFacture,
          montantHT: nombre(v.montantHT),
          montantTTC: nombre(v.montantTTC || v.montantHT),
        },
      );
      setF(r);
      if (!r.accepte) setProbleme(cites(r.raisons));
      else setV((x) => ({ ...x, numero: '', montantHT: '', montantTTC: '' }));
    } catch (x) {
      setProbleme(x instanceof ErreurDossier || x instanceof Error ? x.message : 'Échec du dépôt.');
    }
  }
  const champ = (nom: keyof typeof v, libelle: string, type = 'text') => (
    <div className="champ">
      <label htmlFor={`${id}-${nom}`}>{libelle}</label>
      <input
        id={`${id}-${nom}`}
        type={type}
        {...(type === 'text' && nom.startsWith('montant') ? { inputMode: 'decimal' as const } : {})}
        value={v[nom]}
        onChange={(e) => setV((x) => ({ ...x, [nom]: e.target.value }))}
      />
    </div>
  );
  return (
    <section aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`}>Factures</h2>
      {f && (
        <p role="status">
          Total facturé : <strong>{centimes(f.totalHtCentimes)} HT</strong> sur{' '}
          {centimes(f.engageCentimes ?? 0)} engagés.
        </p>
      )}
      {f && f.factures.length > 0 && (
        <TableauAdaptable libelle="Factures reçues">
          <table>
            <caption className="visuellement-cache">Factures reçues</caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Émetteur (SIRET)</th>
                <th scope="col">Date</th>
                <th scope="col">HT</th>
                <th scope="col">TTC</th>
              </tr>
            </thead>
            <tbody>
              {f.factures.map((x) => (
                <tr key={x.id}>
                  <td>{x.numero}</td>
                  <td>{x.siretEmetteur}</td>
                  <td>{dateFr(x.dateFacture)}</td>
                  <td>{centimes(x.montantHtCentimes)}</td>
                  <td>{centimes(x.montantTtcCentimes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableauAdaptable>
      )}
      {probleme && (
        <p className="alerte" role="alert">
          {probleme}
        </p>
      )}
      {deposer && (
        <form onSubmit={(e) => void deposerFacture(e)} noValidate>
          <fieldset>
            <legend>Déposer une facture de l'action</legend>
            {champ('numero', 'Numéro de la facture')}
            {champ('siretEmetteur', "SIRET de l'émetteur (organisme de formation ou entreprise)")}
            {champ('dateFacture', 'Date de la facture', 'date')}
            {champ('montantHT', 'Montant HT (€)')}
            {champ('montantTTC', 'Montant TTC (€)')}
            <button type="submit">Déposer la facture</button>
          </fieldset>
        </form>
      )}
      {solder && f && <Solder d={d} f={f} csrf={csrf} surSolde={surSolde} />}
    </section>
  );
}

/** OPCO staff: settle an engaged request on its invoices (or a lower realised amount). */
function Solder({
  d,
  f,
  csrf,
  surSolde,
}: {
  d: DemandeComplete;
  f: Factures;
  csrf: string | null;
  surSolde: (d: DemandeComplete) => void;
}) {
  const [montant, setMontant] = useState('');
  const [motif, setMotif] = useState('');
  const [probleme, setProbleme] = useState<string | null>(null);
  const id = useId();
  async function envoyer(e: FormEvent) {
    e.preventDefault();
    setProbleme(null);
    try {
      const r = await appelDossiers<{
        accepte: boolean;
        raisons: Factures['raisons'];
        demande: DemandeComplete;
      }>('POST', `/api/v1/demandes/${encodeURIComponent(d.id)}/solde`, csrf, {
        ...(montant.trim() ? { montantRealise: nombre(montant) } : {}),
        ...(motif.trim() ? { motif: motif.trim() } : {}),
      });
      if (r.accepte) surSolde(r.demande);
      else setProbleme(cites(r.raisons));
    } catch (x) {
      setProbleme(x instanceof Error ? x.message : 'Échec du solde.');
    }
  }
  const engage = d.engagement?.montantTotalCentimes ?? 0;
  return (
    <form onSubmit={(e) => void envoyer(e)} noValidate>
      <fieldset>
        <legend>Solder sur les factures (R6332-25)</legend>
        <p>
          Montant engagé : {centimes(engage)}. Solde proposé :{' '}
          <strong>{centimes(Math.min(f.totalHtCentimes, engage))}</strong> ({f.factures.length}{' '}
          facture(s)) ; la différence est libérée sur le grand livre.
        </p>
        <div className="champ">
          <label htmlFor={`${id}-montant`}>
            Montant réalisé (€), facultatif : au plus le total facturé
          </label>
          <input
            id={`${id}-montant`}
            inputMode="decimal"
            value={montant}
            onChange={(e) => setMontant(e.target.value)}
          />
        </div>
        <div className="champ">
          <label htmlFor={`${id}-motif`}>Motif (certificat de réalisation…)</label>
          <input id={`${id}-motif`} value={motif} onChange={(e) => setMotif(e.target.value)} />
        </div>
        {probleme && (
          <p className="alerte" role="alert">
            {probleme}
          </p>
        )}
        <button type="submit">Solder la demande</button>
      </fieldset>
    </form>
  );
}
