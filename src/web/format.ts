/**
 * The one place where the UI writes numbers, amounts, percentages and dates, and mends the French
 * of sentences that come from the server: dates as dd/mm/yyyy, thousands grouped with a narrow
 * no-break space (Intl, fr-FR), « de » elided before a vowel (« d'ATLAS »).
 */

const formatNombre = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const formatEuros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const formatPourcent = new Intl.NumberFormat('fr-FR', {
  style: 'percent',
  maximumFractionDigits: 3,
});

/** 12345.5 → « 12 345,5 » (narrow no-break space). */
export function nombre(n: number): string {
  return formatNombre.format(n);
}

/** 6610 → « 6 610,00 € ». */
export function euros(n: number): string {
  return formatEuros.format(n);
}

/** A share 0..1 → « 80 % ». */
export function pourcent(part: number): string {
  return formatPourcent.format(part);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2025-07-01' → '01/07/2025'; anything else is returned as is. */
export function date(iso: string): string {
  const m = ISO.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** The period of a version: « du 01/01/2019 au 12/12/2019 » or « depuis le 30/06/2025 ». */
export function periode(du: string, au: string | null): string {
  return au ? `du ${date(du)} au ${date(au)}` : `depuis le ${date(du)}`;
}

/** « de » before a name: « d'ATLAS », « d'OPCO2I », « de Constructys ». */
export function de(nom: string): string {
  return /^[aeiouàâéèêëîïôûüœ]/i.test(nom) ? `d'${nom}` : `de ${nom}`;
}

/**
 * A sentence written by the server, made to read as French on screen: ISO dates become
 * dd/mm/yyyy, « de » is elided before a word that starts with a capital vowel (an OPCO's name, an
 * acronym), counts of establishments get their thousands grouped.
 */
export function phrase(texte: string): string {
  return (
    texte
      .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1')
      .replace(/\b([Dd])e ([AEIOUÀÂÉÈÊÎÏÔÛŒ])/g, "$1'$2")
      .replace(/\b(\d{4,})(?= (?:établissement|SIRET|ligne|article|convention))/g, (n) =>
        nombre(Number(n)),
      )
      .replace(/\((\d{5,})\)/g, (_m, n: string) => `(${nombre(Number(n))})`)
      // « 5 établissement(s) » → « 5 établissements », « 1 établissement(s) » → « 1 établissement ».
      .replace(
        /\b(\d[\d\u202f]*) ([a-zàâçéèêëîïôûù]+)\(s\)/g,
        (_m, n: string, mot: string) =>
          `${n} ${mot}${Number(n.replace(/\u202f/g, '')) > 1 ? 's' : ''}`,
      )
  );
}
