import type { Noeud } from '../explication.ts';
import type { Reference } from '../parametres/types.ts';
import type { RegimeApprentissage } from './regime.ts';

export function nonNuls(...ns: (Noeud | null)[]): Noeud[] {
  return ns.filter((n): n is Noeud => n !== null);
}

/**
 * Builds explanation nodes for parameters and records the references consulted. A class, not
 * closures: closures created on every evaluation cost more than the rule itself.
 */
export class Trace {
  constructor(
    private readonly r: RegimeApprentissage,
    private readonly refs: Reference[],
  ) {}

  param(id: string, libelle: string, unite?: string): Noeud | null {
    const v = this.r.sources.get(`apprentissage.${id}`);
    if (!v) return null;
    this.refs.push(...v.valeur.references);
    const valeur = v.valeur.valeur;
    return {
      nature: 'parametre',
      code: v.parametre.id,
      libelle,
      valeur: Array.isArray(valeur) ? valeur.join(' / ') : (valeur as number | string | boolean),
      ...(unite ? { unite } : v.parametre.unite ? { unite: v.parametre.unite } : {}),
      depuis: v.valeur.depuis,
      references: v.valeur.references,
      ...(v.parametre.convention ? { convention: true } : {}),
    };
  }

  article(article: string, titre: string): void {
    this.refs.push({
      article,
      titre,
      url: 'https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050',
    });
  }
}
