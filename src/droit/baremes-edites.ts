import { lireParametre } from '../moteur/chargement/parametres.ts';
import { CHAMPS_BAREME, listerBaremes } from '../moteur/dispositifs/baremes.ts';
import { Droit, type Parametre } from '../moteur/index.ts';
import { ErreurOpco, estErreurOpco } from '../partage/erreurs.ts';

/**
 * Barèmes edited through the API: validated by the law loader (lireParametre, the same checks as
 * droit/parametres: dated values, units, references), then overlaid on the loaded law.
 */
const UNITES: Record<string, readonly string[]> = {
  opco: ['texte'],
  libelle: ['texte'],
  tranches_effectif: ['liste salariés'],
  enveloppes: ['liste EUR'],
  enveloppe_inclut_frais_annexes: ['booleen'],
  plafond_horaire_pedagogique: ['EUR'],
  salaire_pris_en_charge: ['booleen'],
  plafond_horaire_salaire: ['EUR'],
  salaire_effectif_max: ['salariés'],
  frais_annexes_pris_en_charge: ['booleen'],
  frais_annexes_taux_max: ['ratio'],
  frais_annexes_plafond: ['EUR'],
  heures_max: ['heures'],
  heures_min: ['heures'],
};
void CHAMPS_BAREME;

const refus = (champ: string, probleme: string): never => {
  throw new ErreurOpco('ERR_VALIDATION', { detail: `${champ} : ${probleme}`, champ });
};

/** Checks a barème's fields (each one a parameter file, as JSON) and returns its parameters. */
export function validerBareme(
  base: Droit,
  dispositif: string,
  bareme: string,
  champs: Record<string, unknown>,
): Parametre[] {
  if (listerBaremes(base, dispositif).includes(bareme))
    refus(
      'params.bareme',
      `« ${bareme} » est un barème publié dans droit/ : choisir un autre identifiant`,
    );
  for (const requis of ['opco', 'libelle'])
    if (!(requis in champs)) refus(`body.champs.${requis}`, 'champ obligatoire');
  if ('tranches_effectif' in champs !== 'enveloppes' in champs)
    refus('body.champs.enveloppes', 'tranches_effectif et enveloppes vont ensemble');
  const out: Parametre[] = [];
  for (const [champ, contenu] of Object.entries(champs)) {
    const unites = UNITES[champ];
    if (unites === undefined)
      return refus(
        `body.champs.${champ}`,
        `champ inconnu (permis : ${Object.keys(UNITES).join(', ')})`,
      );
    let p: Parametre;
    try {
      p = lireParametre(`${dispositif}/baremes/${bareme}/${champ}.yaml`, JSON.stringify(contenu));
    } catch (e) {
      if (estErreurOpco(e) && e.code === 'ERR_PARAMETRE_INVALIDE') {
        return refus(
          `body.champs.${champ}.${String(e.info.chemin ?? '')}`,
          String(e.info.probleme ?? e.message),
        );
      }
      throw e;
    }
    if (!unites.includes(p.unite))
      refus(`body.champs.${champ}.unite`, `unité « ${unites.join(' » ou « ')} » attendue`);
    out.push(p);
  }
  const tranches = out.find((p) => p.id.endsWith('.tranches_effectif'));
  const enveloppes = out.find((p) => p.id.endsWith('.enveloppes'));
  if (tranches && enveloppes)
    for (const v of tranches.valeurs) {
      const e = enveloppes.valeurs.find((x) => x.depuis === v.depuis);
      if (!e || !Array.isArray(e.valeur) || !Array.isArray(v.valeur))
        refus(`body.champs.enveloppes.valeurs.${v.depuis}`, 'une enveloppe par date de tranches');
      else if (e.valeur.length !== v.valeur.length)
        refus(
          `body.champs.enveloppes.valeurs.${v.depuis}.valeur`,
          'autant d’enveloppes que de tranches',
        );
    }
  return out;
}

/** The law with the edited barèmes' parameters added (latest version of each). */
export function droitAvecBaremes(
  base: Droit,
  versions: readonly { dispositif: string; bareme: string; contenu: string }[],
): Droit {
  if (versions.length === 0) return base;
  const parametres = new Map(base.parametres);
  for (const v of versions) {
    const champs = JSON.parse(v.contenu) as Record<string, unknown>;
    for (const [champ, contenu] of Object.entries(champs)) {
      const p = lireParametre(
        `${v.dispositif}/baremes/${v.bareme}/${champ}.yaml`,
        JSON.stringify(contenu),
      );
      parametres.set(p.id, p);
    }
  }
  return new Droit(parametres, base.dispositifs);
}
