import { z } from 'zod';

/** Request and response schemas of the money routes (issue 13). Amounts: integer cents. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ');
const centimes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const siret = z.string().regex(/^\d{14}$/, 'SIRET attendu : 14 chiffres');

export const sectionSchema = z.enum([
  'alternance',
  'plan_moins_50',
  'pro_a',
  'cpf',
  'fonctionnement',
]);
export const origineSchema = z.enum(['mutualises', 'conventionnels', 'volontaires']);

export const paramOrganisationSchema = z.object({ organisation: z.string().min(1).max(100) });
export const paramLotSchema = z.object({
  organisation: z.string().min(1).max(100),
  lot: z.string().min(1).max(100),
});

export const echeanceAEngagerSchema = z.object({
  numero: z.number().int().min(1).max(1000),
  nature: z.enum(['avance', 'echeance', 'solde', 'frais_annexes']),
  dateExigibilite: date,
  montantCentimes: centimes,
  exigeCertificatRealisation: z.boolean(),
});

/** The contract EngagementAReserver (src/domaine/finances/engagement.ts); `opco` comes from the path. */
export const engagementAReserverSchema = z.object({
  dossierId: z.string().min(1).max(100),
  versionDossier: z.number().int().min(1),
  section: sectionSchema,
  origine: origineSchema,
  idcc: z
    .string()
    .regex(/^\d{1,4}$/)
    .nullable(),
  siretBeneficiaire: siret,
  dateEngagement: date,
  dateFinContrat: date.nullable().optional(),
  dispositif: z.enum(['apprentissage', 'professionnalisation', 'autre']).optional(),
  montantTotalCentimes: centimes,
  echeances: z.array(echeanceAEngagerSchema).max(200),
  trace: z.object({
    versionDroit: z.string().max(200),
    jeuDonnees: z.string().max(200).nullable(),
  }),
});

export const resultatReservationSchema = z.object({
  statut: z.enum(['reserve', 'ajuste', 'deja_reserve', 'refuse']),
  dossierId: z.string(),
  version: z.number().int(),
  source: z.string().nullable(),
  deltaCentimes: z.number().int().nullable(),
  disponibleApresCentimes: z.number().int().nullable(),
  motifs: z.array(z.string()),
  disponibleCentimes: z.number().int().nullable(),
  demandeCentimes: z.number().int().nullable(),
  manqueCentimes: z.number().int().nullable(),
});

/** An engagement the ledger did not book (fin_engagement_hors_livre), with where it stands. */
export const engagementHorsLivreSchema = z.object({
  dossierId: z.string(),
  version: z.number().int(),
  section: z.string(),
  origine: z.string(),
  evenement: z.string(),
  montantCentimes: z.number().int(),
  motif: z.string(),
  dateEngagement: z.string(),
  etat: z.enum(['a_comptabiliser', 'comptabilise', 'remplace']),
  dotationPresente: z.boolean(),
  versionComptabilisee: z.number().int().nullable(),
});
export const horsLivreSchema = z.object({ engagements: z.array(engagementHorsLivreSchema) });
export const demandeComptabilisationSchema = z.object({
  dossierId: z.string().min(1).max(100),
  version: z.number().int().min(1),
});
/** A booking's answer; `impossible` (with the reason in `motifs`) when there is nothing to book. */
export const resultatComptabilisationSchema = resultatReservationSchema.extend({
  statut: z.enum(['reserve', 'ajuste', 'deja_reserve', 'refuse', 'impossible']),
});

export const enveloppeSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'identifiant : lettres, chiffres, - et _'),
  section: sectionSchema,
  origine: origineSchema,
  annee: z.number().int().min(2019).max(2100),
  branche: z
    .string()
    .regex(/^\d{1,4}$/)
    .nullable(),
  dispositif: z.string().max(100).nullable(),
  libelle: z.string().min(1).max(200),
  /** Positive: moved in from the section's available funds; negative: moved back. */
  deltaCentimes: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  date,
});
export const resultatEnveloppeSchema = z.object({
  fait: z.boolean(),
  compte: z.string().nullable(),
  soldeCentimes: z.number().int().nullable(),
  motif: z.string().nullable(),
  disponibleCentimes: z.number().int().nullable(),
  demandeCentimes: z.number().int().nullable(),
});

export const syntheseBudgetSchema = z.object({
  section: z.string(),
  origine: z.string(),
  branche: z.string().nullable(),
  dotationCentimes: z.number().int(),
  disponibleCentimes: z.number().int(),
  engageCentimes: z.number().int(),
  aPayerCentimes: z.number().int(),
  payeCentimes: z.number().int(),
});
export const budgetsSchema = z.object({ opco: z.string(), lignes: z.array(syntheseBudgetSchema) });

