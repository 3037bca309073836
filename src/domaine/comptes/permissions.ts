import { actionsAvantConfirmation } from './attestation.ts';
import type { Adhesion, Role, Sujet, TypeOrganisation } from './roles.ts';

/**
 * Every action a route may require. Names are `<resource>.<verb>`; the dossier and money
 * actions are declared now so that the routes to come only have to name them.
 */
export const actions = [
  'compte.lire_soi',
  'compte.modifier_soi',
  'organisation.lire',
  'organisation.administrer',
  'organisation.creer',
  'cle_api.gerer',
  'audit.lire',
  'audit.lire_tout',
  'compte.administrer_plateforme',
  'dossier.lire',
  'dossier.deposer',
  'dossier.instruire',
  'dossier.valider',
  'dossier.decider',
  'dossier.modifier',
  'engagement.lire',
  'paiement.ordonner',
  'statistiques.lire',
  'bareme.modifier',
  'catalogue.modifier',
  'finances.lire',
  'finances.lire_national',
  'finances.budgeter',
  'finances.engager',
  'finances.facturer',
  'finances.payer',
  'piece.lire',
] as const;
export type Action = (typeof actions)[number];

/**
 * How far a permission reaches:
 * - `organisation`: resources owned by one of the organisations the subject acts for with this role;
 * - `national`: every organisation's resources, read only (France compétences, the State);
 * - `soi`: the subject's own account, no organisation involved.
 */
export type Portee = 'organisation' | 'national' | 'soi';

export interface Permission {
  role: Role | '*';
  action: Action;
  portee: Portee;
}

/** Members of a company or of a CFA. */
const rolesEntrepriseCfa: readonly Role[] = [
  'entreprise_administrateur',
  'entreprise_membre',
  'cfa_administrateur',
  'cfa_membre',
];
/** OPCO staff. */
const rolesOpco: readonly Role[] = [
  'opco_administrateur',
  'opco_gestionnaire',
  'opco_instructeur',
  'opco_valideur',
  'opco_comptable',
];
const tousLesMembres: readonly Role[] = [
  ...rolesEntrepriseCfa,
  ...rolesOpco,
  'branche_administrateur',
  'branche_membre',
  'france_competences_lecteur',
  'etat_lecteur',
];

function pour(rolesVises: readonly (Role | '*')[], action: Action, portee: Portee): Permission[] {
  return rolesVises.map((role) => ({ role, action, portee }));
}

/** THE table of permissions: (role, action, scope). Nothing else grants access. */
export const tablePermissions: readonly Permission[] = [
  ...pour(['*'], 'compte.lire_soi', 'soi'),
  ...pour(['*'], 'compte.modifier_soi', 'soi'),
  ...pour(tousLesMembres, 'organisation.lire', 'organisation'),
  ...pour(
    [
      'entreprise_administrateur',
      'cfa_administrateur',
      'opco_administrateur',
      'branche_administrateur',
    ],
    'organisation.administrer',
    'organisation',
  ),
  ...pour(
    [
      'entreprise_administrateur',
      'cfa_administrateur',
      'opco_administrateur',
      'branche_administrateur',
    ],
    'cle_api.gerer',
    'organisation',
  ),
  ...pour(
    [
      'entreprise_administrateur',
      'cfa_administrateur',
      'opco_administrateur',
      'branche_administrateur',
    ],
    'audit.lire',
    'organisation',
  ),
  ...pour([...rolesEntrepriseCfa, ...rolesOpco], 'dossier.lire', 'organisation'),
  ...pour(rolesEntrepriseCfa, 'dossier.deposer', 'organisation'),
  ...pour(['opco_gestionnaire', 'opco_instructeur'], 'dossier.instruire', 'organisation'),
  ...pour(['opco_valideur'], 'dossier.valider', 'organisation'),
  // Issue 12: the decision on a dossier (engage or refuse, with a reason) and the changes a
  // company or its CFA asks after the engagement (avenant, rupture, annulation).
  ...pour(
    ['opco_gestionnaire', 'opco_instructeur', 'opco_valideur'],
    'dossier.decider',
    'organisation',
  ),
  ...pour(rolesEntrepriseCfa, 'dossier.modifier', 'organisation'),
  ...pour(['opco_comptable', 'opco_valideur'], 'engagement.lire', 'organisation'),
  ...pour(['opco_comptable'], 'paiement.ordonner', 'organisation'),
  ...pour(['branche_administrateur', 'branche_membre'], 'statistiques.lire', 'organisation'),
  ...pour(['france_competences_lecteur', 'etat_lecteur'], 'statistiques.lire', 'national'),
  ...pour(['france_competences_lecteur', 'etat_lecteur'], 'dossier.lire', 'national'),
  ...pour(['france_competences_lecteur', 'etat_lecteur'], 'engagement.lire', 'national'),
  ...pour(['opco_administrateur', 'branche_administrateur'], 'bareme.modifier', 'organisation'),
  ...pour(['opco_administrateur', 'opco_gestionnaire'], 'catalogue.modifier', 'organisation'),
  // Money (issue 13): read budgets, runs and invoices; set envelopes; book engagements; send
  // invoices (CFA); order payment runs and record bank returns.
  ...pour(
    [
      'opco_administrateur',
      'opco_comptable',
      'opco_gestionnaire',
      'opco_valideur',
      'cfa_administrateur',
      'cfa_membre',
    ],
    'finances.lire',
    'organisation',
  ),
  // France compétences and the State see each OPCO's use of its allocations, not its accounts.
  ...pour(['france_competences_lecteur', 'etat_lecteur'], 'finances.lire_national', 'national'),
  ...pour(['opco_administrateur'], 'finances.budgeter', 'organisation'),
  ...pour(['opco_valideur', 'opco_comptable'], 'finances.engager', 'organisation'),
  ...pour(['cfa_administrateur', 'cfa_membre'], 'finances.facturer', 'organisation'),
  ...pour(['opco_comptable'], 'finances.payer', 'organisation'),
  // Issue 12: the pièces jointes of a dossier (contract, convention…) are read by its company,
  // its CFA and its OPCO's staff — not nationally (France compétences and the State see dossiers).
  ...pour([...rolesEntrepriseCfa, ...rolesOpco], 'piece.lire', 'organisation'),
];

