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
  /** « Enregistrement de droit » or « Enregistrement sur demande » (RNCP Standard file), when known. */
  typeEnregistrement?: string | null;
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
  /**
   * First extraction of the public list of training bodies imported: before it, an absent
   * certificate proves nothing (null: no list imported; absent: records taken as complete).
   */
  qualiopiObserveDepuis?: string | null;
  /**
   * R6223-6 (docs/dossiers.md): for each maître d'apprentissage of the dossier (same order), the
   * other contracts found with the same maître (nom, prénom, date de naissance normalised),
   * whatever their dates; the check keeps those covering the start date. Absent: the adapter did
   * not look (in-memory sources of tests and benchmarks) and the check is not run.
   */
  contratsDesMaitres?: readonly (readonly ContratDuMaitre[])[];
  /**
   * R6113-16, D6224-2 6°: the bodies the RNCP open data lists as habilitated for the dossier's
   * certification (« Partenaires » file). Absent: the source does not carry habilitations (the
   * check is not run); null: no list imported (« à vérifier »).
   */
  habilitations?: HabilitationsCertification | null;
}

/** Another contract of a maître d'apprentissage, as stored (R6223-6 count). */
export interface ContratDuMaitre {
  dossierId: string;
  /** State of that dossier (cycle de vie). */
  etat: string;
  dateDebut: string;
  dateFin: string;
  /** Effective date of its rupture, when broken off. */
  dateRupture: string | null;
  /** CERFA type of contract or avenant (33 = prolongation after an exam failure). */
  typeContrat: string;
}

/** What the Partenaires file of France compétences says for one RNCP code. */
export interface HabilitationsCertification {
  codeRncp: string;
  /** Extract date of the file imported. */
  millesime: string | null;
  partenaires: readonly PartenaireHabilite[];
}

/** One line of the « export_fiches_CSV_Partenaires » file. */
export interface PartenaireHabilite {
  siret: string | null;
  nom: string;
  /** HABILITATION_FORMER, HABILITATION_ORGANISER or HABILITATION_ORGA_FORM. */
  habilitation: string;
}

/** Port implemented by storage (bulk: in-memory maps; API: database queries). */
export interface SourceReferentielsFormation {
  /** See `ReferentielsDossier.qualiopiObserveDepuis`. */
  readonly qualiopiObserveDepuis?: string | null;
  organismeParSiret(siret: string): OrganismeFormation | null;
  organismeParUai(uai: string): OrganismeFormation | null;
  certification(codeRncp: string): Certification | null;
  oppositions(siret: string): readonly OppositionEmployeur[];
  /** Other contracts of a maître, by `cleMaitre` (absent: not looked up, R6223-6 not run). */
  contratsDuMaitre?(cle: string): readonly ContratDuMaitre[];
  /** Habilitations of an RNCP code (absent: not carried; null: no Partenaires list imported). */
  habilitations?(codeRncp: string): HabilitationsCertification | null;
}

/* ---------------------------------------------------------------------------------------------
 * Pure lookups by date over the records above (added by the importers' side; dates compare as
 * `YYYY-MM-DD` strings, bounds included).
 * ------------------------------------------------------------------------------------------- */

/** The Qualiopi categories, in the order of L6313-1 and of the public list's columns. */
export const categoriesQualiopi = [
  'action_formation',
  'bilan_competences',
  'vae',
  'apprentissage',
] as const satisfies ReadonlyArray<CertificatQualiopi['categories'][number]>;

export type CategorieQualiopi = (typeof categoriesQualiopi)[number];

/** True when `date` lies in [du, au] (a null bound is open). */
export function dansPeriode(date: string, du: string | null, au: string | null): boolean {
  return (du === null || du <= date) && (au === null || date <= au);
}

/** The certificate covering `categorie` on `date`, or null. */
export function qualiopiAu(
  organisme: OrganismeFormation,
  categorie: CategorieQualiopi,
  date: string,
): CertificatQualiopi | null {
  return (
    organisme.certificats.find(
      (c) => c.categories.includes(categorie) && dansPeriode(date, c.du, c.au),
    ) ?? null
  );
}

/** The certificate covering the apprenticeship category (« actions de formation par apprentissage ») on `date`, or null. */
export function qualiopiApprentissageAu(
  organisme: OrganismeFormation,
  date: string,
): CertificatQualiopi | null {
  return qualiopiAu(organisme, 'apprentissage', date);
}

/**
 * What the data can say about a Qualiopi category on `date`: `certifie` (a certificate covers
 * it), `non_certifie` (the public list was observed on that date or before and shows no such
 * certificate — also when the body is not in the list), or `inconnu` (`date` precedes the first
 * imported extraction of the list, `observeDepuis`: nothing is known then, a gestionnaire decides).
 */
export type EtatQualiopi = 'certifie' | 'non_certifie' | 'inconnu';

