import type { OrigineFonds, SectionFinancement } from './engagement.ts';

/**
 * The double-entry ledger, pure. Every account belongs to one OPCO, one section, one origin of
 * funds and (optionally) one branch (IDCC); an entry only moves money between accounts of the
 * SAME OPCO, section and origin of funds (L6332-1-2, R6332-15: never mixed), all in integer cents.
 *
 * Accounts are budgetary (comptabilité d'engagement): a signed balance = debits − credits, and
 * every state of a euro has its account:
 * - `dotation`   source: France compétences allocations (or branch/voluntary receipts) — credit balance;
 * - `disponible` allocated, not yet put in an envelope (reference: budget year);
 * - `enveloppe`  set aside by the OPCO administrators for a branch or a scheme (reference: envelope id);
 * - `engage`     committed for a beneficiary, not yet invoiced (reference: SIRET);
 * - `a_payer`    invoiced and matched, waiting for a payment run (reference: SIRET);
 * - `paye`       paid by transfer (reference: SIRET).
 * Cash received from France compétences (appels de fonds, R6123-28), beside the budget:
 * - `tresorerie`  funds received by the section (debit balance; reference: none);
 * - `fonds_recus` their source: what France compétences paid of the year's allocation (credit
 *   balance; reference: budget year). Paid to CFAs = the `paye` balances.
 */
export const naturesCompte = [
  'dotation',
  'disponible',
  'enveloppe',
  'engage',
  'a_payer',
  'paye',
  'tresorerie',
  'fonds_recus',
] as const;
export type NatureCompte = (typeof naturesCompte)[number];

export const sections: readonly SectionFinancement[] = [
  'alternance',
  'plan_moins_50',
  'pro_a',
  'cpf',
  'fonctionnement',
];
export const origines: readonly OrigineFonds[] = ['mutualises', 'conventionnels', 'volontaires'];

export interface CleCompte {
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  /** IDCC of the branch, or null for the whole section. */
  branche: string | null;
  nature: NatureCompte;
  /** Budget year, envelope id or SIRET depending on the nature; null when none. */
  reference: string | null;
}

/** The account's stable code, its primary key: `opco|section|origine|branche|nature|reference`. */
export function codeCompte(c: CleCompte): string {
  return [c.opco, c.section, c.origine, c.branche ?? '-', c.nature, c.reference ?? '-'].join('|');
}

export function lireCodeCompte(code: string): CleCompte {
  const [opco, section, origine, branche, nature, reference] = code.split('|');
  return {
    opco: opco ?? '',
    section: section as SectionFinancement,
    origine: origine as OrigineFonds,
    branche: branche === '-' || branche === undefined ? null : branche,
    nature: nature as NatureCompte,
    reference: reference === '-' || reference === undefined ? null : reference,
  };
}

export type Sens = 'D' | 'C';

export interface LigneEcriture {
  compte: string;
  sens: Sens;
  montantCentimes: number;
}

export const typesCause = [
  'dotation',
  'enveloppe',
  'engagement',
  'ajustement',
  'facture',
  'paiement',
  'retour_bancaire',
  'contrepassation',
  'versement',
] as const;
export type TypeCause = (typeof typesCause)[number];

/** A journal entry before it is numbered by the store. */
export interface EcritureProposee {
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  dateComptable: string;
  libelle: string;
  cause: { type: TypeCause; reference: string };
  /** The entry this one reverses (corrections are reversing entries only). */
  contrepasse: number | null;
  lignes: readonly LigneEcriture[];
}

/** What is wrong with an entry (empty when it may be posted). */
export function anomaliesEcriture(e: EcritureProposee): string[] {
  const a: string[] = [];
  if (e.lignes.length < 2) a.push('une écriture a au moins deux lignes');
  let debit = 0;
  let credit = 0;
  for (const l of e.lignes) {
    if (!Number.isSafeInteger(l.montantCentimes) || l.montantCentimes <= 0)
      a.push(`montant non entier ou non positif sur ${l.compte} : ${l.montantCentimes}`);
    if (l.sens === 'D') debit += l.montantCentimes;
    else credit += l.montantCentimes;
    const c = lireCodeCompte(l.compte);
    if (c.opco !== e.opco || c.section !== e.section || c.origine !== e.origine)
      a.push(
        `le compte ${l.compte} n'est pas de ${e.opco}/${e.section}/${e.origine} : fonds jamais mêlés`,
      );
  }
  if (debit !== credit) a.push(`écriture déséquilibrée : débit ${debit}, crédit ${credit}`);
  return a;
}

/** The reversing entry of `origine` (lines swapped), optionally for part of it (`lignes`). */
export function contrepassation(
  id: number,
  origine: EcritureProposee,
  dateComptable: string,
  libelle: string,
  cause: EcritureProposee['cause'],
  lignes: readonly LigneEcriture[] = origine.lignes,
): EcritureProposee {
  return {
    ...origine,
    dateComptable,
    libelle,
    cause,
    contrepasse: id,
    lignes: lignes.map((l) => ({ ...l, sens: l.sens === 'D' ? 'C' : 'D' })),
  };
}

/** A two-line entry moving `montant` from `credit` to `debit`. */
export function mouvement(
  de: CleCompte,
  vers: CleCompte,
  montantCentimes: number,
  dateComptable: string,
  libelle: string,
  cause: EcritureProposee['cause'],
): EcritureProposee {
  return {
    opco: vers.opco,
    section: vers.section,
    origine: vers.origine,
    dateComptable,
    libelle,
    cause,
    contrepasse: null,
    lignes: [
      { compte: codeCompte(vers), sens: 'D', montantCentimes },
      { compte: codeCompte(de), sens: 'C', montantCentimes },
    ],
  };
}

/** Net effect of lines on balances (debit − credit), per account. */
export function effetSurSoldes(lignes: readonly LigneEcriture[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lignes)
    m.set(
      l.compte,
      (m.get(l.compte) ?? 0) + (l.sens === 'D' ? l.montantCentimes : -l.montantCentimes),
    );
  return m;
}

/** Euros for messages: 123456 → « 1 234,56 € ». */
export function euros(centimes: number): string {
  const signe = centimes < 0 ? '-' : '';
  const abs = Math.abs(centimes);
  const entiers = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${signe}${entiers},${String(abs % 100).padStart(2, '0')} €`;
}
