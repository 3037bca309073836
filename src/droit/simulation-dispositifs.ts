import type { Droit, PortVersionsArticles } from '../moteur/index.ts';
import { MoteurDispositif } from '../moteur/dispositifs/moteur-dispositif.ts';
import { listerBaremes, resoudreBareme } from '../moteur/dispositifs/baremes.ts';
import {
  choisirAccord,
  referenceAccord,
  type AccordTarifaire,
} from '../moteur/dispositifs/accords.ts';
import { ErreurOpco } from '../partage/erreurs.ts';
import {
  DISPOSITIFS_SIMULES,
  type ComparaisonResultatJson,
  type ResultatDispositifJson,
  type SlugDispositif,
} from '../partage/simulation-dispositifs.schema.ts';

const moteurs = new WeakMap<Droit, Map<string, MoteurDispositif>>();

/** The generic engine of one scheme for a loaded law (built once per law and scheme). */
export function moteurDispositif(droit: Droit, regles: string): MoteurDispositif {
  let parNom = moteurs.get(droit);
  if (!parNom) {
    parNom = new Map();
    moteurs.set(droit, parNom);
  }
  let m = parNom.get(regles);
  if (!m) {
    const d = droit.dispositifs.get(regles);
    if (!d)
      throw new ErreurOpco('ERR_REGLE_INVALIDE', {
        fichier: `${regles}/dispositif.yaml`,
        regle: '(dispositif)',
        probleme: `règles du dispositif ${regles} absentes`,
      });
    m = new MoteurDispositif(droit, d);
    parNom.set(regles, m);
  }
  return m;
}

const PLAN = 'plan_moins_50';

function baremeInconnu(id: string): never {
  throw new ErreurOpco('ERR_VALIDATION', {
    detail: `body.bareme : barème inconnu « ${id} » (voir GET /api/v1/baremes/plan-moins-50)`,
  });
}

/**
 * One simulation of a scheme served by its rules (API, CLI, law tests): evaluates with the
 * explanation and cites the texts; for plan < 50, the OPCO barème in force at the start date.
 */
export function simulerDispositif(
  droit: Droit,
  versions: PortVersionsArticles,
  slug: SlugDispositif,
  entree: Record<string, unknown>,
  accords: readonly AccordTarifaire[] = [],
): ResultatDispositifJson {
  const { regles } = DISPOSITIFS_SIMULES[slug];
  const parse = DISPOSITIFS_SIMULES[slug].schema.parse(entree) as Record<string, unknown>;
  const { dateEvaluation, bareme: idBareme, organismeSiret, certification, ...situation } = parse;
  const dateEval = typeof dateEvaluation === 'string' ? dateEvaluation : undefined;
  const m = moteurDispositif(droit, regles);
  if (regles !== PLAN) return m.complet(situation, dateEval, versions);
  const id = String(idBareme);
  if (!listerBaremes(droit, PLAN).includes(id)) baremeInconnu(id);
  const b = resoudreBareme(
    droit,
    PLAN,
    id,
    String(situation.dateDebut),
    Number(situation.effectif),
  );
  // Accord tarifaire: the OPCO of the barème, the body and the certification, at the start date.
  const choix =
    typeof organismeSiret === 'string' && typeof certification === 'string'
      ? choisirAccord(accords, {
          opco: b.opco,
          organismeSiret,
          certification,
          date: String(situation.dateDebut),
          stagiaires: typeof situation.stagiaires === 'number' ? situation.stagiaires : 1,
          heures: Number(situation.heures),
        })
      : null;
  const a = choix?.accord ?? null;
  const r = m.complet(
    {
      ...situation,
      bareme: b.entrees,
      ...(a ? { accord: { prix: a.prixCentimes / 100, parHeure: a.unite === 'heure' } } : {}),
    },
    dateEval,
    versions,
    a ? [...b.references, referenceAccord(a)] : b.references,
  );
  return {
    ...r,
    bareme: { id, opco: b.opco, libelle: b.libelle, depuis: b.depuis, tranche: b.tranche },
    ...(choix
      ? {
          accordTarifaire: {
            accord: a?.accord ?? null,
            version: a?.version ?? null,
            prix: a ? a.prixCentimes / 100 : null,
            unite: a?.unite ?? null,
            dateDebut: a?.dateDebut ?? null,
            dateFin: a?.dateFin ?? null,
            reference: a?.reference ?? null,
            motif: a
              ? null
              : (choix.motif ??
                `aucun accord tarifaire de l'OPCO avec l'organisme ${String(organismeSiret)} pour ${String(certification)}`),
          },
        }
      : {}),
  };
}

/** The barèmes of plan < 50, with the dates of their versions. */
export function listerBaremesPlan(droit: Droit) {
  return listerBaremes(droit, PLAN).map((id) => {
    const p = droit.parametres.get(`${PLAN}.baremes.${id}.libelle`);
    const o = droit.parametres.get(`${PLAN}.baremes.${id}.opco`);
    const derniere = p?.valeurs[p.valeurs.length - 1]?.valeur;
    return {
      id,
      opco: typeof o?.valeurs[0]?.valeur === 'string' ? o.valeurs[0].valeur : null,
      libelle: typeof derniere === 'string' ? derniere : null,
      versions: (p?.valeurs ?? []).map((v) => v.depuis),
    };
  });
}

/** One company profile simulated under every OPCO barème of plan < 50 (comparison). */
export function comparerBaremesPlan(
  droit: Droit,
  versions: PortVersionsArticles,
  entree: Record<string, unknown>,
  accords: readonly AccordTarifaire[] = [],
): ComparaisonResultatJson {
  const ids = listerBaremes(droit, PLAN);
  const resultats = ids.map((id) => {
    const r = simulerDispositif(
      droit,
      versions,
      'plan-moins-50',
      { ...entree, bareme: id },
      accords,
    );
    return {
      bareme: r.bareme ?? { id, opco: null, libelle: null, depuis: null, tranche: null },
      eligible: r.eligible,
      montant: r.montant,
      refus: r.refus,
      valeurs: r.valeurs,
    };
  });
  resultats.sort((a, b) => (b.montant ?? 0) - (a.montant ?? 0));
  return {
    dispositif: PLAN,
    dateDebut: String(entree.dateDebut),
    effectif: Number(entree.effectif),
    resultats,
  };
}