export function etatQualiopiAu(
  organisme: OrganismeFormation | null,
  categorie: CategorieQualiopi,
  date: string,
  observeDepuis: string | null,
): EtatQualiopi {
  if (organisme && qualiopiAu(organisme, categorie, date)) return 'certifie';
  return observeDepuis !== null && observeDepuis <= date ? 'non_certifie' : 'inconnu';
}

/** The categories certified on `date`, in the order of `categoriesQualiopi`. */
export function categoriesCertifieesAu(
  organisme: OrganismeFormation,
  date: string,
): CategorieQualiopi[] {
  return categoriesQualiopi.filter((c) => qualiopiAu(organisme, c, date) !== null);
}

/** True when the certification is registered in the RNCP on `date`. */
export function certificationActiveAu(cert: Certification, date: string): boolean {
  return dansPeriode(date, cert.actifDu, cert.actifAu);
}

/** True when the certification is registered on `date` AND can be prepared through apprenticeship. */
export function certificationOuverteApprentissageAu(cert: Certification, date: string): boolean {
  return cert.ouverteApprentissage && certificationActiveAu(cert, date);
}

/** The first opposition, ban or suspension in force on `date` (by start date), or null. */
export function oppositionEnVigueur(
  oppositions: readonly OppositionEmployeur[],
  date: string,
): OppositionEmployeur | null {
  return (
    [...oppositions]
      .sort((a, b) => (a.du < b.du ? -1 : a.du > b.du ? 1 : 0))
      .find((o) => dansPeriode(date, o.du, o.au)) ?? null
  );
}

/**
 * The port over in-memory maps: what the bulk instruction of a million dossiers uses (one Map
 * lookup per check). Built from records already loaded (storage's bulk loader, or a test).
 */
export function sourceReferentielsEnMemoire(donnees: {
  organismes: Iterable<OrganismeFormation>;
  certifications: Iterable<Certification>;
  oppositions: Iterable<OppositionEmployeur>;
  /** UAI → SIRET, for UAI that are not the `uai` of their organisme (a SIRET may have several). */
  uais?: Iterable<readonly [string, string]>;
  /** First extraction of the public list imported (for `etatQualiopiAu`), null if none. */
  qualiopiObserveDepuis?: string | null;
}): SourceReferentielsFormation & {
  tailles: Record<string, number>;
  qualiopiObserveDepuis: string | null;
} {
  const parSiret = new Map<string, OrganismeFormation>();
  const parUai = new Map<string, OrganismeFormation>();
  for (const o of donnees.organismes) {
    parSiret.set(o.siret, o);
    if (o.uai) parUai.set(o.uai, o);
  }
  for (const [uai, siret] of donnees.uais ?? []) {
    const o = parSiret.get(siret);
    if (o && !parUai.has(uai)) parUai.set(uai, o);
  }
  const certifications = new Map<string, Certification>();
  for (const c of donnees.certifications) certifications.set(c.codeRncp, c);
  const oppositions = new Map<string, OppositionEmployeur[]>();
  for (const o of donnees.oppositions) {
    const l = oppositions.get(o.siret);
    if (l) l.push(o);
    else oppositions.set(o.siret, [o]);
  }
  const aucune: readonly OppositionEmployeur[] = Object.freeze([]);
  return {
    organismeParSiret: (siret) => parSiret.get(siret) ?? null,
    organismeParUai: (uai) => parUai.get(uai.toUpperCase()) ?? null,
    certification: (code) => certifications.get(normaliserCodeRncp(code) ?? code) ?? null,
    oppositions: (siret) => oppositions.get(siret) ?? aucune,
    qualiopiObserveDepuis: donnees.qualiopiObserveDepuis ?? null,
    tailles: {
      organismes: parSiret.size,
      uai: parUai.size,
      certifications: certifications.size,
      employeursSousOpposition: oppositions.size,
    },
  };
}

/** « RNCP35185 », « rncp 35185 » or « 35185 » → « RNCP35185 »; null when it is not an RNCP code. */
export function normaliserCodeRncp(brut: string): string | null {
  const m = /^(?:RNCP)?\s*0*([0-9]{1,6})$/i.exec(brut.trim());
  return m ? `RNCP${m[1]}` : null;
}

/**
 * The records one dossier's instruction needs, looked up through the port: the CFA by SIRET
 * (else by UAI — the CERFA carries both), the certification by RNCP code, the employer's
 * oppositions; `opcoAttendu` comes from the finder (rattachement), passed through.
 */
export function referentielsDuDossier(
  source: SourceReferentielsFormation,
  cles: {
    siretCfa?: string | null;
    uaiCfa?: string | null;
    codeRncp?: string | null;
    siretEmployeur: string;
  },
  opcoAttendu: string | null = null,
): ReferentielsDossier {
  const parSiret = cles.siretCfa ? source.organismeParSiret(cles.siretCfa) : null;
  return {
    organisme: parSiret ?? (cles.uaiCfa ? source.organismeParUai(cles.uaiCfa) : null),
    certification: cles.codeRncp ? source.certification(cles.codeRncp) : null,
    oppositions: source.oppositions(cles.siretEmployeur),
    opcoAttendu,
  };
}
