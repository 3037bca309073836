/**
 * The value of an explanation node written for a person, in French (shared by the API's `texte`,
 * the CLI and the web): amounts in euros with two decimals, shares as percentages, dates as
 * dd/mm/yyyy, counts with their unit — never a scaled integer or a day number.
 */
const formatNombre = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const formatEuros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const formatPourcent = new Intl.NumberFormat('fr-FR', {
  style: 'percent',
  maximumFractionDigits: 3,
});

const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/** '2025-07-01' → '01/07/2025' wherever it appears in a text. */
export function datesFr(texte: string): string {
  return texte.replace(ISO, '$3/$2/$1');
}

/** Singular of a unit word for 1 (« 1 an », « 1 période »). */
const SINGULIERS: Record<string, string> = {
  ans: 'an',
  jours: 'jour',
  heures: 'heure',
  semaines: 'semaine',
  périodes: 'période',
  salariés: 'salarié',
};
const MOTS: Record<string, string> = { salaries: 'salariés', annees: 'années' };

function avecUnite(n: number, unite: string): string {
  const mot = MOTS[unite] ?? unite;
  return `${formatNombre.format(n)} ${n === 1 ? (SINGULIERS[mot] ?? mot) : mot}`;
}

function nombreLisible(v: number, unite: string): string {
  if (unite === '€' || unite === 'EUR') return formatEuros.format(v);
  if (unite === '/1') return formatPourcent.format(v);
  if (unite === 'EUR/heure' || unite === '€/heure') return `${formatEuros.format(v)} de l’heure`;
  if (unite === 'année') return v === 1 ? '1re année' : `${formatNombre.format(v)}e année`;
  if (unite === '') return formatNombre.format(v);
  return avecUnite(v, unite);
}

/** « 27 %, 39 % et 55 % ». */
function enumeration(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} et ${xs[xs.length - 1] ?? ''}`;
}

export function valeurLisible(n: {
  valeur: number | string | boolean | null;
  unite?: string | undefined;
}): string {
  const v = n.valeur;
  const unite = n.unite ?? '';
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'number') return nombreLisible(v, unite);
  const items = v
    .split(' / ')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (unite === 'dates') return enumeration(items.map(datesFr));
  if (unite.startsWith('liste ') && items.every((x) => Number.isFinite(Number(x)))) {
    const sous = unite.slice('liste '.length);
    const ns = items.map(Number);
    if (sous === '/1') return enumeration(ns.map((x) => formatPourcent.format(x)));
    return `${enumeration(ns.map((x) => formatNombre.format(x)))} ${MOTS[sous] ?? sous}`;
  }
  return datesFr(v);
}
