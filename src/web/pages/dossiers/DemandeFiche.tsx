import { useEffect, useState } from 'react';
import type { Moi } from '../../../partage/comptes.schema.ts';
import { date as dateFr } from '../../format.ts';
import { Lien } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import { appelDossiers } from './client.ts';
import { ModifierDemande } from './DemandeModification.tsx';
import { centimes, ResultatDemande, type DemandeComplete } from './DemandeResultat.tsx';
import { FacturesDemande } from './DemandeSolde.tsx';

/** The states in which the company may modify its transmitted request (ETATS_REVISION). */
const MODIFIABLE = new Set(['transmis', 'incomplet', 'en_cours_instruction', 'engage']);
const aRole = (moi: Moi | null | undefined, prefixe: string) =>
  moi?.organisations.some((o) => o.roles.some((r) => r.startsWith(prefixe))) ?? false;

/**
 * One request: its result, checks and modifications; for its company, « Modifier la demande »
 * (a new instruction, or an avenant once engaged) and its invoices; for OPCO staff, the
 * settlement on the invoices received.
 */
export function FicheDemande({ id }: { id: string }) {
  const moi = useMoi();
  const [d, setD] = useState<DemandeComplete | null>(null);
  const [probleme, setProbleme] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Demande de prise en charge — Plateforme OPCO';
    if (!moi) return;
    appelDossiers<DemandeComplete>(
      'GET',
      `/api/v1/demandes/${encodeURIComponent(id)}`,
      moi.jetonCsrf,
    )
      .then(setD)
      .catch((e: unknown) => setProbleme(e instanceof Error ? e.message : 'Échec'));
  }, [moi, id]);
  if (moi === null)
    return (
      <p>
        <Lien href="/connexion">Connectez-vous</Lien> pour voir cette demande.
      </p>
    );
  const entreprise = aRole(moi, 'entreprise_');
  const opco = aRole(moi, 'opco_');
  return (
    <>
      <h1>{d ? d.intitule : 'Demande de prise en charge'}</h1>
      <p>
        <Lien href="/dossiers">Mes dossiers</Lien>
      </p>
      {probleme && (
        <p className="alerte" role="alert">
          {probleme}
        </p>
      )}
      {d ? (
        <>
          <p>
            {d.entreprise.denomination} — demandée le {dateFr(d.dateDemande)}
          </p>
          {d.etat === 'brouillon' && (
            <p>
              Brouillon : visible de votre entreprise seule.{' '}
              <Lien href={`/demandes/nouvelle?brouillon=${encodeURIComponent(d.id)}`}>
                Reprendre le brouillon
              </Lien>
            </p>
          )}
          <ResultatDemande d={d} />
          {d.modifications.length > 0 && (
            <section aria-labelledby="titre-modifications">
              <h2 id="titre-modifications">Modifications</h2>
              <ul>
                {d.modifications.map((m, i) => (
                  <li key={i}>
                    {dateFr(m.date)} —{' '}
                    {m.nature === 'avenant'
                      ? `avenant : ${m.ecart?.explication ?? ''}`
                      : 'modifiée avant décision, instruite à nouveau'}
                    {m.motif ? ` (${m.motif})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {d.solde && (
            <p>
              Soldée le {dateFr(d.solde.date)} : {centimes(d.solde.montantRealiseCentimes)} réalisés
              {d.solde.factures ? ` sur ${d.solde.factures.length} facture(s)` : ''},{' '}
              {centimes(d.solde.libereCentimes)} libérés
              {d.solde.motif ? ` — ${d.solde.motif}` : ''}.
            </p>
          )}
          {entreprise && MODIFIABLE.has(d.etat) && (
            <ModifierDemande d={d} csrf={moi?.jetonCsrf ?? null} surModification={setD} />
          )}
          {(d.etat === 'engage' || d.etat === 'solde') && (
            <FacturesDemande
              d={d}
              csrf={moi?.jetonCsrf ?? null}
              deposer={entreprise && d.etat === 'engage'}
              solder={opco && d.etat === 'engage'}
              surSolde={setD}
            />
          )}
        </>
      ) : (
        !probleme && <p role="status">Chargement…</p>
      )}
    </>
  );
}
