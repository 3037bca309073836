import { ajouterMois, iso, jour, salaireApprentiRapide, type Droit } from '../../moteur/index.ts';
import { ageAu } from '../../moteur/mecanismes/calendrier.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type { ReferentielsDossier } from '../referentiels-formation/index.ts';
import { resultat } from './controles.ts';
import { controleHabilitation, controleNombreApprentis } from './controles-maitre-habilitation.ts';
import { nombreAu, P } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/**
 * The automatic instruction of an apprenticeship contract: every check D6224-2 lists, and the
 * texts it points to, as one function each returning a result with its citations. Pure: the
 * reference records come already looked up (ReferentielsDossier), the law through `droit`.
 */

const euros = (c: number) =>
  `${(c / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

/** Causes of rupture « indépendantes de la volonté de l'apprenti » (D6222-1 3°). */
const CAUSES_INDEPENDANTES: ReadonlySet<string> = new Set([
  'cessation_activite',
  'faute_employeur',
  'suspension',
  'liquidation_judiciaire',
]);

const estAvenant = (c: CerfaFa13) => c.contrat.typeContrat.startsWith('3');

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

export function controleAgeMinimum(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'apprenti.age_minimum';
  const champ = 'apprenti.dateNaissance';
  const debut = c.contrat.dateDebut;
  // The engine's parameters of L6222-1 (the same verifierAgeMinimum reads), without its
  // explanation tree: this check runs on every dossier of a bulk instruction.
  const cycle = c.apprenti.premierCycleSecondaireAcheve;
  const minimum = nombreAu(droit, cycle ? P.app.ageMinimumPremierCycle : P.app.ageMinimum, debut);
  if (minimum === undefined)
    return resultat(code, 'a_verifier', `Âge minimum non fixé au ${debut}.`, champ);
  const age = ageAu(jour(c.apprenti.dateNaissance), jour(debut));
  if (age < minimum)
    return resultat(
      code,
      'bloquant',
      `L'apprenti a ${age} ans au début de l'apprentissage (${debut}) : ${minimum} ans au moins sont exigés${cycle ? '' : " (moins s'il justifie avoir accompli le premier cycle de l'enseignement secondaire)"}.`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `${age} ans au ${debut} : âge minimum de ${minimum} ans atteint.`,
    champ,
  );
}

export function controleAgeMaximum(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'apprenti.age_maximum';
  const champ = 'apprenti.dateNaissance';
  const debut = c.contrat.dateDebut;
  const max = nombreAu(droit, P.app.ageMaximum, debut);
  if (max === undefined)
    return resultat(
      code,
      'a_verifier',
      `Âge maximum non fixé au ${debut} dans le droit chargé.`,
      champ,
    );
  const naissance = jour(c.apprenti.dateNaissance);
  const age = ageAu(naissance, jour(debut));
  if (age <= max)
    return resultat(
      code,
      'conforme',
      `${age} ans au début de l'apprentissage (${max} ans révolus au plus).`,
      champ,
    );
  if (c.contrat.typeContrat === '33')
    return resultat(
      code,
      'conforme',
      `${age} ans : prolongation après un échec à l'examen, la limite d'âge ne s'y oppose pas (L6222-11).`,
      champ,
    );
  const a = c.apprenti;
  const cause = c.contrat.causeDerogationAge;
  if (a.handicap || cause === 'travailleur_handicape')
    return resultat(
      code,
      'conforme',
      `${age} ans : travailleur handicapé, pas de limite d'âge (L6222-2 3°).`,
      champ,
    );
  if (a.projetCreationRepriseEntreprise || cause === 'creation_reprise')
    return resultat(
      code,
      'conforme',
      `${age} ans : projet de création ou de reprise d'entreprise (L6222-2 4°).`,
      champ,
    );
  if (a.sportifHautNiveau || cause === 'sportif_haut_niveau')
    return resultat(code, 'conforme', `${age} ans : sportif de haut niveau (L6222-2 5°).`, champ);
  if (cause !== 'diplome_superieur' && cause !== 'rupture_independante')
    return resultat(
      code,
      'bloquant',
      `L'apprenti a ${age} ans au début de l'apprentissage (${debut}) : plus de ${max} ans révolus, sans aucun des cas de L6222-2.`,
      champ,
    );
  return derogationTrenteCinqAns(droit, c, cause);
}

