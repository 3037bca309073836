import { jour, type Droit } from '../../moteur/index.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type {
  ContratDuMaitre,
  HabilitationsCertification,
  ReferentielsDossier,
} from '../referentiels-formation/index.ts';
import { resultat } from './controles.ts';
import { nombreAu } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/**
 * Two checks whose facts come from outside the dossier, gathered by the adapter (service,
 * bulk instruction) and given to these pure functions through `ReferentielsDossier`:
 * - R6223-6: at most two apprentices at a time per maître d'apprentissage, plus one whose
 *   training is prolonged after an exam failure (the other contracts of the same maître);
 * - D6224-2 6°, R6113-16: the training body is habilitated to prepare the certification (the
 *   « Partenaires » file of the RNCP open data).
 * Neither refuses on its own (conventions `dossiers.maitre_nombre_apprentis` and
 * `dossiers.habilitation_organisme`, docs/dossiers.md).
 */

/** Ids of the law parameters read here (droit/parametres/dossiers/apprentissage). */
export const PM = {
  maitreMaximum: 'dossiers.apprentissage.maitre_apprentis_maximum',
  maitreSupplementaire: 'dossiers.apprentissage.maitre_apprentis_supplementaires_prolongation',
  habilitationControlee: 'dossiers.apprentissage.habilitation_organisme_controlee',
} as const;

