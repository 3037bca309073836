import { ajouterMois, iso, jour, type Droit } from '../../moteur/index.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type { ReferentielsDossier } from '../referentiels-formation/index.ts';
import { resultat } from './controles.ts';
import { nombreAu, P } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/** Checks of an apprenticeship contract on its training: certification, CFA, Qualiopi. */

export function controleCertification(c: CerfaFa13, r: ReferentielsDossier): ResultatControle {
  const code = 'formation.certification';
  const champ = 'formation.rncp';
  const cert = r.certification;
  const debut = c.contrat.dateDebut;
  if (!cert)
    return resultat(
      code,
      'a_verifier',
      `La certification ${c.formation.rncp} est absente du référentiel RNCP chargé : un gestionnaire vérifie qu'elle est enregistrée et ouverte à l'apprentissage.`,
      champ,
    );
  if (
    (cert.actifDu !== null && cert.actifDu > debut) ||
    (cert.actifAu !== null && cert.actifAu < debut)
  )
    return resultat(
      code,
      'bloquant',
      `La certification ${cert.codeRncp} n'est pas active au ${debut} (enregistrée du ${cert.actifDu ?? '—'} au ${cert.actifAu ?? '—'}).`,
      champ,
    );
  if (!cert.ouverteApprentissage)
    return resultat(
      code,
      'bloquant',
      `La certification ${cert.codeRncp} n'est pas ouverte à l'apprentissage.`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `${cert.codeRncp} « ${cert.intitule} » est active au ${debut} et ouverte à l'apprentissage.`,
    champ,
  );
}

export function controleDebutCfa(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'formation.debut_cfa';
  const champ = 'formation.dateDebut';
  const delai = nombreAu(droit, P.app.delaiDebutFormationMois, c.contrat.dateConclusion);
  if (delai === undefined)
    return resultat(code, 'a_verifier', 'Délai non défini à cette date.', champ);
  const debut = jour(c.contrat.dateDebut);
  const limite = iso(ajouterMois(debut, delai));
  const avantMin = iso(ajouterMois(debut, -delai));
  const d = c.formation.dateDebut;
  if (d > limite)
    return resultat(
      code,
      'bloquant',
      `Formation en CFA le ${d}, plus de ${delai} mois après le début du contrat (au plus tard le ${limite}).`,
      champ,
    );
  if (d < avantMin)
    return resultat(
      code,
      'avertissement',
      `Formation en CFA commencée le ${d}, plus de ${delai} mois avant le contrat : la période sans employeur de L6222-12-1 est limitée à ${delai} mois.`,
      champ,
    );
  return resultat(code, 'conforme', `Formation en CFA le ${d} (au plus tard le ${limite}).`, champ);
}

/**
 * L6211-2 al. 4: the training in the CFA lasts at least 25 % of the contract's total duration,
 * subject to the certifier's rules. The CERFA gives the training in hours and the working time
 * per week: the contract's total duration in hours is the weekly working time × its calendar
 * days / 7 (convention `dossiers.duree_cfa_heures`, docs/conventions.md). Below the share the
 * check cannot refuse on its own (the certifier may set other rules): à vérifier, with figures.
 */
export function controleDureeCfa(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'formation.duree_cfa';
  const champ = 'formation.dureeHeures';
  const part = nombreAu(droit, P.app.partMinimumFormationCfa, c.contrat.dateConclusion);
  if (part === undefined)
    return resultat(code, 'a_verifier', 'Part minimale non définie à cette date.', champ);
  const hebdo = c.contrat.dureeHebdoHeures + (c.contrat.dureeHebdoMinutes ?? 0) / 60;
  const jours = jour(c.contrat.dateFin) - jour(c.contrat.dateDebut) + 1;
  if (hebdo <= 0 || jours <= 0)
    return resultat(
      code,
      'a_verifier',
      'Durée hebdomadaire du travail ou dates du contrat absentes : la part de la formation en CFA ne peut être calculée.',
      'contrat.dureeHebdoHeures',
    );
  const totalHeures = Math.round((hebdo * jours) / 7);
  const minimum = Math.ceil((totalHeures * part) / 100);
  const h = c.formation.dureeHeures;
  const pourcent = String(Math.round((h / totalHeures) * 1000) / 10).replace('.', ',');
  if (h < minimum)
    return resultat(
      code,
      'a_verifier',
      `Formation en CFA de ${h} h, soit ${pourcent} % des ${totalHeures} h du contrat (${hebdo} h par semaine sur ${jours} jours) : moins de ${part} % (${minimum} h), possible seulement si les règles du certificateur le prévoient.`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `Formation en CFA de ${h} h, soit ${pourcent} % des ${totalHeures} h du contrat (au moins ${part} %, ${minimum} h).`,
    champ,
  );
}

export function controleQualiopi(
  droit: Droit,
  c: CerfaFa13,
  r: ReferentielsDossier,
): ResultatControle {
  const code = 'cfa.qualiopi';
  const champ = 'formation.organisme.siret';
  const o = r.organisme;
  const debut = c.contrat.dateDebut;
  if (!o)
    return resultat(
      code,
      'a_verifier',
      `L'organisme ${c.formation.organisme.siret} est absent de la liste publique des organismes de formation chargée : un gestionnaire vérifie sa certification.`,
      champ,
    );
  const certifie = o.certificats.some(
    (q) =>
      q.categories.includes('apprentissage') && q.du <= debut && (q.au === null || q.au >= debut),
  );
  if (certifie)
    return resultat(
      code,
      'conforme',
      `${o.raisonSociale} est certifié Qualiopi pour l'apprentissage au ${debut}.`,
      champ,
    );
  const grace = nombreAu(droit, P.app.qualiopiDispenseMois, debut);
  if (grace !== undefined && o.dateDeclaration !== null) {
    const fin = iso(ajouterMois(jour(o.dateDeclaration), grace));
    if (o.dateDeclaration <= debut && debut < fin)
      return resultat(
        code,
        'avertissement',
        `${o.raisonSociale} n'est pas certifié pour l'apprentissage au ${debut} mais a déclaré son activité le ${o.dateDeclaration} : financement possible jusqu'au ${fin} (R6316-9), sous réserve de transmettre dans les deux mois le contrat conclu avec son certificateur.`,
        champ,
      );
  }
  const observe = r.qualiopiObserveDepuis;
  if (observe === null || (observe !== undefined && debut < observe))
    return resultat(
      code,
      'a_verifier',
      `La liste publique des organismes de formation chargée ne renseigne pas la certification de ${o.raisonSociale} au ${debut}${observe ? ` (première extraction : ${observe})` : ''} : un gestionnaire la vérifie.`,
      champ,
    );
  return resultat(
    code,
    'bloquant',
    `${o.raisonSociale} n'est pas certifié Qualiopi pour les actions de formation par apprentissage au ${debut}.`,
    champ,
  );
}
