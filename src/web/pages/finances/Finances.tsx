/**
 * Money pages (issue 13), one component per file in this folder: the OPCO's comptable
 * (`FinancesOpco`), the CFA (`FinancesCfa`), France compétences and the State
 * (`FinancesNational`). Every table is a `TableauFinances`.
 */
export { FinancesCfa } from './FinancesCfa.tsx';
export { FinancesNational } from './FinancesNational.tsx';
export { FinancesOpco } from './FinancesOpco.tsx';