export const ligneFactureSchema = z.object({
  dossierId: z.string().min(1).max(100),
  numeroEcheance: z.number().int().min(1).nullable(),
  montantCentimes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
export const factureJsonSchema = z.object({
  opco: z.string().min(1).max(20),
  referenceCfa: z.string().min(1).max(100),
  dateFacture: date,
  lignes: z.array(ligneFactureSchema).min(1).max(1000),
});
export const resultatLigneSchema = z.object({
  rang: z.number().int(),
  apparie: z.boolean(),
  dossierId: z.string(),
  numeroEcheance: z.number().int().nullable(),
  montantCentimes: z.number().int(),
  motif: z.string().nullable(),
});
export const resultatFactureSchema = z.object({
  factureId: z.number().int(),
  referenceCfa: z.string(),
  statut: z.enum(['acceptee', 'partielle', 'refusee']),
  montantApparieCentimes: z.number().int(),
  lignes: z.array(resultatLigneSchema),
});
export const resultatFacturesSchema = z.object({
  factures: z.array(resultatFactureSchema),
  erreurs: z.array(z.object({ ligne: z.number().int(), probleme: z.string() })),
});
export const factureResumeSchema = z.object({
  id: z.number().int(),
  opco: z.string(),
  siretCfa: z.string(),
  referenceCfa: z.string(),
  dateFacture: z.string(),
  montantCentimes: z.number().int(),
  statut: z.string(),
  canal: z.string(),
  lignes: z.array(resultatLigneSchema),
});
export const facturesSchema = z.object({ factures: z.array(factureResumeSchema) });

export const certificatSchema = z.object({ dossierId: z.string().min(1).max(100), date });
export const resultatCertificatSchema = z.object({
  trouve: z.boolean(),
  devenuesPayables: z.number().int(),
  /** The certificates recorded (CSV: one per line of the file, `ligne` = its line number). */
  certificats: z.array(
    z.object({
      ligne: z.number().int(),
      dossierId: z.string(),
      date: z.string(),
      devenuesPayables: z.number().int(),
    }),
  ),
});

export const coordonneesSchema = z.object({
  nom: z.string().min(1).max(70),
  iban: z.string().min(15).max(42),
  bic: z.string().min(8).max(14),
});
export const resultatCoordonneesSchema = z.object({
  enregistre: z.boolean(),
  motifs: z.array(z.string()),
});

export const demandeLotSchema = z.object({
  dateExecution: date,
  lotId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, 'identifiant de lot : 20 caractères au plus')
    .optional(),
});
export const resultatLotSchema = z.object({
  lotId: z.string(),
  statut: z.enum(['termine', 'sans_coordonnees_debiteur']),
  nombrePaiements: z.number().int(),
  montantCentimes: z.number().int(),
  virements: z.number().int(),
  sansCoordonnees: z.number().int(),
  dejaTermine: z.boolean(),
});
export const lotResumeSchema = z.object({
  id: z.string(),
  dateExecution: z.string(),
  statut: z.string(),
  nombrePaiements: z.number().int(),
  montantCentimes: z.number().int(),
  empreinteFichier: z.string().nullable(),
});
export const lotsSchema = z.object({ lots: z.array(lotResumeSchema) });
export const paiementSchema = z.object({
  id: z.number().int(),
  lotId: z.string(),
  dossierId: z.string(),
  numero: z.number().int(),
  siret: z.string(),
  montantCentimes: z.number().int(),
  statut: z.string(),
  motifRejet: z.string().nullable(),
});
export const paiementsSchema = z.object({ paiements: z.array(paiementSchema) });

export const retourBancaireSchema = z.object({
  paiementId: z.number().int().min(1),
  motif: z.string().min(1).max(200),
  date,
});
export const resultatRetourSchema = z.object({ fait: z.boolean(), motif: z.string() });

export const syntheseCfaSchema = z.object({
  opco: z.string(),
  engageCentimes: z.number().int(),
  factureCentimes: z.number().int(),
  payeCentimes: z.number().int(),
  attendu: z.array(z.object({ mois: z.string(), montantCentimes: z.number().int() })),
});
export const synthesesCfaSchema = z.object({
  siret: z.string(),
  opcos: z.array(syntheseCfaSchema),
});

export const utilisationSchema = z.object({
  opco: z.string(),
  section: z.string(),
  annee: z.number().int(),
  dotationCentimes: z.number().int(),
  engageCentimes: z.number().int(),
  payeCentimes: z.number().int(),
});
export const utilisationsSchema = z.object({ lignes: z.array(utilisationSchema) });

export const verificationLivreSchema = z.object({
  valide: z.boolean(),
  ecritures: z.number().int(),
  lignes: z.number().int(),
  comptes: z.number().int(),
  anomalies: z.array(z.string()),
});

export const formatExportSchema = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
/** The OPCO's export: CSV of the budgets (default) or of the engagements not booked. */
export const exportOpcoSchema = formatExportSchema.extend({
  contenu: z.enum(['budgets', 'hors_livre']).default('budgets'),
});
