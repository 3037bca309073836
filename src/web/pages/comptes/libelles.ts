import { libellesRoles, libellesTypes, rolesParType } from '../../../domaine/comptes/roles.ts';

export { libellesRoles, libellesTypes, rolesParType };
