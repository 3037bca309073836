/**
 * Storage of accounts and access, split by aggregate under `src/stockage/comptes/`; this module
 * re-exports them so callers keep one import (`import * as depot from '…/comptes.depot.ts'`).
 */
export * from './comptes/tables.ts';
export * from './comptes/comptes.depot.ts';
export * from './comptes/sessions.depot.ts';
export * from './comptes/invitations.depot.ts';
export * from './comptes/cles.depot.ts';
export * from './comptes/attestations.depot.ts';
