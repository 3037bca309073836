/**
 * Reference data the instruction of dossiers needs (issue 12 point 6): training bodies with their
 * Qualiopi certificate, certifications (RNCP) and employers under opposition or ban.
 *
 * This file is the CONTRACT shared by the importers/storage (referentiels) and the automatic
 * instruction (dossiers). Both sides code against these types; lookups by date are pure functions
 * of these records. All dates are calendar dates `YYYY-MM-DD`; `null` = open-ended.
 */

/** Provenance of an imported record (file, vintage, import id). */
export interface ProvenanceReferentiel {
  source: string;
  millesime: string;
  importId: number | null;
}

/** Qualiopi certification of a training body, one per certificate period. */
export interface CertificatQualiopi {
  /** Categories of actions covered (L6313-1): action de formation, bilan, VAE, apprentissage. */
  categories: ReadonlyArray<'action_formation' | 'bilan_competences' | 'vae' | 'apprentissage'>;
  /** First day the certificate is valid. */
  du: string;
  /** Last day the certificate is valid (null = no end date known). */
  au: string | null;
}

/** A training body (organisme de formation / CFA) from the public list. */
export interface OrganismeFormation {
  siret: string;
  /** Numéro de déclaration d'activité (NDA), 11 characters. */
  nda: string | null;
  /** UAI of the CFA (8 characters), when known. */
  uai: string | null;
  raisonSociale: string;
  /** First day the body declared its activity (used for the R6316-9 grace period of a new CFA). */
  dateDeclaration: string | null;
  certificats: readonly CertificatQualiopi[];
  provenance: ProvenanceReferentiel;
}

/** A certification from France compétences' RNCP open data. */
export interface Certification {
  /** RNCP code with prefix, e.g. `RNCP35185`. */
  codeRncp: string;
  intitule: string;
  /** Level in the national framework (3 to 8), null if none. */
  niveau: number | null;
  /** First and last day of registration in the RNCP (au null = open-ended). */
  actifDu: string | null;
  actifAu: string | null;
  /** True when the certification can be prepared through apprenticeship. */
  ouverteApprentissage: boolean;
  provenance: ProvenanceReferentiel;
}

/** An employer under an opposition to hire apprentices or a ban (L6223-1, R6223-16…). */
export interface OppositionEmployeur {
  siret: string;
  nature: 'opposition' | 'interdiction' | 'suspension';
  du: string;
  au: string | null;
  reference: string;
  provenance: ProvenanceReferentiel;
}

/**
 * What the automatic instruction of one dossier receives: the records found for its CFA,
 * its certification and its employer, already looked up (so instruction stays pure and fast).
 */
export interface ReferentielsDossier {
  organisme: OrganismeFormation | null;
  certification: Certification | null;
  oppositions: readonly OppositionEmployeur[];
  /** OPCO code (France compétences' code, e.g. "03") the finder gives for the employer, null if unknown. */
  opcoAttendu: string | null;
}

/** Port implemented by storage (bulk: in-memory maps; API: database queries). */
export interface SourceReferentielsFormation {
  organismeParSiret(siret: string): OrganismeFormation | null;
  organismeParUai(uai: string): OrganismeFormation | null;
  certification(codeRncp: string): Certification | null;
  oppositions(siret: string): readonly OppositionEmployeur[];
}
