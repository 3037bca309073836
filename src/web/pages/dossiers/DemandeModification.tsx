import { useId, useState, type FormEvent } from 'react';
import { libellesTypesDemande } from '../../../partage/demandes.schema.ts';
import { appelDossiers, ErreurDossier } from './client.ts';
import type { DemandeComplete } from './DemandeResultat.tsx';
import { Champ, CHAMPS, corps, ENTREPRISE, valeursDe, type Valeurs } from './DemandesChamps.tsx';

type Reponse = {
  accepte: boolean;
  raisons: { message: string; articles: { article: string }[] }[];
  demande: DemandeComplete;
};

/**
 * The company modifies its transmitted request (POST …/modification): the same fields as the
 * request form, filled with the request; before the decision it is instructed again, once
 * engaged it is an avenant whose difference is explained and booked on the ledger.
 */
export function ModifierDemande({
  d,
  csrf,
  surModification,
}: {
  d: DemandeComplete;
  csrf: string | null;
  surModification: (d: DemandeComplete) => void;
}) {
  const [valeurs, setValeurs] = useState<Valeurs>(() =>
    valeursDe(d.formulaire as unknown as Record<string, unknown>),
  );
  const [motif, setMotif] = useState('');
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [probleme, setProbleme] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const id = useId();
  const maj = (nom: string, v: string) => setValeurs((x) => ({ ...x, [nom]: v }));
  async function envoyer(e: FormEvent) {
    e.preventDefault();
    setEnvoi(true);
    setProbleme(null);
    setMessage(null);
    setErreurs({});
    try {
      const r = await appelDossiers<Reponse>(
        'POST',
        `/api/v1/demandes/${encodeURIComponent(d.id)}/modification`,
        csrf,
        { demande: corps(d.type, valeurs), ...(motif.trim() ? { motif: motif.trim() } : {}) },
      );
      if (!r.accepte) {
        setProbleme(
          r.raisons
            .map((x) => `${x.message} (${x.articles.map((a) => a.article).join(', ')})`)
            .join(' ; '),
        );
        return;
      }
      const m = r.demande.modifications.at(-1);
      setMessage(
        m?.ecart
          ? `Avenant enregistré. ${m.ecart.explication}`
          : `Demande modifiée et instruite à nouveau : ${r.demande.libelleEtat.toLowerCase()}.`,
      );
      surModification(r.demande);
    } catch (x) {
      if (x instanceof ErreurDossier) {
        setErreurs(Object.fromEntries(x.champs.map((c) => [c.champ, c.message])));
        setProbleme(x.message);
      } else setProbleme(x instanceof Error ? x.message : 'Échec de la modification.');
    } finally {
      setEnvoi(false);
    }
  }
  return (
    <details className="modification-demande">
      <summary>Modifier la demande</summary>
      <form onSubmit={(e) => void envoyer(e)} noValidate>
        <p>
          {d.etat === 'engage'
            ? "Demande engagée : la modification est un avenant. L'engagement est recalculé par les règles en vigueur à la date de la demande et la différence passée au grand livre."
            : "Demande en cours d'instruction : elle sera instruite à nouveau par les règles en vigueur à la date de la demande."}{' '}
          Le dispositif, l'entreprise et l'OPCO ne changent pas.
        </p>
        <fieldset>
          <legend>{libellesTypesDemande[d.type]}</legend>
          {[...ENTREPRISE, ...CHAMPS[d.type]].map(([nom, t]) => (
            <Champ key={nom} nom={nom} type={t} valeurs={valeurs} maj={maj} erreurs={erreurs} />
          ))}
          <div className="champ">
            <label htmlFor={`${id}-motif`}>Motif de la modification</label>
            <input id={`${id}-motif`} value={motif} onChange={(e) => setMotif(e.target.value)} />
          </div>
        </fieldset>
        {probleme && (
          <p className="alerte" role="alert">
            {probleme}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        <button type="submit" disabled={envoi}>
          {envoi ? 'Envoi…' : 'Enregistrer la modification'}
        </button>
      </form>
    </details>
  );
}
