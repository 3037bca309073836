import { z } from 'zod';
import { roles, typesOrganisation, type Role } from '../domaine/comptes/roles.ts';
import { problemeSchema } from './probleme.ts';

/** Request and response shapes of accounts, sessions, organisations, API keys and audit. */

export const roleSchema = z.enum(roles as [Role, ...Role[]]).meta({ id: 'Role' });
export const typeOrganisationSchema = z.enum(typesOrganisation).meta({ id: 'TypeOrganisation' });
export const espaceSchema = z.enum([
  'entreprise',
  'opco',
  'cfa',
  'branche',
  'national',
  'plateforme',
]);

const courriel = z.string().trim().min(3).max(254).describe('Adresse électronique');
const motDePasse = z.string().min(1).max(1024);

export const connexionSchema = z.object({ courriel, motDePasse });
export type Connexion = z.infer<typeof connexionSchema>;

export const organisationSchema = z
  .object({
    id: z.string(),
    type: typeOrganisationSchema,
    nom: z.string(),
    siren: z.string().nullable().optional(),
    sirets: z.array(z.string()).readonly().optional(),
    siret: z.string().nullable().optional(),
    uai: z.string().nullable().optional(),
    codeOpco: z.string().nullable().optional(),
    idcc: z.string().nullable().optional(),
    cpne: z.string().nullable().optional(),
  })
  .meta({ id: 'Organisation' });
export type OrganisationDto = z.infer<typeof organisationSchema>;

export const moiSchema = z
  .object({
    compte: z.object({
      id: z.string().nullable(),
      courriel: z.string().nullable(),
      nom: z.string().nullable(),
      administrateurPlateforme: z.boolean(),
      methode: z.enum(['session', 'cle_api']),
    }),
    motDePasseAChanger: z
      .boolean()
      .describe(
        'Vrai tant que le mot de passe initial n’a pas été changé : seules /moi et le changement de mot de passe sont ouverts',
      ),
    organisations: z.array(
      organisationSchema.extend({
        roles: z.array(roleSchema),
        enAttente: z
          .boolean()
          .describe(
            'Entreprise attestée dont le courriel n’est pas encore confirmé : lecture seule jusqu’à la confirmation',
          ),
      }),
    ),
    espaces: z.array(espaceSchema),
    jetonCsrf: z
      .string()
      .nullable()
      .describe(
        'À renvoyer dans l’en-tête X-CSRF-Token des requêtes qui modifient (session seulement)',
      ),
  })
  .meta({ id: 'Moi' });
export type Moi = z.infer<typeof moiSchema>;

export const changementMotDePasseSchema = z.object({
  motDePasseActuel: motDePasse,
  nouveauMotDePasse: motDePasse,
});
export type ChangementMotDePasse = z.infer<typeof changementMotDePasseSchema>;

export const demandeReinitialisationSchema = z.object({ courriel });
export const definitionMotDePasseSchema = z.object({
  jeton: z.string().min(10).max(200).describe('Jeton du lien reçu par courriel'),
  motDePasse,
});
export type DefinitionMotDePasse = z.infer<typeof definitionMotDePasseSchema>;

export const creationOrganisationSchema = z.object({
  type: typeOrganisationSchema,
  nom: z.string().trim().max(200).optional(),
  siren: z.string().optional(),
  siret: z.string().optional(),
  sirets: z.array(z.string()).max(1000).optional(),
  uai: z.string().optional(),
  codeOpco: z.string().optional(),
  idcc: z.string().optional(),
  cpne: z.string().optional(),
});

export const membreSchema = z
  .object({
    compteId: z.string(),
    courriel: z.string(),
    nom: z.string().nullable(),
    roles: z.array(roleSchema),
    actif: z.boolean(),
  })
  .meta({ id: 'Membre' });
export type MembreDto = z.infer<typeof membreSchema>;

export const invitationSchema = z.object({
  courriel,
  role: roleSchema,
  nom: z.string().trim().max(200).optional(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const cleApiSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    role: roleSchema,
    libelle: z.string(),
    prefixe: z.string().describe('Début public de la clé (opco_<prefixe>_…), pour la reconnaître'),
    creeLe: z.string(),
    revoqueeLe: z.string().nullable(),
  })
  .meta({ id: 'CleApi' });
export type CleApiDto = z.infer<typeof cleApiSchema>;

export const creationCleSchema = z.object({
  libelle: z.string().trim().min(1).max(100),
  role: roleSchema,
});
export type CreationCle = z.infer<typeof creationCleSchema>;

export const cleCreeeSchema = z.object({
  cle: z.string().describe('La clé, montrée cette seule fois : elle n’est conservée que hachée'),
  info: cleApiSchema,
});
export type CleCreee = z.infer<typeof cleCreeeSchema>;

export const ligneAuditSchema = z
  .object({
    rang: z.number().int(),
    horodatage: z.string(),
    compteId: z.string().nullable(),
    cleId: z.string().nullable(),
    organisationId: z.string().nullable(),
    action: z.string(),
    ressource: z.string(),
    avant: z.string().nullable().describe('SHA-256 de l’état avant'),
    apres: z.string().nullable().describe('SHA-256 de l’état après'),
    precedent: z.string(),
    empreinte: z.string(),
  })
  .meta({ id: 'LigneAudit' });
export type LigneAuditDto = z.infer<typeof ligneAuditSchema>;

export const verificationAuditSchema = z.object({
  valide: z.boolean(),
  lignes: z.number().int(),
  rang: z.number().int().optional(),
  raison: z.string().optional(),
});

/** Error responses of routes behind access control. */
export const reponsesAcces = {
  401: problemeSchema,
  403: problemeSchema,
} as const;
