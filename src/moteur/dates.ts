/**
 * Calendar dates as 'YYYY-MM-DD' strings and day numbers (days since 1970-01-01), never JS Date
 * with a time zone. Month and year additions clamp to the end of the month (31 Jan + 1 month =
 * 28/29 Feb; 29 Feb + 1 year = 28 Feb), a convention stated in docs/conventions.md.
 */

const MOTIF_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function joursDansMois(annee: number, mois: number): number {
  if (mois === 2) return (annee % 4 === 0 && annee % 100 !== 0) || annee % 400 === 0 ? 29 : 28;
  return mois === 4 || mois === 6 || mois === 9 || mois === 11 ? 30 : 31;
}

/** True when `s` is a real calendar date written YYYY-MM-DD. */
export function estDateIso(s: string): boolean {
  const m = MOTIF_ISO.exec(s);
  if (!m) return false;
  const mois = Number(m[2]);
  const jour = Number(m[3]);
  return mois >= 1 && mois <= 12 && jour >= 1 && jour <= joursDansMois(Number(m[1]), mois);
}

/** Days from civil date (Howard Hinnant's algorithm), proleptic Gregorian. */
export function jourDepuisCivil(a: number, m: number, j: number): number {
  const y = m <= 2 ? a - 1 : a;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + j - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilDepuisJour(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const j = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, j];
}

/** Day number of an ISO date, read without regular expressions (hot path). */
export function jour(iso: string): number {
  const a =
    (iso.charCodeAt(0) - 48) * 1000 +
    (iso.charCodeAt(1) - 48) * 100 +
    (iso.charCodeAt(2) - 48) * 10 +
    (iso.charCodeAt(3) - 48);
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const j = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  return jourDepuisCivil(a, m, j);
}

export function iso(n: number): string {
  const [a, m, j] = civilDepuisJour(n);
  return `${a}-${m < 10 ? '0' : ''}${m}-${j < 10 ? '0' : ''}${j}`;
}

/** Adds whole months to a day number, clamping the day to the end of the target month. */
export function ajouterMois(n: number, mois: number): number {
  const [a, m, j] = civilDepuisJour(n);
  const total = a * 12 + (m - 1) + mois;
  const na = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return jourDepuisCivil(na, nm, Math.min(j, joursDansMois(na, nm)));
}

export function ajouterAnnees(n: number, annees: number): number {
  return ajouterMois(n, 12 * annees);
}

/**
 * Number of months started from `du` up to `au` inclusive: the month starts du, du + 1 month…
 * (clamped to the end of the month) that fall on or before `au`. 0 when au < du.
 */
export function moisCommences(du: number, au: number): number {
  if (au < du) return 0;
  const [ad, md, jd] = civilDepuisJour(du);
  const [aa, ma, ja] = civilDepuisJour(au);
  const ecart = aa * 12 + ma - (ad * 12 + md);
  return ecart + (Math.min(jd, joursDansMois(aa, ma)) <= ja ? 1 : 0);
}
