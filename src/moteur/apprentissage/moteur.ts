import { ErreurOpco } from '../../partage/erreurs.ts';
import { citerArticles, type PortVersionsArticles } from '../citations.ts';
import { iso, jour } from '../dates.ts';
import type { AnneeExecution } from '../mecanismes/annees-execution.ts';
import type { Echeance } from '../mecanismes/echeancier.ts';
import type { Droit } from '../parametres/droit.ts';
import type { Dispositif } from '../regles/ast.ts';
import type { Ctx, Fn } from '../regles/compilation.ts';
import { genererProgramme } from '../regles/generation.ts';
import {
  articlesCitesDe,
  evaluerRegle,
  nouveauContexte,
  valeurRegle,
  type ContexteExplique,
} from '../regles/evaluation.ts';
import { lecteurEntrees, type Valeur } from '../regles/valeurs.ts';
import type {
  Manquante,
  NpecReferentiel,
  ResultatApprentissage,
  SituationApprentissage,
  SourceNpec,
  Versement,
} from './types.ts';

/** Fast result, without explanation or citations (bulk evaluation). Amounts in cents. */
export interface ResultatRapide {
  npecApplique: number | null;
  total: number;
  participation: number | null;
  fraisAnnexes: number;
  verse: number;
}

/** The closures of the fast path for one interval between two law changes. */
interface Compile {
  /** One context reused by every fast evaluation of this interval (rule values reset each time). */
  ctx: Ctx;
  applique: Fn;
  total: Fn;
  participation: Fn;
  frais: Fn;
  verse: Fn;
}

const n = (v: Valeur): number | null => (typeof v === 'number' ? v : null);

/** The situation with the NPEC found in the referential, as the rules' inputs read it. */
const situationEntrees = (s: SituationApprentissage, ref: NpecReferentiel | null): object =>
  ref ? { ...s, npecReferentiel: ref.montant } : s;

/**
 * The apprenticeship scheme served from its rules (droit/regles/apprentissage): the explained
 * evaluation for one contract, the compiled closures for bulk. This module only maps the
 * situation to the rules' inputs and the rules' values to the public result.
 */
export class MoteurApprentissage {
  private readonly entrees;
  private readonly compiles = new Map<number, Compile>();
  private readonly constantes = new Map<number, ContexteExplique['constantes']>();

  constructor(
    private readonly droit: Droit,
    private readonly d: Dispositif,
  ) {
    this.entrees = lecteurEntrees(d);
  }

  /** Refuses a conclusion date where a parameter the rule cannot do without has no value. */
  private verifierDate(dateConclusion: string, j: number): void {
    for (const id of this.d.parametresRequis)
      if (!this.droit.trouver(id, j))
        throw new ErreurOpco('ERR_PARAMETRE_INTROUVABLE', {
          parametre: id,
          date: dateConclusion,
          regle: `${this.d.nom} (date de conclusion hors de la période couverte par le droit)`,
        });
  }

  private compile(dateConclusion: string): Compile {
    const j = jour(dateConclusion);
    const i = this.droit.intervalle(j);
    let c = this.compiles.get(i);
    if (!c) {
      this.verifierDate(dateConclusion, j);
      const p = genererProgramme(this.d, this.droit, j, this.entrees.index);
      c = {
        ctx: { e: [], r: new Array<Valeur | undefined>(p.nbRegles).fill(undefined), a: null },
        applique: p.regle('apprentissage.npec_applique'),
        total: p.regle('apprentissage.prise_en_charge'),
        participation: p.regle('apprentissage.participation_employeur'),
        frais: p.regle('apprentissage.frais_annexes'),
        verse: p.regle('apprentissage.verse'),
      };
      this.compiles.set(i, c);
    }
    return c;
  }

  rapide(s: SituationApprentissage, ref: NpecReferentiel | null): ResultatRapide {
    const p = this.compile(s.dateConclusion);
    const c = p.ctx;
    c.e = this.entrees.lire(situationEntrees(s, ref), c.e);
    c.r.fill(undefined);
    c.a = null;
    const applique = n(p.applique(c));
    const frais = n(p.frais(c)) ?? 0;
    if (applique === null)
      return {
        npecApplique: null,
        total: 0,
        participation: null,
        fraisAnnexes: frais,
        verse: frais,
      };
    return {
      npecApplique: applique,
      total: n(p.total(c)) ?? 0,
      participation: n(p.participation(c)),
      fraisAnnexes: frais,
      verse: n(p.verse(c)) ?? 0,
    };
  }