/** A name as compared across dossiers: no accents, upper case, one space between words. */
export function normaliserNom(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** Identity of a maître d'apprentissage across dossiers: nom, prénom, date de naissance. */
export function cleMaitre(m: { nom: string; prenom: string; dateNaissance: string }): string {
  return `${normaliserNom(m.nom)}|${normaliserNom(m.prenom)}|${m.dateNaissance}`;
}

/** States of a dossier whose contract counts as current (the others never ran or are over). */
const ETATS_EN_COURS: ReadonlySet<string> = new Set([
  'transmis',
  'incomplet',
  'en_cours_instruction',
  'engage',
  'rompu',
]);

/** True when the other contract runs on `date` (a broken contract runs until its rupture takes effect, excluded). */
export function contratCouvre(c: ContratDuMaitre, date: string): boolean {
  if (!ETATS_EN_COURS.has(c.etat)) return false;
  if (c.dateDebut > date || c.dateFin < date) return false;
  if (c.etat === 'rompu') return c.dateRupture !== null && c.dateRupture > date;
  return true;
}

const estProlongation = (typeContrat: string) => typeContrat === '33';

/**
 * R6223-6 for each maître of the contract: the other current contracts of the same maître on
 * the start date, plus this one. At most `maximum` (2), and `supplementaire` (1) more when the
 * extra apprentice is one whose training is prolonged after an exam failure (avenant 33).
 * Beyond: « à vérifier », never a refusal (convention: R6223-6 is not in the D6224-2 list, an
 * individual derogation of R6223-7 is not known to the platform, and the identity rests on
 * names). Not run when the adapter gave no facts.
 */
export function controleNombreApprentis(
  droit: Droit,
  c: CerfaFa13,
  r: ReferentielsDossier,
): ResultatControle[] {
  const faits = r.contratsDesMaitres;
  if (faits === undefined) return [];
  const code = 'maitre.nombre_apprentis';
  const debut = c.contrat.dateDebut;
  const maximum = nombreAu(droit, PM.maitreMaximum, debut);
  const supplementaire = nombreAu(droit, PM.maitreSupplementaire, debut) ?? 0;
  return c.maitres.map((m, i) => {
    const champ = `maitres.${i}.nom`;
    const qui = `Maître d'apprentissage n° ${i + 1} (${m.prenom} ${m.nom}, né(e) le ${m.dateNaissance})`;
    if (maximum === undefined)
      return resultat(code, 'a_verifier', `${qui} : plafond non défini au ${debut}.`, champ);
    const autres = (faits[i] ?? []).filter((x) => contratCouvre(x, debut));
    const total = autres.length + 1;
    const prolonges =
      autres.filter((x) => estProlongation(x.typeContrat)).length +
      (estProlongation(c.contrat.typeContrat) ? 1 : 0);
    const liste = autres
      .map((x) => `${x.dossierId} (${x.etat}, du ${x.dateDebut} au ${x.dateFin})`)
      .join(', ');
    if (total <= maximum)
      return resultat(
        code,
        'conforme',
        `${qui} : ${total} apprenti(s) au ${debut} avec ce contrat${autres.length ? ` (autres contrats : ${liste})` : ''}, ${maximum} au plus.`,
        champ,
      );
    const nonProlonges = total - prolonges;
    if (nonProlonges <= maximum && total <= maximum + supplementaire)
      return resultat(
        code,
        'conforme',
        `${qui} : ${total} apprentis au ${debut} avec ce contrat (autres contrats : ${liste}), dont ${prolonges} dont la formation est prolongée après un échec à l'examen : ${maximum} + ${supplementaire} au plus.`,
        champ,
      );
    return resultat(
      code,
      'a_verifier',
      `${qui} : ${total} apprentis au ${debut} avec ce contrat (autres contrats : ${liste}), plus que les ${maximum} permis (+ ${supplementaire} dont la formation est prolongée après un échec). Un gestionnaire vérifie l'identité du maître et une éventuelle dérogation individuelle (R6223-7).`,
      champ,
    );
  });
}

const HABILITE_A_FORMER: ReadonlySet<string> = new Set([
  'HABILITATION_FORMER',
  'HABILITATION_ORGA_FORM',
]);

/**
 * D6224-2 6° (contracts concluded from the date of the dated parameter, 2024-08-01): the body
 * that trains (CFA, or the place of training when given) is habilitated by the certifier to
 * prepare the certification, as the RNCP « Partenaires » file lists it. Habilitated to train
 * (FORMER or ORGA_FORM) → conforme. No list imported, or unknown certification → à vérifier.
 * Listed but not for training, another establishment of the same SIREN, or absent from a
 * non-empty list → à vérifier (convention: the file carries neither the certifiers — a
 * certifier training for its own certification is no partner — nor the dates of the
 * habilitations). A fiche « enregistrement de droit » with no habilitation published →
 * conforme (« le cas échéant »: no habilitation to check).
 */
export function controleHabilitation(
  droit: Droit,
  c: CerfaFa13,
  r: ReferentielsDossier,
): ResultatControle | null {
  const h = r.habilitations;
  if (h === undefined) return null;
  const conclusion = c.contrat.dateConclusion;
  if (droit.trouver(PM.habilitationControlee, jour(conclusion))?.valeur.valeur !== true)
    return null;
  const code = 'formation.habilitation_organisme';
  const champ = 'formation.organisme.siret';
  const rncp = c.formation.rncp;
  if (!rncp)
    return resultat(
      code,
      'a_verifier',
      'Aucun code RNCP : un gestionnaire vérifie que l’organisme est habilité à préparer la certification.',
      'formation.rncp',
    );
  if (h === null)
    return resultat(
      code,
      'a_verifier',
      `La liste des organismes habilités du RNCP (fichier « Partenaires ») n'est pas chargée : un gestionnaire vérifie que l'organisme est habilité à préparer ${rncp}.`,
      champ,
    );
  const cert = r.certification;
  if (!cert)
    return resultat(
      code,
      'a_verifier',
      `La certification ${rncp} est absente du référentiel RNCP chargé : un gestionnaire vérifie l'habilitation de l'organisme.`,
      'formation.rncp',
    );
  const sirets = [c.formation.organisme.siret, c.formation.lieuFormation?.siret].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return lireHabilitation(code, champ, cert.codeRncp, cert.typeEnregistrement ?? null, h, sirets);
}

function lireHabilitation(
  code: 'formation.habilitation_organisme',
  champ: string,
  rncp: string,
  typeEnregistrement: string | null,
  h: HabilitationsCertification,
  sirets: readonly string[],
): ResultatControle {
  const extraction = h.millesime ? ` (extraction du ${h.millesime})` : '';
  const formateur = h.partenaires.find(
    (p) => p.siret !== null && sirets.includes(p.siret) && HABILITE_A_FORMER.has(p.habilitation),
  );
  if (formateur)
    return resultat(
      code,
      'conforme',
      `${formateur.nom} (${formateur.siret}) est habilité à former pour ${rncp} au RNCP${extraction}.`,
      champ,
    );
  if (h.partenaires.length === 0) {
    if (typeEnregistrement !== null && /de droit/i.test(typeEnregistrement))
      return resultat(
        code,
        'conforme',
        `${rncp} est enregistrée de droit et le RNCP ne publie aucun organisme habilité${extraction} : pas d'habilitation à contrôler (D6224-2 6°, « le cas échéant »).`,
        champ,
      );
    return resultat(
      code,
      'a_verifier',
      `Le RNCP ne publie aucun organisme habilité pour ${rncp}${extraction} : un gestionnaire vérifie si le certificateur habilite des organismes et si celui-ci en fait partie (ou est le certificateur).`,
      champ,
    );
  }
  const autre = h.partenaires.find((p) => p.siret !== null && sirets.includes(p.siret));
  if (autre)
    return resultat(
      code,
      'a_verifier',
      `${autre.nom} (${autre.siret}) figure au RNCP pour ${rncp} avec l'habilitation ${autre.habilitation}${extraction}, pas celle de former : un gestionnaire vérifie.`,
      champ,
    );
  const sirens = new Set(sirets.map((s) => s.slice(0, 9)));
  const memeSiren = h.partenaires.find((p) => p.siret !== null && sirens.has(p.siret.slice(0, 9)));
  if (memeSiren)
    return resultat(
      code,
      'a_verifier',
      `L'établissement ${sirets.join(', ')} n'est pas listé pour ${rncp}, mais ${memeSiren.nom} (${memeSiren.siret}, même SIREN) l'est avec ${memeSiren.habilitation}${extraction} : un gestionnaire vérifie l'établissement habilité.`,
      champ,
    );
  return resultat(
    code,
    'a_verifier',
    `L'organisme ${sirets.join(', ')} n'est pas parmi les ${h.partenaires.length} organisme(s) habilité(s) pour ${rncp} au RNCP${extraction} : un gestionnaire vérifie (le certificateur lui-même n'y figure pas, une habilitation récente peut manquer) ; s'il n'est pas habilité, le refus est motivé par D6224-2 6°.`,
    champ,
  );
}