/** Actions the platform administrator holds over every organisation. */
export const actionsAdministrateurPlateforme: readonly Action[] = [
  'compte.administrer_plateforme',
  'organisation.creer',
  'organisation.lire',
  'organisation.administrer',
  'audit.lire',
  'audit.lire_tout',
];

/** Actions an API key can never hold, whatever its role (they need a person). */
export const actionsReserveesAuxPersonnes: readonly Action[] = [
  'compte.modifier_soi',
  'organisation.administrer',
  'cle_api.gerer',
  'compte.administrer_plateforme',
  'organisation.creer',
];

/** The resource an action is asked on: owned by one organisation, or none (the subject's own). */
export interface Ressource {
  organisationId: string | null;
}

export type Decision = { autorise: true; motif: string } | { autorise: false; motif: string };

function permet(adhesion: Adhesion, action: Action, ressource: Ressource): string | null {
  if (adhesion.enAttente && !actionsAvantConfirmation.includes(action)) return null;
  for (const p of tablePermissions) {
    if (p.action !== action || (p.role !== '*' && p.role !== adhesion.role)) continue;
    if (p.portee === 'soi') return `${p.role} ${action} (soi)`;
    if (p.portee === 'national') return `${adhesion.role} ${action} (national)`;
    if (ressource.organisationId !== null && ressource.organisationId === adhesion.organisationId)
      return `${adhesion.role} ${action} (organisation ${adhesion.organisationId})`;
  }
  return null;
}

/**
 * THE one function that decides. `ressource.organisationId === null` means « some organisation
 * of the subject » — for a listing the caller then filters rows with `organisationsPermises`.
 */
export function decider(sujet: Sujet, action: Action, ressource: Ressource): Decision {
  if (sujet.genre === 'logiciel' && actionsReserveesAuxPersonnes.includes(action))
    return { autorise: false, motif: `${action} est réservé aux personnes` };
  if (sujet.administrateurPlateforme && actionsAdministrateurPlateforme.includes(action))
    return { autorise: true, motif: `administrateur de la plateforme : ${action}` };
  // « soi » permissions need no membership (an account with no organisation still reads itself).
  if (tablePermissions.some((p) => p.action === action && p.role === '*' && p.portee === 'soi'))
    return { autorise: true, motif: `${action} (soi)` };
  for (const a of sujet.adhesions) {
    if (ressource.organisationId === null) {
      // Asked without a resource: allowed if some membership could hold it.
      const m = permet(a, action, { organisationId: a.organisationId });
      if (m) return { autorise: true, motif: m };
    } else {
      const m = permet(a, action, ressource);
      if (m) return { autorise: true, motif: m };
    }
  }
  return { autorise: false, motif: `aucun rôle ne permet ${action}` };
}

/**
 * For listings: the organisations whose rows the subject may see for this action, or `'toutes'`
 * (national read, platform administrator).
 */
export function organisationsPermises(sujet: Sujet, action: Action): 'toutes' | Set<string> {
  if (sujet.genre === 'logiciel' && actionsReserveesAuxPersonnes.includes(action)) return new Set();
  if (sujet.administrateurPlateforme && actionsAdministrateurPlateforme.includes(action))
    return 'toutes';
  const ids = new Set<string>();
  for (const a of sujet.adhesions) {
    if (a.enAttente && !actionsAvantConfirmation.includes(action)) continue;
    for (const p of tablePermissions) {
      if (p.action !== action || (p.role !== '*' && p.role !== a.role)) continue;
      if (p.portee === 'national') return 'toutes';
      if (p.portee === 'organisation') ids.add(a.organisationId);
    }
  }
  return ids;
}

/** The spaces of the web UI a subject may enter, from its memberships. */
export type Espace = 'entreprise' | 'opco' | 'cfa' | 'branche' | 'national' | 'plateforme';

export function espacesDe(sujet: Sujet): Espace[] {
  const parType: Record<TypeOrganisation, Espace> = {
    entreprise: 'entreprise',
    organisme_formation: 'cfa',
    opco: 'opco',
    branche: 'branche',
    france_competences: 'national',
    etat: 'national',
  };
  const e = new Set<Espace>(sujet.adhesions.map((a) => parType[a.typeOrganisation]));
  if (sujet.administrateurPlateforme) e.add('plateforme');
  return [...e];
}
