import type { z } from 'zod';
import type { demandeCompleteSchema } from '../../../partage/demandes.schema.ts';
import { date as dateFr, euros } from '../../format.ts';
import { Controles } from './Controles.tsx';

export type DemandeComplete = z.infer<typeof demandeCompleteSchema>;
export const centimes = (c: number) => euros(c / 100);

/** The result of a request: state, amount and its lines, reasons with their articles. */
export function ResultatDemande({ d }: { d: DemandeComplete }) {
  return (
    <section aria-labelledby="titre-resultat" className="resultat">
      <h2 id="titre-resultat">
        {d.libelleType} : {d.libelleEtat.toLowerCase()}
      </h2>
      {d.engagement ? (
        <>
          <p role="status">
            Montant pris en charge : <strong>{centimes(d.engagement.montantTotalCentimes)}</strong>{' '}
            (section {d.engagement.section === 'alternance' ? 'alternance' : 'moins de 50 salariés'}{' '}
            du budget de l'OPCO, règles au {dateFr(d.engagement.dateDesParametres)}
            {d.engagement.bareme
              ? `, barème ${d.engagement.bareme.id} du ${d.engagement.bareme.depuis ?? '—'}`
              : ''}
            ).
          </p>
          <ul aria-label="Détail du montant">
            {d.engagement.detail.map((x, i) => (
              <li key={i}>
                {x.libelle} : {centimes(x.montantCentimes)}
              </li>
            ))}
          </ul>
        </>
      ) : d.etat === 'refuse' ? (
        <p role="status">Demande refusée pour les motifs suivants.</p>
      ) : (
        <p role="status">
          Un gestionnaire de l'OPCO vérifie ce que les règles n'ont pas pu trancher
          {d.echeance ? ` ; réponse motivée au plus tard le ${dateFr(d.echeance)}` : ''}.
        </p>
      )}
      {d.decision && d.decision.raisons.length > 0 && (
        <ul aria-label="Motifs du refus">
          {d.decision.raisons.map((r, i) => (
            <li key={i}>
              {r.message} (
              {r.articles.map((a, k) => (
                <span key={k}>
                  {k > 0 ? ', ' : ''}
                  <a href={a.url} target="_blank" rel="noreferrer">
                    {a.article}
                  </a>
                </span>
              ))}
              )
            </li>
          ))}
        </ul>
      )}
      {d.instruction && (
        <>
          <h3>Contrôles de l'instruction</h3>
          <Controles resultats={d.instruction.resultats} titre="Contrôles de la demande" />
        </>
      )}
    </section>
  );
}