/** L6222-2 1° and 2° with D6222-1: at most 35 at conclusion, within a year of the previous contract. */
function derogationTrenteCinqAns(
  droit: Droit,
  c: CerfaFa13,
  cause: 'diplome_superieur' | 'rupture_independante',
): ResultatControle {
  const code = 'apprenti.age_maximum';
  const conclusion = c.contrat.dateConclusion;
  const max = nombreAu(droit, P.app.ageMaximumDerogation, conclusion);
  const delai = nombreAu(droit, P.app.delaiContratPrecedentMois, conclusion);
  if (max === undefined || delai === undefined)
    return resultat(
      code,
      'a_verifier',
      `Dérogation d'âge non définie pour un contrat conclu le ${conclusion}.`,
    );
  const age = ageAu(jour(c.apprenti.dateNaissance), jour(conclusion));
  if (age > max)
    return resultat(
      code,
      'bloquant',
      `L'apprenti a ${age} ans à la conclusion (${conclusion}) : la dérogation de L6222-2 ${cause === 'diplome_superieur' ? '1°' : '2°'} exige ${max} ans au plus (D6222-1 1°).`,
      'apprenti.dateNaissance',
    );
  const prec = c.contrat.contratPrecedent;
  if (!prec)
    return resultat(
      code,
      'bloquant',
      'Dérogation à la limite d’âge demandée sans le précédent contrat (date de fin) : D6222-1 2° exige un contrat souscrit dans l’année.',
      'contrat.contratPrecedent',
    );
  const limite = iso(ajouterMois(jour(prec.dateFin), delai));
  if (conclusion > limite)
    return resultat(
      code,
      'bloquant',
      `Contrat conclu le ${conclusion}, plus de ${delai} mois après la fin du précédent (${prec.dateFin}) : D6222-1 2°.`,
      'contrat.dateConclusion',
    );
  if (cause === 'diplome_superieur') {
    if (prec.niveauDiplome === undefined)
      return resultat(
        code,
        'a_verifier',
        'Niveau du diplôme du précédent contrat non renseigné : un gestionnaire vérifie que le nouveau diplôme est de niveau supérieur.',
        'contrat.contratPrecedent.niveauDiplome',
      );
    if (c.formation.niveau <= prec.niveauDiplome)
      return resultat(
        code,
        'bloquant',
        `Le diplôme préparé (niveau ${c.formation.niveau}) n'est pas de niveau supérieur à celui du précédent contrat (niveau ${prec.niveauDiplome}) : L6222-2 1°.`,
        'formation.niveau',
      );
    return resultat(
      code,
      'conforme',
      `${age} ans à la conclusion : contrat vers un diplôme de niveau supérieur, dans l'année du précédent (L6222-2 1°, D6222-1).`,
    );
  }
  if (!prec.motifRupture)
    return resultat(
      code,
      'a_verifier',
      'Motif de rupture du précédent contrat non renseigné : un gestionnaire vérifie qu’il est indépendant de la volonté de l’apprenti (D6222-1 3°).',
      'contrat.contratPrecedent.motifRupture',
    );
  if (!CAUSES_INDEPENDANTES.has(prec.motifRupture))
    return resultat(
      code,
      'bloquant',
      `Le motif de rupture du précédent contrat n'est pas une cause indépendante de la volonté de l'apprenti (D6222-1 3°).`,
      'contrat.contratPrecedent.motifRupture',
    );
  return resultat(
    code,
    'conforme',
    `${age} ans à la conclusion : rupture du précédent contrat pour une cause indépendante de la volonté de l'apprenti, dans l'année (L6222-2 2°, D6222-1).`,
  );
}

export function controleDuree(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'contrat.duree';
  const champ = 'contrat.dateFin';
  const conclusion = c.contrat.dateConclusion;
  const min = nombreAu(droit, P.app.dureeMinimumMois, conclusion);
  const max = nombreAu(droit, P.app.dureeMaximumMois, conclusion);
  const prolongation = nombreAu(droit, P.app.prolongationMaximumMois, conclusion) ?? 0;
  if (min === undefined || max === undefined)
    return resultat(code, 'a_verifier', `Durées légales non définies au ${conclusion}.`);
  const debut = jour(c.contrat.dateDebut);
  const finPlusUn = jour(c.contrat.dateFin) + 1;
  if (finPlusUn <= debut)
    return resultat(code, 'bloquant', 'La date de fin précède la date de début du contrat.', champ);
  const maxRetenu = ['33', '34'].includes(c.contrat.typeContrat) ? max + prolongation : max;
  const tropCourt = finPlusUn < ajouterMois(debut, min);
  const tropLong = finPlusUn > ajouterMois(debut, maxRetenu);
  const periode = `du ${c.contrat.dateDebut} au ${c.contrat.dateFin}`;
  if (!tropCourt && !tropLong)
    return resultat(
      code,
      'conforme',
      `Contrat ${periode} : entre ${min} mois et ${maxRetenu} mois.`,
      champ,
    );
  const derogation = c.contrat.typeDerogation;
  const sens = tropCourt ? `moins de ${min} mois` : `plus de ${maxRetenu} mois`;
  if (derogation === '21' || derogation === '22' || derogation === '50') {
    if (!c.pieces.conventionTripartite)
      return resultat(
        code,
        'bloquant',
        `Contrat ${periode} : ${sens}, dérogation de durée sans la convention tripartite (L6222-7-1 al. 3).`,
        'pieces.conventionTripartite',
      );
    return resultat(
      code,
      'a_verifier',
      `Contrat ${periode} : ${sens}, sous convention tripartite ; un gestionnaire vérifie le motif de la dérogation (L6222-7-1 al. 3).`,
      champ,
    );
  }
  return resultat(code, 'bloquant', `Contrat ${periode} : ${sens} (L6222-7-1).`, champ);
}

