import { jour } from '../dates.ts';
import type { Droit } from '../parametres/droit.ts';
import type { Reference } from '../parametres/types.ts';

/**
 * OPCO barèmes as dated parameters: `<dispositif>.baremes.<id>.<champ>` (droit/parametres/
 * <dispositif>/baremes/<id>/<champ>.yaml, same loader as every parameter). This module only
 * reads the barème in force at a date and picks the size band; the rules do the arithmetic.
 */
export interface BaremeResolu {
  id: string;
  opco: string | null;
  libelle: string | null;
  enVigueur: boolean;
  /** Index of the size band, null when the barème has bands and none covers the headcount. */
  tranche: { jusquA: number; enveloppe: number } | null;
  /** Inputs of the rules (`bareme.*` of the situation), money in euros. */
  entrees: Record<string, number | boolean | undefined>;
  /** References of every barème value applied (the OPCO publication, its date). */
  references: Reference[];
  depuis: string | null;
}

export const CHAMPS_BAREME = {
  enveloppe_inclut_frais_annexes: 'enveloppeInclutFraisAnnexes',
  plafond_horaire_pedagogique: 'plafondHorairePedagogique',
  salaire_pris_en_charge: 'salairePrisEnCharge',
  plafond_horaire_salaire: 'plafondHoraireSalaire',
  salaire_effectif_max: 'salaireEffectifMax',
  frais_annexes_pris_en_charge: 'fraisAnnexesPrisEnCharge',
  frais_annexes_taux_max: 'fraisAnnexesTauxMax',
  frais_annexes_plafond: 'fraisAnnexesPlafond',
  heures_max: 'heuresMax',
  heures_min: 'heuresMin',
} as const;

/** Ids of the barèmes of a scheme (every `<dispositif>.baremes.<id>.opco` parameter). */
export function listerBaremes(droit: Droit, dispositif: string): string[] {
  const prefixe = `${dispositif}.baremes.`;
  const ids = new Set<string>();
  for (const id of droit.parametres.keys())
    if (id.startsWith(prefixe) && id.endsWith('.opco'))
      ids.add(id.slice(prefixe.length, -'.opco'.length));
  return [...ids].sort();
}

export function resoudreBareme(
  droit: Droit,
  dispositif: string,
  id: string,
  date: string,
  effectif: number,
): BaremeResolu {
  const j = jour(date);
  const base = `${dispositif}.baremes.${id}.`;
  const references: Reference[] = [];
  let depuis: string | null = null;
  const lire = (champ: string) => {
    if (!droit.parametres.has(base + champ)) return undefined;
    const t = droit.trouver(base + champ, j);
    if (!t) return undefined;
    for (const r of t.valeur.references) references.push({ ...r, depuis: t.valeur.depuis });
    if (depuis === null || t.valeur.depuis > depuis) depuis = t.valeur.depuis;
    return t.valeur.valeur;
  };
  const opco = lire('opco');
  const libelle = lire('libelle');
  const enVigueur = typeof opco === 'string';
  const entrees: Record<string, number | boolean | undefined> = { enVigueur };
  let tranche: BaremeResolu['tranche'] = null;
  if (enVigueur) {
    const bornes = lire('tranches_effectif');
    const enveloppes = lire('enveloppes');
    if (Array.isArray(bornes) && Array.isArray(enveloppes)) {
      const i = bornes.findIndex((b) => effectif < b);
      const e = i >= 0 ? enveloppes[i] : undefined;
      if (i >= 0 && e !== undefined) tranche = { jusquA: bornes[i] as number, enveloppe: e };
      entrees.trancheCouverte = tranche !== null;
      if (tranche) entrees.enveloppe = tranche.enveloppe;
    } else entrees.trancheCouverte = true;
    for (const [champ, cle] of Object.entries(CHAMPS_BAREME)) {
      const v = lire(champ);
      if (typeof v === 'number' || typeof v === 'boolean') entrees[cle] = v;
    }
  }
  return {
    id,
    opco: typeof opco === 'string' ? opco : null,
    libelle: typeof libelle === 'string' ? libelle : null,
    enVigueur,
    tranche,
    entrees,
    references,
    depuis,
  };
}
