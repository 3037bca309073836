/**
 * The money store (issue 13). Every function that moves money runs in ONE transaction that
 * posts its ledger entry, updates the account balances (in account-id order, so concurrent
 * writers never deadlock) and appends the audit row. Availability is read under the row lock of
 * the account it is taken from (SELECT … FOR UPDATE): 200 concurrent commitments on the last
 * euros queue on that row and never overspend. Payment runs take instalments by batches with
 * FOR UPDATE SKIP LOCKED, each batch committed on its own: a run killed at any point resumes
 * where it stopped, and two processes running the same run share the work.
 */
//
// Split by aggregate (no behaviour change); this module re-exports them so that every caller
// (routes, CLI, the dossiers' port, tests, benches) keeps importing `finances.depot.ts`:
//   finances/grand-livre.ts   ledger: entries, lines, balances
//   finances/budgets.ts       France compétences allocations, envelopes
//   finances/engagements.ts   engagements, schedules, avenants, dossiers → ledger
//   finances/hors-livre.ts    engagements not booked: the comptable's list, booking them later
//   finances/factures.ts      CFA invoices, completion certificates, bank details
//   finances/lots.ts          payment runs, bank returns
//   finances/verification.ts  `opco finances verifier`
//   finances/vues.ts          views and export rows
export { auteurSysteme, type Auteur } from './finances/interne.ts';
export * from './finances/grand-livre.ts';
export * from './finances/budgets.ts';
export * from './finances/engagements.ts';
export * from './finances/hors-livre.ts';
export * from './finances/factures.ts';
export * from './finances/lots.ts';
export * from './finances/verification.ts';
export * from './finances/vues.ts';
export * from './finances/appels-fonds.ts';
export * from './finances/perequation.ts';
export * from './finances/esf.ts';