export function controleConclusion(c: CerfaFa13): ResultatControle {
  const code = 'contrat.conclusion_avant_debut';
  const champ = 'contrat.dateConclusion';
  if (estAvenant(c))
    return resultat(
      code,
      'conforme',
      'Avenant : la date de conclusion est celle du contrat initial.',
      champ,
    );
  if (c.contrat.dateConclusion > c.contrat.dateDebut)
    return resultat(
      code,
      'bloquant',
      `Contrat signé le ${c.contrat.dateConclusion}, après le début de son exécution le ${c.contrat.dateDebut} : il doit être signé préalablement à l'emploi.`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `Signé le ${c.contrat.dateConclusion}, avant le début le ${c.contrat.dateDebut}.`,
    champ,
  );
}

export function controleFormationPratique(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'contrat.debut_formation_pratique';
  const champ = 'contrat.dateDebutFormationPratique';
  const delai = nombreAu(droit, P.app.delaiDebutFormationMois, c.contrat.dateConclusion);
  if (delai === undefined)
    return resultat(code, 'a_verifier', 'Délai non défini à cette date.', champ);
  const limite = iso(ajouterMois(jour(c.contrat.dateDebut), delai));
  const d = c.contrat.dateDebutFormationPratique;
  if (d < c.contrat.dateDebut)
    return resultat(
      code,
      'bloquant',
      `Formation pratique le ${d}, avant le début du contrat (${c.contrat.dateDebut}).`,
      champ,
    );
  if (d > limite)
    return resultat(
      code,
      'bloquant',
      `Formation pratique le ${d}, plus de ${delai} mois après le début du contrat (au plus tard le ${limite}).`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    `Formation pratique le ${d} (au plus tard le ${limite}).`,
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

export function controleMaitres(droit: Droit, c: CerfaFa13): ResultatControle[] {
  const majorite = nombreAu(droit, P.ageMajorite, c.contrat.dateDebut);
  const avec = nombreAu(droit, P.app.maitreExperienceAvecDiplome, c.contrat.dateConclusion);
  const sans = nombreAu(droit, P.app.maitreExperienceSansDiplome, c.contrat.dateConclusion);
  const r: ResultatControle[] = [];
  c.maitres.forEach((m, i) => {
    const qui = `Maître d'apprentissage n° ${i + 1} (${m.prenom} ${m.nom})`;
    const age = ageAu(jour(m.dateNaissance), jour(c.contrat.dateDebut));
    if (majorite === undefined)
      r.push(resultat('maitre.majeur', 'a_verifier', `${qui} : âge de la majorité non défini.`));
    else
      r.push(
        resultat(
          'maitre.majeur',
          age >= majorite ? 'conforme' : 'bloquant',
          age >= majorite
            ? `${qui} : ${age} ans au début du contrat.`
            : `${qui} : ${age} ans au début du contrat, il doit être majeur (${majorite} ans).`,
          `maitres.${i}.dateNaissance`,
        ),
      );
    if (avec === undefined || sans === undefined) return;
    const ok =
      (m.diplomeDuDomaineEtNiveau && m.anneesExperience >= avec) || m.anneesExperience >= sans;
    r.push(
      resultat(
        'maitre.competence',
        ok ? 'conforme' : 'a_verifier',
        ok
          ? `${qui} : ${m.anneesExperience} an(s) d'expérience${m.diplomeDuDomaineEtNiveau ? ' et un diplôme du domaine de niveau au moins équivalent' : ''}.`
          : `${qui} : ${m.anneesExperience} an(s) d'expérience, moins que les ${avec} an (avec diplôme du domaine) ou ${sans} ans exigés à défaut d'accord de branche ; un gestionnaire vérifie l'accord de branche applicable.`,
        `maitres.${i}.anneesExperience`,
      ),
    );
  });
  return r;
}

export function controleRepresentantLegal(droit: Droit, c: CerfaFa13): ResultatControle {
  const code = 'apprenti.representant_legal';
  const majorite = nombreAu(droit, P.ageMajorite, c.contrat.dateConclusion);
  if (majorite === undefined) return resultat(code, 'a_verifier', 'Âge de la majorité non défini.');
  const age = ageAu(jour(c.apprenti.dateNaissance), jour(c.contrat.dateConclusion));
  if (age >= majorite)
    return resultat(code, 'conforme', `Apprenti majeur à la signature (${age} ans).`);
  if (!c.apprenti.responsableLegal)
    return resultat(
      code,
      'bloquant',
      `Apprenti mineur à la signature (${age} ans) sans représentant légal : le contrat doit aussi être signé par lui.`,
      'apprenti.responsableLegal',
    );
  return resultat(code, 'conforme', `Apprenti mineur (${age} ans) : représentant légal renseigné.`);
}

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

export function controleOpposition(
  c:
    | CerfaFa13
    | { employeur: { siret: string }; contrat: { dateConclusion: string; dateDebut: string } },
  r: ReferentielsDossier,
): ResultatControle {
  const code = 'employeur.opposition';
  const champ = 'employeur.siret';
  const debut = c.contrat.dateDebut;
  const active = r.oppositions.find(
    (o) =>
      o.siret === c.employeur.siret &&
      o.du <= debut &&
      (o.au === null || o.au >= c.contrat.dateConclusion),
  );
  if (active)
    return resultat(
      code,
      'bloquant',
      `L'employeur ${active.siret} fait l'objet d'une ${active.nature} du ${active.du}${active.au ? ` au ${active.au}` : ''} (${active.reference}).`,
      champ,
    );
  return resultat(
    code,
    'conforme',
    'Aucune opposition, suspension ni interdiction connue pour cet employeur à ces dates.',
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

export function controleOpco(c: { opco: string }, r: ReferentielsDossier): ResultatControle {
  const code = 'employeur.opco';
  const champ = 'opco';
  if (r.opcoAttendu === null)
    return resultat(
      code,
      'a_verifier',
      "L'OPCO de l'employeur n'a pas pu être déterminé (SIRET et IDCC) : un gestionnaire le vérifie.",
      champ,
    );
  if (r.opcoAttendu !== c.opco)
    return resultat(
      code,
      'bloquant',
      `L'employeur relève de l'OPCO ${r.opcoAttendu} (SIRET et convention collective), pas de l'OPCO ${c.opco} qui reçoit le dossier.`,
      champ,
    );
  return resultat(code, 'conforme', `L'employeur relève bien de l'OPCO ${c.opco}.`, champ);
}

export function controleParticipation(droit: Droit, c: CerfaFa13): ResultatControle | null {
  const niveau = nombreAu(droit, P.app.niveauParticipation, c.contrat.dateConclusion);
  if (niveau === undefined || c.formation.niveau < niveau) return null;
  return resultat(
    'contrat.participation_employeur',
    c.mentionParticipationEmployeur ? 'conforme' : 'avertissement',
    c.mentionParticipationEmployeur
      ? `Certification de niveau ${c.formation.niveau} : la participation obligatoire de l'employeur est mentionnée.`
      : `Certification de niveau ${c.formation.niveau} (≥ ${niveau}) : la mention de la participation obligatoire de l'employeur manque ; elle sera déduite de la première avance.`,
    'mentionParticipationEmployeur',
  );
}

/** Every check of an apprenticeship contract, in the order of D6224-2. */
export function instruireApprentissage(
  droit: Droit,
  c: CerfaFa13,
  r: ReferentielsDossier,
): ResultatControle[] {
  const res = [
    controleCertification(c, r),
    controleAgeMinimum(droit, c),
    controleAgeMaximum(droit, c),
    controleRepresentantLegal(droit, c),
    ...controleMaitres(droit, c),
    controleRemuneration(droit, c),
    controleOpposition(c, r),
    controleQualiopi(droit, c, r),
    controleDuree(droit, c),
    controleConclusion(c),
    controleFormationPratique(droit, c),
    controleDebutCfa(droit, c),
    controleDureeCfa(droit, c),
    controleOpco(c, r),
  ];
  const participation = controleParticipation(droit, c);
  if (participation) res.push(participation);
  // Facts gathered by the adapter (not run when absent): R6223-6, D6224-2 6°.
  res.push(...controleNombreApprentis(droit, c, r));
  const habilitation = controleHabilitation(droit, c, r);
  if (habilitation) res.push(habilitation);
  return res;
}

/** D6224-1: documents sent with the contract. Returns the French names of what is missing. */
export function piecesManquantesApprentissage(c: CerfaFa13): string[] {
  const m: string[] = [];
  if (c.formation.cfaEntreprise) {
    if (!c.pieces.annexePedagogique) m.push('Annexe pédagogique et financière (CFA d’entreprise)');
  } else if (!c.pieces.conventionFormation) m.push('Convention de formation (L6353-1)');
  const d = c.contrat.typeDerogation;
  if ((d === '21' || d === '22') && !c.pieces.conventionTripartite)
    m.push('Convention tripartite de durée (L6222-7-1)');
  return m;
}
