import type { IndexConventions } from './conventions.ts';
import { estIdccEchappement } from './idcc.ts';
import type { IndexSiro } from './index-siro.ts';
import type {
  EtablissementSiro,
  OpcoRef,
  PartOpco,
  ReglagesRattachement,
  ReponseRattachement,
  SourceRattachement,
  StatutRattachement,
} from './types.ts';

/** One vintage of the SIRET-OPCO table. */
export interface MillesimeSiro {
  source: SourceRattachement;
  index: IndexSiro;
}

/** One vintage of the IDCC → OPCO aggregate: per IDCC, the OPCOs and their establishment counts. */
export interface MillesimeIdccOpco {
  source: SourceRattachement;
  parts: ReadonlyMap<string, readonly { opcoCode: string; nbSiret: number }[]>;
}

export interface Referentiels {
  opcos: ReadonlyMap<string, OpcoRef>;
  conventions: IndexConventions;
  siro: readonly MillesimeSiro[];
  idccOpco: readonly MillesimeIdccOpco[];
}

export interface ReponseSiren {
  siren: string;
  etablissements: ReponseRattachement[];
  sources: SourceRattachement[];
  demo: boolean;
  explication: string;
  aFaire: string | null;
}

const A_FAIRE_SIRET_INCONNU =
  "Si l'établissement est récent (première DSN traitée depuis moins de deux mois) ou n'a pas " +
  'déposé de DSN depuis février 2022, il n’est pas encore dans la table : cherchez par l’IDCC ' +
  'de sa convention collective (recherche par IDCC ou par intitulé). En attendant, une ' +
  "attestation sur l'honneur de l'employeur peut permettre à l'OPCO de traiter une première demande.";

const AVERTISSEMENT_DEMO =
  'Données de démonstration (échantillon synthétique au format officiel, pas la table de France compétences) : ';

function pourcent(part: number): string {
  if (part > 0 && part < 0.0005) return '< 0,1 %';
  if (part < 1 && part > 0.9995) return '> 99,9 %';
  return `${(Math.round(part * 1000) / 10).toFixed(1).replace('.', ',')} %`;
}

/**
 * Chooses the vintage that held on `date` (the latest whose effect date is ≤ date), or the
 * latest one without a date. Official vintages hide demonstration ones.
 */
export function choisirMillesime<T extends { source: SourceRattachement }>(
  millesimes: readonly T[],
  date: string | null,
): T | null {
  const officiels = millesimes.filter((m) => !m.source.demo);
  const candidats = officiels.length > 0 ? officiels : millesimes;
  let choisi: T | null = null;
  for (const m of candidats) {
    if (date !== null && m.source.dateEffet > date) continue;
    if (!choisi || m.source.dateEffet > choisi.source.dateEffet) choisi = m;
  }
  return choisi;
}

/**
 * A count written the French way, thousands separated by a narrow no-break space (as
 * toLocaleString('fr-FR'), without loading the ICU data: a CLI lookup answers sooner).
 */
const entier = (n: number) => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

/** Stands for the SIRET in a cached answer (a character no SIRET or text contains). */
const MARQUE_SIRET = '\u0000SIRET\u0000';
/** Per SIRO vintage: the answers without their SIRET, by vintage of the IDCC table, IDCC, OPCOs. */
const PROFILS = new WeakMap<MillesimeSiro, Map<string, Profil>>();
/** A cached answer: the answer with the marker, its explanation and its JSON text cut at the marker. */
interface Profil {
  modele: ReponseRattachement;
  explication: string[];
  json?: string[];
}
/** The marker as JSON.stringify writes it inside a string. */
const MARQUE_SIRET_JSON = JSON.stringify(MARQUE_SIRET).slice(1, -1);
/** Distinct combinations are a few thousand in the real table: a bound, not an eviction policy. */
const MAX_PROFILS = 100_000;

/** The finder: pure, over referentials loaded by an adapter. The date is always an input. */
export class Rattacheur {
  constructor(
    readonly ref: Referentiels,
    readonly reglages: ReglagesRattachement,
  ) {}

