import { ErreurCsv, parserCsv, type LigneCsv } from '../../partage/csv.ts';
import type { Dotation } from './budget.ts';
import type { OrigineFonds, SectionFinancement } from './engagement.ts';
import type { FactureRecue } from './factures.ts';
import { origines, sections } from './grand-livre.ts';

/** Euros as written in a file (« 1234.56 », « 1 234,56 ») to integer cents, exactly. */
export function centimesDe(texte: string): number | null {
  const t = texte.replace(/[\s\u202f\u00a0€]/g, '').replace(',', '.');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const c = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(c) ? c : null;
}

export interface ErreurLigne {
  ligne: number;
  probleme: string;
}

/** Parses a CSV, turning a malformed file (unclosed quote…) into an error line, never a throw. */
function lire(texte: string, separateur: string): LigneCsv[] | ErreurLigne {
  try {
    return parserCsv(texte, separateur);
  } catch (e) {
    if (e instanceof ErreurCsv) return { ligne: e.ligne, probleme: e.probleme };
    throw e;
  }
}

const ENTETE_DOTATIONS = [
  'opco',
  'section',
  'origine',
  'annee',
  'montant_euros',
  'reference',
  'date_reference',
];

/**
 * Allocations file (format defined by the platform, documented in docs/finances.md since France
 * compétences publishes its deliberations as PDF): one line per OPCO × section × origin × year.
 */
export function lireDotationsCsv(texte: string): { dotations: Dotation[]; erreurs: ErreurLigne[] } {
  const lignes = lire(texte, ',');
  if (!Array.isArray(lignes)) return { dotations: [], erreurs: [lignes] };
  const erreurs: ErreurLigne[] = [];
  const entete = lignes[0]?.champs.map((c) => c.trim().toLowerCase()) ?? [];
  if (ENTETE_DOTATIONS.some((c, i) => entete[i] !== c))
    return {
      dotations: [],
      erreurs: [{ ligne: 1, probleme: `en-tête attendu : ${ENTETE_DOTATIONS.join(',')}` }],
    };
  const dotations: Dotation[] = [];
  for (const l of lignes.slice(1)) {
    const [opco, section, origine, annee, montant, reference, date] = l.champs.map((c) => c.trim());
    const centimes = centimesDe(montant ?? '');
    if (!opco) erreurs.push({ ligne: l.numero, probleme: 'opco vide' });
    else if (!sections.includes(section as SectionFinancement))
      erreurs.push({ ligne: l.numero, probleme: `section inconnue : ${section}` });
    else if (!origines.includes(origine as OrigineFonds))
      erreurs.push({ ligne: l.numero, probleme: `origine inconnue : ${origine}` });
    else if (!/^\d{4}$/.test(annee ?? ''))
      erreurs.push({ ligne: l.numero, probleme: `année invalide : ${annee}` });
    else if (centimes === null || centimes <= 0)
      erreurs.push({ ligne: l.numero, probleme: `montant invalide : ${montant}` });
    else if (!reference)
      erreurs.push({ ligne: l.numero, probleme: 'référence (délibération) vide' });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? ''))
      erreurs.push({ ligne: l.numero, probleme: `date invalide : ${date}` });
    else
      dotations.push({
        opco,
        section: section as SectionFinancement,
        origine: origine as OrigineFonds,
        annee: Number(annee),
        montantCentimes: centimes,
        reference,
        dateReference: date ?? '',
      });
  }
  return { dotations, erreurs };
}

const ENTETE_FACTURES = [
  'siret_cfa',
  'reference_cfa',
  'date_facture',
  'dossier',
  'numero_echeance',
  'montant_euros',
];