  complet(
    s: SituationApprentissage,
    date: string,
    ref: NpecReferentiel | null,
    versions: PortVersionsArticles,
  ): ResultatApprentissage {
    const j = jour(s.dateConclusion);
    const intervalle = this.droit.intervalle(j);
    let constantes = this.constantes.get(intervalle);
    if (!constantes) {
      // Parameters change only between intervals: checked once per interval.
      this.verifierDate(s.dateConclusion, j);
      constantes = new Map();
      this.constantes.set(intervalle, constantes);
    }
    const c = nouveauContexte({
      constantes,
      dispositif: this.d,
      droit: this.droit,
      jourParametres: j,
      entrees: this.entrees.lire(situationEntrees(s, ref)),
      indexEntrees: this.entrees.index,
    });
    const racine = evaluerRegle(c, 'apprentissage');
    const annuel = n(valeur(c, 'apprentissage.npec_annuel'));
    const applique = n(valeur(c, 'apprentissage.npec_applique'));
    const source = sourceNpec(this.droit, s, ref, j);
    const echeancier = valeur(c, 'apprentissage.echeancier') as readonly Echeance[];
    const participation = n(valeur(c, 'apprentissage.participation_employeur'));
    const avecNpec = annuel !== null && applique !== null && source !== null;
    return {
      dateEvaluation: date,
      valeur: avecNpec ? echeancier.reduce((x, e) => x + e.montant, 0) / 100 : null,
      unite: '€',
      npec: avecNpec ? { annuel: annuel / 100, applique: applique / 100, source } : null,
      priseEnCharge: avecNpec
        ? {
            total: euros(c, 'apprentissage.prise_en_charge'),
            parAnnee: (
              (valeur(c, 'apprentissage.annees_execution') ?? []) as readonly AnneeExecution[]
            ).map((a) => ({
              du: iso(a.du),
              au: iso(a.au),
              jours: a.jours,
              montant: a.montant / 100,
            })),
          }
        : null,
      participationEmployeur: participation === null ? (avecNpec ? 0 : null) : participation / 100,
      fraisAnnexes: {
        total: euros(c, 'apprentissage.frais_annexes'),
        detail: {
          nuitees: euros(c, 'apprentissage.frais_annexes.nuitees'),
          repas: euros(c, 'apprentissage.frais_annexes.repas'),
          premierEquipement: euros(c, 'apprentissage.frais_annexes.premier_equipement'),
          mobiliteInternationale: euros(c, 'apprentissage.frais_annexes.mobilite_internationale'),
        },
      },
      echeancier: echeancier.map(versementPublic),
      explication: racine.n,
      citations: citerArticles(articlesCitesDe(c), date, versions, s.dateConclusion),
      manquantes: manquantes(s, ref, annuel !== null),
    };
  }
}

function valeur(c: ContexteExplique, nom: string): Valeur {
  return valeurRegle(c, nom);
}

function euros(c: ContexteExplique, nom: string): number {
  return (n(valeur(c, nom)) ?? 0) / 100;
}

/** Where the NPEC comes from (entered, referential, amorçage): said with the result. */
function sourceNpec(
  droit: Droit,
  s: SituationApprentissage,
  ref: NpecReferentiel | null,
  j: number,
): SourceNpec | null {
  if (s.npecAnnuel !== undefined) return { type: 'saisie', libelle: 'NPEC annuel saisi' };
  if (ref) {
    const { montant: _m, ...prov } = ref;
    return {
      type: 'referentiel',
      libelle: `Référentiel des NPEC de France compétences (${ref.version})`,
      ...prov,
    };
  }
  const v = droit.trouver(`apprentissage.amorcage.niveau_${s.niveau}`, j);
  if (!v) return null;
  return {
    type: 'amorcage',
    libelle: `Valeur d'amorçage du niveau ${s.niveau} (aucun NPEC trouvé pour cette certification et cette branche) — régularisée dès la fixation du NPEC (D6332-80)`,
    niveau: s.niveau,
    depuis: v.valeur.depuis,
  };
}

/** The inputs that would let the rule use a fixed NPEC instead of the amorçage value. */
function manquantes(
  s: SituationApprentissage,
  ref: NpecReferentiel | null,
  npecTrouve: boolean,
): Manquante[] {
  if (s.npecAnnuel !== undefined || ref) return [];
  const m: Manquante[] = [];
  if (!npecTrouve)
    m.push({
      champ: 'npecAnnuel',
      message: "NPEC annuel : aucune valeur d'amorçage n'est fixée à cette date de conclusion",
    });
  if (s.rncp === undefined)
    m.push({
      champ: 'rncp',
      message: 'Code RNCP de la certification préparée (ou saisir npecAnnuel)',
    });
  if (s.idcc === undefined)
    m.push({
      champ: 'idcc',
      message: 'IDCC de la convention collective de l’employeur (ou saisir npecAnnuel)',
    });
  return m;
}

/** Versement with euros and ISO date, for the public result. */
export function versementPublic(v: Echeance): Versement {
  const r: Versement = { montant: v.montant / 100, motif: v.motif };
  if (v.date !== undefined) r.date = iso(v.date);
  return r;
}