  /**
   * The OPCOs of an IDCC beyond the first when the first holds at least the threshold share of
   * its establishments (a stray minority), or null when the IDCC is really shared (or has one OPCO).
   */
  minoritaires(repartition: readonly PartOpco[]): PartOpco[] | null {
    const premier = repartition[0];
    if (!premier || repartition.length < 2) return null;
    const total = repartition.reduce((s, p) => s + p.nbSiret, 0);
    return premier.nbSiret / total >= this.reglages.seuilOpcoUnique ? repartition.slice(1) : null;
  }

  private opco(code: string): OpcoRef {
    return this.ref.opcos.get(code) ?? { code, nom: `OPCO ${code}` };
  }

  private idccInfo(code: string): { code: string; titre: string | null } {
    return { code, titre: this.ref.conventions.titre(code) };
  }

  private libelleIdcc(code: string): string {
    const t = this.ref.conventions.titre(code);
    return t ? `IDCC ${code} (${t})` : `IDCC ${code}`;
  }

  /** The OPCOs of an IDCC in a vintage, majority first (ties: lowest code). */
  repartition(m: MillesimeIdccOpco | null, idcc: string): PartOpco[] {
    const parts = m?.parts.get(idcc) ?? [];
    const total = parts.reduce((s, p) => s + p.nbSiret, 0);
    const tries = [...parts].sort(
      (a, b) => b.nbSiret - a.nbSiret || a.opcoCode.localeCompare(b.opcoCode),
    );
    const max = tries[0]?.nbSiret ?? 0;
    // Ties (e.g. IDCC 9062: 1 AKTO, 1 OCAPIAT) make every tied OPCO a majority one.
    return tries.map((p) => ({
      opco: this.opco(p.opcoCode),
      nbSiret: p.nbSiret,
      part: total > 0 ? Math.round((p.nbSiret / total) * 1e6) / 1e6 : 0,
      majoritaire: p.nbSiret === max,
    }));
  }

  private reponse(
    r: Omit<ReponseRattachement, 'demo' | 'minoritaires'> & { minoritaires?: PartOpco[] },
  ): ReponseRattachement {
    const demo = r.sources.some((s) => s.demo);
    return {
      ...r,
      minoritaires: r.minoritaires ?? [],
      demo,
      explication: demo ? AVERTISSEMENT_DEMO + r.explication : r.explication,
    };
  }

  parSiret(siret: string, date: string | null): ReponseRattachement {
    const m = choisirMillesime(this.ref.siro, date);
    if (!m) {
      return this.reponse({
        statut: 'siret_inconnu',
        siret,
        idcc: null,
        opco: null,
        opcoGestion: null,
        repartition: [],
        sources: [],
        explication:
          date === null
            ? 'Aucune table SIRET-OPCO n’est chargée.'
            : `Aucune table SIRET-OPCO chargée n’était en vigueur le ${date}.`,
        aFaire: A_FAIRE_SIRET_INCONNU,
      });
    }
    const ligne = m.index.chercher(siret);
    return this.depuisLigne(siret, ligne, m, date);
  }

  /**
   * The answer of parSiret as JSON text (the same as JSON.stringify of it): the cached answer's
   * text with the SIRET put in, for a server that answers many lookups.
   */
  parSiretJson(siret: string, date: string | null): string {
    const m = choisirMillesime(this.ref.siro, date);
    if (!m || !/^[0-9]{14}$/.test(siret)) return JSON.stringify(this.parSiret(siret, date));
    const profil = this.profil(m.index.chercher(siret), m, date);
    const morceaux = (profil.json ??= JSON.stringify(profil.modele).split(MARQUE_SIRET_JSON));
    return morceaux.length === 1 ? (morceaux[0] ?? '') : morceaux.join(siret);
  }

