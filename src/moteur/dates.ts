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
function jourDepuisCivilCalcule(a: number, m: number, j: number): number {
  const y = m <= 2 ? a - 1 : a;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + j - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilCalcule(z0: number): [number, number, number] {
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

/**
 * Tables of the calendar from 1900 to 2199 (the hot paths read them instead of dividing):
 * the first day of each month, and each day's year, month and day packed in one integer
 * (year << 9 | month << 5 | day). Outside, the algorithm above.
 */
const AN_MIN = 1900;
const AN_MAX = 2200;
const DEBUT_MOIS = new Int32Array((AN_MAX - AN_MIN) * 12 + 1);
for (let i = 0; i < DEBUT_MOIS.length; i++)
  DEBUT_MOIS[i] = jourDepuisCivilCalcule(AN_MIN + Math.floor(i / 12), (i % 12) + 1, 1);
const JOUR_MIN = DEBUT_MOIS[0] as number;
const JOUR_MAX = DEBUT_MOIS[DEBUT_MOIS.length - 1] as number;
const CIVIL = new Int32Array(JOUR_MAX - JOUR_MIN);
for (let i = 0; i + 1 < DEBUT_MOIS.length; i++) {
  const debut = DEBUT_MOIS[i] as number;
  const code = ((AN_MIN + Math.floor(i / 12)) << 9) | (((i % 12) + 1) << 5);
  for (let z = debut; z < (DEBUT_MOIS[i + 1] as number); z++)
    CIVIL[z - JOUR_MIN] = code | (z - debut + 1);
}

/** Day number of a civil date (a day past the end of its month runs into the next month). */
export function jourDepuisCivil(a: number, m: number, j: number): number {
  const i = (a - AN_MIN) * 12 + m - 1;
  return i >= 0 && i < DEBUT_MOIS.length && m >= 1 && m <= 12
    ? (DEBUT_MOIS[i] as number) + j - 1
    : jourDepuisCivilCalcule(a, m, j);
}

export function civilDepuisJour(z: number): [number, number, number] {
  if (z < JOUR_MIN || z >= JOUR_MAX) return civilCalcule(z);
  const c = CIVIL[z - JOUR_MIN] as number;
  return [c >> 9, (c >> 5) & 15, c & 31];
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
  if (n >= JOUR_MIN && n < JOUR_MAX) {
    const c = CIVIL[n - JOUR_MIN] as number;
    const i = ((c >> 9) - AN_MIN) * 12 + ((c >> 5) & 15) - 1 + mois;
    if (i >= 0 && i + 1 < DEBUT_MOIS.length) {
      const debut = DEBUT_MOIS[i] as number;
      return debut + Math.min(c & 31, (DEBUT_MOIS[i + 1] as number) - debut) - 1;
    }
  }
  const [a, m, j] = civilCalcule(n);
  const total = a * 12 + (m - 1) + mois;
  const na = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return jourDepuisCivilCalcule(na, nm, Math.min(j, joursDansMois(na, nm)));
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
  if (du >= JOUR_MIN && au < JOUR_MAX) {
    const d = CIVIL[du - JOUR_MIN] as number;
    const f = CIVIL[au - JOUR_MIN] as number;
    // Months between the two months (year × 12 + month), plus the month started if the day of
    // `du` (clamped to the end of the month of `au`) is reached.
    const ecart = (f >> 9) * 12 + ((f >> 5) & 15) - ((d >> 9) * 12 + ((d >> 5) & 15));
    const i = ((f >> 9) - AN_MIN) * 12 + ((f >> 5) & 15) - 1;
    const longueur = (DEBUT_MOIS[i + 1] as number) - (DEBUT_MOIS[i] as number);
    return ecart + (Math.min(d & 31, longueur) <= (f & 31) ? 1 : 0);
  }
  const [ad, md, jd] = civilCalcule(du);
  const [aa, ma, ja] = civilCalcule(au);
  const ecart = aa * 12 + ma - (ad * 12 + md);
  return ecart + (Math.min(jd, joursDansMois(aa, ma)) <= ja ? 1 : 0);
}
