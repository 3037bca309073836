import { jour } from './dates.ts';
import type { Droit } from './parametres/droit.ts';
import type { Reference } from './parametres/types.ts';

export interface SituationContributions {
  date: string;
  /** Monthly gross pay subject to contributions, in euros (CDD: including the end-of-contract indemnity). */
  assiette: number;
  effectif: number;
  alsaceMoselle: boolean;
  /** Share of apprentices and other alternants in the headcount, 0–1 (CSA). */
  partAlternants: number;
  cdd: boolean;
}

/** Monthly employer contributions to training, in cents, each rounded to the cent. */
export interface Contributions {
  cfp: number;
  taBase: number;
  taSolde: number | null;
  csa: number | null;
  taTotal: number;
  cpfCdd: number | null;
  references: Reference[];
}

/**
 * CFP (L6331-1/3), taxe d'apprentissage with its base and solde (L6241-1/2), contribution
 * supplémentaire à l'apprentissage (L6242-1) and CPF-CDD (L6331-6), from the dated rates.
 */
export function contributionsFormation(droit: Droit, s: SituationContributions): Contributions {
  const j = jour(s.date);
  const references: Reference[] = [];
  const v = (id: string): number | readonly number[] | undefined => {
    const t = droit.trouver(`contributions.${id}`, j);
    if (!t) return undefined;
    references.push(...t.valeur.references);
    return t.valeur.valeur as number | readonly number[];
  };
  const n = (id: string): number => {
    const x = v(id);
    if (typeof x !== 'number') throw new RangeError(`contributions.${id} indéfini au ${s.date}`);
    return x;
  };
  const c = (taux: number) => Math.round(s.assiette * 100 * taux);
  const cfp = c(
    s.effectif < n('cfp.seuil_effectif')
      ? n('cfp.taux_moins_11_salaries')
      : n('cfp.taux_11_salaries_et_plus'),
  );
  let taBase: number;
  let taSolde: number | null;
  const tauxTa = s.alsaceMoselle
    ? n('taxe_apprentissage.taux_alsace_moselle')
    : n('taxe_apprentissage.taux');
  if (s.alsaceMoselle) {
    taBase = c(tauxTa);
    taSolde = null;
  } else {
    const solde = n('taxe_apprentissage.taux_solde');
    taBase = c(n('taxe_apprentissage.taux') - solde);
    taSolde = c(solde);
  }
  let csa: number | null = null;
  let tauxCsa = 0;
  if (s.effectif >= n('csa.seuil_effectif')) {
    const bareme = v('csa.bareme') as readonly number[];
    let taux = 0;
    for (let i = 0; i + 1 < bareme.length; i += 2)
      if (s.partAlternants < (bareme[i] as number)) {
        taux = bareme[i + 1] as number;
        break;
      }
    if (s.partAlternants < (bareme[0] as number) && s.effectif > n('csa.seuil_grande_entreprise'))
      taux = n('csa.taux_grande_entreprise_moins_1_pc');
    if (s.alsaceMoselle) taux *= n('csa.coefficient_alsace_moselle');
    csa = c(taux);
    tauxCsa = taux;
  }
  const cpfCdd = s.cdd ? c(n('cpf_cdd.taux')) : null;
  // The total is rounded once on the summed rates (as modele-social does), not summed from parts.
  return { cfp, taBase, taSolde, csa, taTotal: c(tauxTa + tauxCsa), cpfCdd, references };
}