/** CFA invoices file: one line per invoiced instalment; lines of one reference make one invoice. */
export function lireFacturesCsv(
  texte: string,
  opco: string,
): { factures: FactureRecue[]; erreurs: ErreurLigne[] } {
  const lignes = lire(texte, texte.split('\n')[0]?.includes(';') ? ';' : ',');
  if (!Array.isArray(lignes)) return { factures: [], erreurs: [lignes] };
  const entete = lignes[0]?.champs.map((c) => c.trim().toLowerCase()) ?? [];
  if (ENTETE_FACTURES.some((c, i) => entete[i] !== c))
    return {
      factures: [],
      erreurs: [{ ligne: 1, probleme: `en-tête attendu : ${ENTETE_FACTURES.join(',')}` }],
    };
  const erreurs: ErreurLigne[] = [];
  const parRef = new Map<string, FactureRecue & { lignes: FactureRecue['lignes'][number][] }>();
  for (const l of lignes.slice(1)) {
    const [siret, ref, date, dossier, numero, montant] = l.champs.map((c) => c.trim());
    const centimes = centimesDe(montant ?? '');
    if (!/^\d{14}$/.test(siret ?? ''))
      erreurs.push({ ligne: l.numero, probleme: `SIRET invalide : ${siret}` });
    else if (!ref) erreurs.push({ ligne: l.numero, probleme: 'référence de facture vide' });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? ''))
      erreurs.push({ ligne: l.numero, probleme: `date invalide : ${date}` });
    else if (!dossier) erreurs.push({ ligne: l.numero, probleme: 'dossier vide' });
    else if (numero && !/^\d+$/.test(numero))
      erreurs.push({ ligne: l.numero, probleme: `numéro d'échéance invalide : ${numero}` });
    else if (centimes === null || centimes <= 0)
      erreurs.push({ ligne: l.numero, probleme: `montant invalide : ${montant}` });
    else {
      const k = `${siret}|${ref}`;
      let f = parRef.get(k);
      if (!f) {
        f = { opco, siretCfa: siret ?? '', referenceCfa: ref, dateFacture: date ?? '', lignes: [] };
        parRef.set(k, f);
      }
      f.lignes.push({
        dossierId: dossier,
        numeroEcheance: numero ? Number(numero) : null,
        montantCentimes: centimes,
      });
    }
  }
  return { factures: [...parRef.values()], erreurs };
}

const ENTETE_CERTIFICATS = ['dossier', 'date_realisation'];

export interface CertificatLu {
  /** Line of the file (1 = header), to name a refused line. */
  ligne: number;
  dossierId: string;
  date: string;
}

/**
 * Completion certificates file (format defined by the platform): `dossier,date_realisation`,
 * separator `,` or `;`. A dossier named twice is an error; the caller records nothing when any
 * line is wrong (all-or-nothing), naming every bad line.
 */
export function lireCertificatsCsv(texte: string): {
  certificats: CertificatLu[];
  erreurs: ErreurLigne[];
} {
  const lignes = lire(texte, texte.split('\n')[0]?.includes(';') ? ';' : ',');
  if (!Array.isArray(lignes)) return { certificats: [], erreurs: [lignes] };
  const entete =
    lignes[0]?.champs.map((c) =>
      c
        .trim()
        .toLowerCase()
        .replace(/^\ufeff/, ''),
    ) ?? [];
  if (ENTETE_CERTIFICATS.some((c, i) => entete[i] !== c))
    return {
      certificats: [],
      erreurs: [{ ligne: 1, probleme: `en-tête attendu : ${ENTETE_CERTIFICATS.join(',')}` }],
    };
  const erreurs: ErreurLigne[] = [];
  const certificats: CertificatLu[] = [];
  const vus = new Map<string, number>();
  for (const l of lignes.slice(1)) {
    const [dossier, date] = l.champs.map((c) => c.trim());
    if (!dossier && !date && l.champs.length <= 1) continue;
    if (!dossier) erreurs.push({ ligne: l.numero, probleme: 'dossier vide' });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '') || !dateExiste(date ?? ''))
      erreurs.push({
        ligne: l.numero,
        probleme: `date de réalisation invalide : « ${date ?? ''} » (AAAA-MM-JJ attendu)`,
      });
    else if (vus.has(dossier))
      erreurs.push({
        ligne: l.numero,
        probleme: `dossier ${dossier} déjà présent à la ligne ${vus.get(dossier) ?? 0}`,
      });
    else {
      vus.set(dossier, l.numero);
      certificats.push({ ligne: l.numero, dossierId: dossier, date: date ?? '' });
    }
  }
  if (certificats.length === 0 && erreurs.length === 0)
    erreurs.push({ ligne: 2, probleme: 'aucun certificat dans le fichier' });
  return { certificats, erreurs };
}

function dateExiste(d: string): boolean {
  const [a, m, j] = d.split('-').map(Number) as [number, number, number];
  const x = new Date(Date.UTC(a, m - 1, j));
  return x.getUTCFullYear() === a && x.getUTCMonth() === m - 1 && x.getUTCDate() === j;
}
