/**
 * Actors of the platform and their roles. An account (a person) belongs to organisations
 * through memberships, each with one role; software acts through an API key bound to one
 * organisation and one role. The platform administrator is a flag of the account.
 */

/** Kinds of organisation an account or a key acts for. */
export const typesOrganisation = [
  'entreprise',
  'organisme_formation',
  'opco',
  'branche',
  'france_competences',
  'etat',
] as const;
export type TypeOrganisation = (typeof typesOrganisation)[number];

/** Roles, each valid for exactly one kind of organisation. */
export const rolesParType = {
  entreprise: ['entreprise_administrateur', 'entreprise_membre'],
  organisme_formation: ['cfa_administrateur', 'cfa_membre'],
  opco: [
    'opco_administrateur',
    'opco_gestionnaire',
    'opco_instructeur',
    'opco_valideur',
    'opco_comptable',
  ],
  branche: ['branche_administrateur', 'branche_membre'],
  france_competences: ['france_competences_lecteur'],
  etat: ['etat_lecteur'],
} as const satisfies Record<TypeOrganisation, readonly string[]>;

export type Role = (typeof rolesParType)[TypeOrganisation][number];

export const roles: readonly Role[] = Object.values(rolesParType).flat();

/** The role that administers (invites and manages users of) each kind of organisation. */
export const roleAdministrateur: Partial<Record<TypeOrganisation, Role>> = {
  entreprise: 'entreprise_administrateur',
  organisme_formation: 'cfa_administrateur',
  opco: 'opco_administrateur',
  branche: 'branche_administrateur',
};

export const libellesRoles: Record<Role, string> = {
  entreprise_administrateur: "Administrateur de l'entreprise",
  entreprise_membre: "Membre de l'entreprise",
  cfa_administrateur: "Administrateur de l'organisme de formation",
  cfa_membre: "Membre de l'organisme de formation",
  opco_administrateur: "Administrateur de l'OPCO",
  opco_gestionnaire: 'Gestionnaire OPCO',
  opco_instructeur: 'Instructeur OPCO',
  opco_valideur: 'Valideur OPCO',
  opco_comptable: 'Comptable OPCO',
  branche_administrateur: 'Administrateur de la branche',
  branche_membre: 'Membre de la branche',
  france_competences_lecteur: 'France compétences (lecture nationale)',
  etat_lecteur: 'État (lecture nationale)',
};

export const libellesTypes: Record<TypeOrganisation, string> = {
  entreprise: 'Entreprise',
  organisme_formation: 'Organisme de formation / CFA',
  opco: 'OPCO',
  branche: 'Branche professionnelle',
  france_competences: 'France compétences',
  etat: 'État',
};

export function estRole(x: string): x is Role {
  return (roles as readonly string[]).includes(x);
}

export function typeDuRole(role: Role): TypeOrganisation {
  for (const t of typesOrganisation)
    if ((rolesParType[t] as readonly string[]).includes(role)) return t;
  /* c8 ignore next */
  throw new Error(`rôle sans type : ${role}`);
}

/** Identifiers binding an organisation to the outside world (only those of its kind are set). */
export interface IdentifiantsOrganisation {
  /** entreprise: SIREN of the legal unit; SIRETs of the establishments it acts for. */
  siren?: string | null;
  sirets?: readonly string[];
  /** organisme de formation / CFA. */
  siret?: string | null;
  uai?: string | null;
  /** OPCO: France compétences two-digit code. */
  codeOpco?: string | null;
  /** branche. */
  idcc?: string | null;
  cpne?: string | null;
}

export interface Organisation extends IdentifiantsOrganisation {
  id: string;
  type: TypeOrganisation;
  nom: string;
}

/** One role of an account in one organisation. */
export interface Adhesion {
  organisationId: string;
  typeOrganisation: TypeOrganisation;
  role: Role;
  /**
   * Attested on first use, e-mail not confirmed yet: only `actionsAvantConfirmation` are
   * allowed (attestation.ts). Absent or false: a full membership.
   */
  enAttente?: boolean;
}

/**
 * Who is acting: a person through a session, or software through an API key. An API key acts
 * with exactly one membership (its organisation and role), never as platform administrator.
 */
export interface Sujet {
  genre: 'personne' | 'logiciel';
  compteId: string | null;
  cleId: string | null;
  adhesions: readonly Adhesion[];
  administrateurPlateforme: boolean;
}