  parSiren(siren: string, date: string | null): ReponseSiren {
    const m = choisirMillesime(this.ref.siro, date);
    const lignes = m ? m.index.etablissementsDe(siren) : [];
    const etablissements = m ? lignes.map((l) => this.depuisLigne(l.siret, l, m, date)) : [];
    const sources = m ? [m.source] : [];
    const demo = sources.some((s) => s.demo);
    const opcos = new Set(etablissements.flatMap((e) => (e.opco ? [e.opco.nom] : [])));
    let explication: string;
    if (!m) explication = 'Aucune table SIRET-OPCO n’était en vigueur à cette date.';
    else if (lignes.length === 0)
      explication = `Aucun établissement du SIREN ${siren} n’est dans la table SIRET-OPCO (millésime ${m.source.millesime}).`;
    else
      explication =
        `${lignes.length} établissement(s) du SIREN ${siren} dans la table SIRET-OPCO (millésime ${m.source.millesime}). ` +
        (opcos.size > 1
          ? `Ils relèvent de plusieurs OPCO (${[...opcos].join(', ')}) : le rattachement se fait par établissement.`
          : opcos.size === 1
            ? `Ils relèvent de ${[...opcos][0]}.`
            : 'Aucun n’est rattaché à un OPCO.');
    return {
      siren,
      etablissements,
      sources,
      demo,
      explication: demo ? AVERTISSEMENT_DEMO + explication : explication,
      aFaire: lignes.length === 0 ? A_FAIRE_SIRET_INCONNU : null,
    };
  }

  /**
   * The answer for one establishment. Everything but the SIRET depends only on the vintages, the
   * IDCC and the two OPCO codes: that part is computed once per combination (with a marker in
   * place of the SIRET) and kept with the vintage; each answer then only puts its SIRET in.
   */
  private depuisLigne(
    siret: string,
    ligne: EtablissementSiro | null,
    m: MillesimeSiro,
    date: string | null,
  ): ReponseRattachement {
    const profil = this.profil(ligne, m, date);
    const morceaux = profil.explication;
    return {
      ...profil.modele,
      siret,
      explication: morceaux.length === 1 ? (morceaux[0] ?? '') : morceaux.join(siret),
    };
  }

  private profil(ligne: EtablissementSiro | null, m: MillesimeSiro, date: string | null): Profil {
    const mIdcc = ligne?.idcc ? choisirMillesime(this.ref.idccOpco, date) : null;
    const cle = ligne
      ? `${mIdcc?.source.millesime ?? ''}|${ligne.idcc ?? ''}|${ligne.opcoProprietaire ?? ''}|${ligne.opcoGestion ?? ''}|${this.reglages.seuilOpcoUnique}`
      : '';
    let profils = PROFILS.get(m);
    if (!profils) {
      profils = new Map();
      PROFILS.set(m, profils);
    }
    let profil = profils.get(cle);
    if (!profil) {
      const modele = this.calculerLigne(MARQUE_SIRET, ligne, m, mIdcc);
      profil = { modele, explication: modele.explication.split(MARQUE_SIRET) };
      if (profils.size >= MAX_PROFILS) profils.clear();
      profils.set(cle, profil);
    }
    return profil;
  }

