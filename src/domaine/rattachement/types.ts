/** Attachment of an establishment to its OPCO (R6123-34 Code du travail), as values. */

export interface OpcoRef {
  /** France compétences' two-digit code. */
  code: string;
  nom: string;
}

/**
 * - `trouve`: the establishment (or the IDCC) leads to one OPCO;
 * - `siret_inconnu`: the SIRET is not in the table in force at that date;
 * - `idcc_plusieurs_opco`: the IDCC maps to several OPCOs in the source (the majority one is given);
 * - `idcc_echappement`: escape value of the SIRO dictionary (5100, 5501, 9998, 9999), not a convention;
 * - `sans_opco`: known, but attached to no OPCO (DSN anomaly, IDCC « inopérant » such as 804).
 */
export type StatutRattachement =
  'trouve' | 'siret_inconnu' | 'idcc_plusieurs_opco' | 'idcc_echappement' | 'sans_opco';

export const statutsRattachement: readonly StatutRattachement[] = [
  'trouve',
  'siret_inconnu',
  'idcc_plusieurs_opco',
  'idcc_echappement',
  'sans_opco',
];

/** Where an answer comes from: which import, which vintage, from which date it holds. */
export interface SourceRattachement {
  /** Import source name: `siro` or `idcc-opco`. */
  nom: string;
  fichier: string;
  millesime: string;
  /** First day the vintage holds ('YYYY-MM-DD'); it holds until the next vintage. */
  dateEffet: string;
  /** True for the generated demonstration sample, never for official data. */
  demo: boolean;
}

export interface PartOpco {
  opco: OpcoRef;
  nbSiret: number;
  /** Share of the IDCC's establishments, 0–1, rounded to 6 decimals. */
  part: number;
  majoritaire: boolean;
}

export interface ReponseRattachement {
  statut: StatutRattachement;
  siret: string | null;
  idcc: { code: string; titre: string | null } | null;
  /** The OPCO the establishment is attached to (for an IDCC with several: the majority one). */
  opco: OpcoRef | null;
  /** The managing OPCO, only when it differs from `opco`. */
  opcoGestion: OpcoRef | null;
  /** For an IDCC: every OPCO found for it in the source, with its share. */
  repartition: PartOpco[];
  /**
   * When the majority OPCO of the IDCC holds at least the threshold share of its establishments
   * (`ReglagesRattachement.seuilOpcoUnique`, 99.9 % by default): the other OPCOs, a stray
   * minority (isolated DSN declarations), with their shares. Empty otherwise.
   */
  minoritaires: PartOpco[];
  sources: SourceRattachement[];
  demo: boolean;
  /** Plain-French sentence saying why. */
  explication: string;
  /** For the unknown and unattached cases: what to do next. */
  aFaire: string | null;
}

/** Settings of the finder (configuration, docs/rattachement.md). */
export interface ReglagesRattachement {
  /**
   * Share of an IDCC's establishments (in ]0.5, 1]) from which its majority OPCO is answered as
   * THE OPCO of the convention (statut `trouve`), the others being shown as `minoritaires`.
   */
  seuilOpcoUnique: number;
}

/** One row of a SIRET-OPCO table (France compétences' SIRO format), codes already resolved. */
export interface EtablissementSiro {
  siret: string;
  idcc: string | null;
  opcoProprietaire: string | null;
  opcoGestion: string | null;
}
