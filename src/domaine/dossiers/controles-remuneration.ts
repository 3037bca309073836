import { salaireApprentiRapide, type Droit } from '../../moteur/index.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import { resultat } from './controles.ts';
import type { ResultatControle } from './types.ts';

/** Check of an apprenticeship contract's declared wage against the legal minimum. */

const euros = (c: number) =>
  `${(c / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

export function controleRemuneration(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'remuneration.minimum';
  const champ = 'contrat.remunerations';
  let periodes;
  try {
    // The wage rules compiled (no explanation): the bulk path, same periods as the simulator.
    periodes = salaireApprentiRapide(droit, {
      dateNaissance: c.apprenti.dateNaissance,
      dateConclusion: c.contrat.dateConclusion,
      dateDebut: c.contrat.dateDebut,
      dateFin: c.contrat.dateFin,
      premierCycleSecondaireAcheve: c.apprenti.premierCycleSecondaireAcheve,
      mayotte: c.employeur.adresse.codePostal.startsWith('976'),
      ...(c.contrat.salaireMinimumConventionnel !== undefined
        ? { salaireMinimumConventionnel: Math.round(c.contrat.salaireMinimumConventionnel * 100) }
        : {}),
      ...(c.contrat.typeContrat === '33'
        ? {
            prolongation: {
              motif: 'echec_examen' as const,
              depuis: c.contrat.dateEffetAvenant ?? c.contrat.dateDebut,
            },
          }
        : {}),
    });
  } catch {
    return resultat(
      code,
      'a_verifier',
      'Le salaire minimum ne peut pas être calculé à ces dates avec le droit chargé.',
      champ,
    );
  }
  const declarees = c.contrat.remunerations;
  for (const p of periodes) {
    // The first declared period overlapping this one that pays less, and whether any overlaps.
    let recouvrent = 0;
    let insuffisante: { centimes: number } | undefined;
    for (const d of declarees)
      if (d.du <= p.au && d.au >= p.du) {
        recouvrent++;
        const centimes = Math.round(d.montantMensuel * 100);
        if (centimes < p.montantMensuelCentimes) {
          insuffisante = { centimes };
          break;
        }
      }
    if (insuffisante)
      return resultat(
        code,
        'bloquant',
        `Du ${p.du} au ${p.au} (${p.age} ans, année ${p.anneeExecution}) : ${euros(insuffisante.centimes)} déclarés, moins que le minimum de ${euros(p.montantMensuelCentimes)} par mois (${p.tauxPourcent} % du ${p.base}).`,
        champ,
      );
    if (recouvrent === 0)
      return resultat(
        code,
        'bloquant',
        `Aucune rémunération déclarée du ${p.du} au ${p.au} (minimum ${euros(p.montantMensuelCentimes)} par mois).`,
        champ,
      );
  }
  return resultat(
    code,
    'conforme',
    `Rémunération au moins égale au minimum sur les ${periodes.length} période(s) du contrat.`,
    champ,
  );
}