  private calculerLigne(
    siret: string,
    ligne: EtablissementSiro | null,
    m: MillesimeSiro,
    mIdcc: MillesimeIdccOpco | null,
  ): ReponseRattachement {
    const table = `la table SIRET-OPCO de France compétences (millésime ${m.source.millesime})`;
    if (!ligne) {
      return this.reponse({
        statut: 'siret_inconnu',
        siret,
        idcc: null,
        opco: null,
        opcoGestion: null,
        repartition: [],
        sources: [m.source],
        explication: `Le SIRET ${siret} n’est pas dans ${table}.`,
        aFaire: A_FAIRE_SIRET_INCONNU,
      });
    }
    const idcc = ligne.idcc;
    const repartition = idcc ? this.repartition(mIdcc, idcc) : [];
    const sources = repartition.length > 0 && mIdcc ? [m.source, mIdcc.source] : [m.source];
    const opco = ligne.opcoProprietaire ? this.opco(ligne.opcoProprietaire) : null;
    const gestion =
      ligne.opcoGestion && ligne.opcoGestion !== ligne.opcoProprietaire
        ? this.opco(ligne.opcoGestion)
        : null;
    const phraseGestion = gestion
      ? ` Il est géré par ${gestion.nom} pour le compte de ${opco?.nom ?? 'son OPCO'}.`
      : '';
    const commun = { siret, idcc: idcc ? this.idccInfo(idcc) : null, opcoGestion: gestion };
    if (idcc && estIdccEchappement(idcc)) {
      return this.reponse({
        ...commun,
        statut: 'idcc_echappement',
        opco,
        repartition,
        sources,
        explication:
          `L’établissement déclare en DSN la valeur d’échappement IDCC ${idcc} : aucune convention collective ne s’applique. ` +
          (opco
            ? `L’OPCO retenu par ${table} est celui que l’employeur a déclaré : ${opco.nom}.${phraseGestion}`
            : `${table.charAt(0).toUpperCase()}${table.slice(1)} ne lui associe aucun OPCO.`),
        aFaire: opco
          ? null
          : 'Sans convention collective, l’employeur déclare en DSN l’OPCO de son secteur d’activité ; adressez-vous à cet OPCO.',
      });
    }
    if (opco) {
      const plusieurs = repartition.length > 1;
      const minoritaires = this.minoritaires(repartition);
      const dominant = repartition[0];
      let phraseIdcc = '';
      if (plusieurs && minoritaires && dominant && dominant.opco.code === opco.code)
        phraseIdcc = ` C’est l’OPCO de cette convention (${pourcent(dominant.part)} de ses établissements ; ${minoritaires.map((p) => `${p.opco.nom} ${entier(p.nbSiret)}`).join(', ')} : cas isolés).`;
      else if (plusieurs && minoritaires && dominant)
        phraseIdcc = ` Cet établissement fait partie des cas isolés : l’IDCC ${idcc ?? ''} relève à ${pourcent(dominant.part)} de ${dominant.opco.nom}, mais c’est le rattachement propre à l’établissement qui compte.`;
      else if (plusieurs)
        phraseIdcc = ` Cet IDCC relève de plusieurs OPCO selon les établissements (${repartition.map((p) => `${p.opco.nom} ${pourcent(p.part)}`).join(', ')}) : c’est le rattachement propre à l’établissement qui compte.`;
      return this.reponse({
        ...commun,
        statut: 'trouve' satisfies StatutRattachement,
        opco,
        repartition: plusieurs ? repartition : [],
        minoritaires: minoritaires ?? [],
        sources: plusieurs ? sources : [m.source],
        explication:
          (idcc
            ? `L’établissement ${siret} déclare en DSN l’${this.libelleIdcc(idcc)} ; ${table} le rattache à ${opco.nom}.`
            : `L’établissement ${siret} ne déclare pas d’IDCC ; ${table} le rattache à ${opco.nom}.`) +
          phraseGestion +
          phraseIdcc,
        aFaire: null,
      });
    }
    const majoritaire = repartition[0];
    return this.reponse({
      ...commun,
      statut: 'sans_opco',
      opco: null,
      repartition,
      sources,
      explication:
        `L’établissement ${siret} est dans ${table} mais n’y est rattaché à aucun OPCO` +
        (idcc
          ? ` (IDCC déclaré : ${idcc} ; anomalie DSN ou IDCC inopérant).`
          : ' ni à aucun IDCC (anomalie DSN).') +
        (majoritaire
          ? ` D’après la table IDCC→OPCO, l’IDCC ${idcc} relève${repartition.length > 1 ? ' majoritairement' : ''} de ${majoritaire.opco.nom}.`
          : ''),
      aFaire:
        'Vérifiez l’IDCC déclaré en DSN pour cet établissement (il doit être « opérant », rattaché à une branche) ; ' +
        (majoritaire
          ? `contactez ${majoritaire.opco.nom}, qui vérifie le rattachement lors de l’instruction et en informe France compétences.`
          : 'sans convention applicable, déclarez l’OPCO du secteur d’activité.'),
    });
  }

  parIdcc(idcc: string, date: string | null): ReponseRattachement {
    const m = choisirMillesime(this.ref.idccOpco, date);
    const repartition = this.repartition(m, idcc);
    const sources = m ? [m.source] : [];
    const info = this.idccInfo(idcc);
    const table = m
      ? `la table IDCC→OPCO (millésime ${m.source.millesime}, issue de la table SIRET-OPCO de France compétences)`
      : 'aucune table IDCC→OPCO';
    const base = { siret: null, idcc: info, opcoGestion: null, repartition, sources };
    if (estIdccEchappement(idcc)) {
      return this.reponse({
        ...base,
        statut: 'idcc_echappement',
        opco: null,
        explication:
          `L’IDCC ${idcc} n’est pas une convention collective : c’est une valeur d’échappement du dictionnaire SIRO ` +
          '(aucune convention applicable). L’OPCO est alors celui du secteur d’activité, déclaré par l’employeur' +
          (repartition.length > 0
            ? ` ; dans ${table}, ses établissements se répartissent entre ${repartition.length} OPCO.`
            : '.'),
        aFaire:
          'Cherchez par SIRET, ou adressez-vous à l’OPCO du secteur d’activité de l’entreprise.',
      });
    }
    const premier = repartition[0];
    if (!m) {
      const premiere = [...this.ref.idccOpco].sort((a, b) =>
        a.source.dateEffet.localeCompare(b.source.dateEffet),
      )[0];
      return this.reponse({
        ...base,
        statut: 'sans_opco',
        opco: null,
        explication:
          date === null || !premiere
            ? 'Aucune table IDCC→OPCO n’est chargée.'
            : `Aucune table IDCC→OPCO chargée n’était en vigueur le ${date} : la plus ancienne vaut depuis le ${premiere.source.dateEffet}.`,
        aFaire: 'Cherchez sans date, ou à une date couverte par une table chargée.',
      });
    }
    if (!premier) {
      return this.reponse({
        ...base,
        statut: 'sans_opco',
        opco: null,
        explication: info.titre
          ? `L’${this.libelleIdcc(idcc)} n’est rattaché à aucun OPCO dans ${table} : IDCC inopérant (comme 0804, VRP) ou sans établissement déclarant.`
          : `L’IDCC ${idcc} est inconnu : aucune convention de ce numéro et aucun rattachement dans ${table}.`,
        aFaire:
          'Déclarez en DSN l’IDCC de la convention collective du secteur d’activité de l’établissement, puis cherchez par cet IDCC ou par SIRET.',
      });
    }
    const minoritaires = this.minoritaires(repartition);
    if (minoritaires) {
      const autres = minoritaires.reduce((n, p) => n + p.nbSiret, 0);
      const total = premier.nbSiret + autres;
      return this.reponse({
        ...base,
        statut: 'trouve',
        opco: premier.opco,
        minoritaires,
        explication:
          `Dans ${table}, ${entier(premier.nbSiret)} des ${entier(total)} établissements de l’${this.libelleIdcc(idcc)} relèvent de ${premier.opco.nom} (${pourcent(premier.part)}) : c’est l’OPCO de cette convention. ` +
          `${autres === 1 ? 'Un établissement est rattaché' : `${entier(autres)} établissements sont rattachés`} à un autre OPCO (${minoritaires.map((p) => `${p.opco.nom} ${entier(p.nbSiret)}`).join(', ')}) : des cas isolés (au plus ${pourcent(1 - this.reglages.seuilOpcoUnique)} des établissements) ; pour l’un d’eux, la recherche par SIRET donne son propre rattachement.`,
        aFaire: null,
      });
    }
    if (repartition.length === 1) {
      return this.reponse({
        ...base,
        statut: 'trouve',
        opco: premier.opco,
        explication: `Dans ${table}, les ${premier.nbSiret} établissement(s) de l’${this.libelleIdcc(idcc)} relèvent tous de ${premier.opco.nom}.`,
        aFaire: null,
      });
    }
    return this.reponse({
      ...base,
      statut: 'idcc_plusieurs_opco',
      opco: premier.opco,
      explication:
        `Dans ${table}, les établissements de l’${this.libelleIdcc(idcc)} relèvent de plusieurs OPCO : ` +
        `${repartition.map((p) => `${p.opco.nom} ${pourcent(p.part)} (${p.nbSiret})`).join(', ')}. ` +
        (repartition.filter((p) => p.majoritaire).length > 1
          ? `Plusieurs OPCO sont à égalité : ${repartition
              .filter((p) => p.majoritaire)
              .map((p) => p.opco.nom)
              .join(', ')} ; ${premier.opco.nom} (premier code) est retenu.`
          : `L’OPCO majoritaire est ${premier.opco.nom}.`),
      aFaire: 'Le rattachement exact dépend de l’établissement : cherchez par son SIRET.',
    });
  }
}
