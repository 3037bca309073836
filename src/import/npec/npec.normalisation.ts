import { estDateIso } from '../../moteur/index.ts';

/** One row as read from a referential sheet or the sampled CSV, before validation. */
export interface LigneNpecBrute {
  numero: number;
  feuille: 'global' | 'par_couple';
  version: string;
  rncp: string;
  codeDiplome: string;
  intitule: string;
  cpneCode: string;
  cpneLibelle: string;
  idcc: string;
  npec: string | number;
  statut: string;
  dateApplicabilite: string;
}

export interface LigneNpec {
  rncp: string | null;
  codeDiplome: string | null;
  intitule: string;
  cpneCode: string | null;
  cpneLibelle: string;
  idcc: string | null;
  montant: number;
  statut: string | null;
  applicableDepuis: string;
  version: string;
}

export interface LigneCpneIdcc {
  cpneCode: string;
  cpneLibelle: string;
  idcc: string;
}

export type Normalisation<T> =
  { ok: true; valeurs: T[]; ignorees: number } | { ok: false; ligne: number; probleme: string };

/** 'dd/mm/yyyy' or ISO → ISO; '' → ''; anything else → null. */
export function dateEnIso(s: string): string | null {
  const t = s.trim();
  if (t === '') return '';
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  const iso = fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : t.slice(0, 10);
  return estDateIso(iso) ? iso : null;
}

function montant(v: string | number): number | 'NC' | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : null;
  const t = v.trim().replace(/\s/g, '').replace(',', '.');
  if (t === '' || t.toUpperCase() === 'NC') return 'NC';
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return n > 0 ? n : null;
}

/**
 * Validates and normalises NPEC rows: amounts (decimals kept, « NC » = no NPEC, skipped),
 * RNCP codes (`RNCPa/RNCPb` gives one row per code), IDCC on 4 digits (`NA` = none), dates.
 * When a certification × CPNE appears in both the per-couple sheet and the global sheet of the
 * same version, the per-couple row (the referential itself) wins, « NC » included; a row naming
 * one certification wins over a « RNCPa/RNCPb » row (renewal) for that certification.
 */
export function normaliserNpec(lignes: readonly LigneNpecBrute[]): Normalisation<LigneNpec> {
  const parCle = new Map<
    string,
    { feuille: LigneNpecBrute['feuille']; specifique: boolean; lignes: LigneNpec[] }
  >();
  let ignorees = 0;
  for (const b of lignes) {
    const m = montant(b.npec);
    if (m === null)
      return { ok: false, ligne: b.numero, probleme: `montant de NPEC invalide « ${b.npec} »` };
    const rncps = b.rncp
      .split('/')
      .map((x) => x.trim().toUpperCase())
      .filter((x) => x !== '');
    for (const r of rncps)
      if (!/^RNCP\d{1,6}$/.test(r))
        return { ok: false, ligne: b.numero, probleme: `code RNCP invalide « ${r} »` };
    const codeDiplome = b.codeDiplome.trim();
    if (rncps.length === 0 && codeDiplome === '')
      return { ok: false, ligne: b.numero, probleme: 'ni code RNCP ni code diplôme' };
    const idccBrut = b.idcc.trim();
    if (idccBrut !== '' && idccBrut.toUpperCase() !== 'NA' && !/^\d{1,4}$/.test(idccBrut))
      return { ok: false, ligne: b.numero, probleme: `IDCC invalide « ${idccBrut} »` };
    const idcc = /^\d{1,4}$/.test(idccBrut) ? idccBrut.padStart(4, '0') : null;
    const cpneCode = b.cpneCode.trim();
    if (cpneCode !== '' && !/^\d{1,4}$/.test(cpneCode))
      return { ok: false, ligne: b.numero, probleme: `code CPNE invalide « ${cpneCode} »` };
    const cpneLibelle = b.cpneLibelle.trim();
    if (cpneCode === '' && cpneLibelle === '')
      return { ok: false, ligne: b.numero, probleme: 'CPNE absente (ni code ni libellé)' };
    const date = dateEnIso(b.dateApplicabilite);
    if (date === null)
      return {
        ok: false,
        ligne: b.numero,
        probleme: `date d'applicabilité invalide « ${b.dateApplicabilite} »`,
      };
    if (!estDateIso(b.version))
      return {
        ok: false,
        ligne: b.numero,
        probleme: `version du référentiel invalide « ${b.version} »`,
      };
    const cles = rncps.length ? rncps : [null];
    for (const rncp of cles) {
      const cle = [
        b.version,
        rncp ?? `cfd:${codeDiplome}`,
        cpneCode || cpneLibelle.toLowerCase(),
      ].join('|');
      const existant = parCle.get(cle);
      if (existant && existant.feuille === 'par_couple' && b.feuille === 'global') {
        ignorees++;
        continue;
      }
      const ligne: LigneNpec[] =
        m === 'NC'
          ? []
          : [
              {
                rncp,
                codeDiplome: codeDiplome || null,
                intitule: b.intitule.trim() || (rncp ?? codeDiplome),
                cpneCode: cpneCode || null,
                cpneLibelle: cpneLibelle || cpneCode,
                idcc,
                montant: m,
                statut: b.statut.trim() || null,
                applicableDepuis: date || b.version,
                version: b.version,
              },
            ];
      if (m === 'NC') ignorees++;
      // A row naming only this certification beats a « RNCPa/RNCPb » row of a renewal.
      const specifique = rncps.length <= 1;
      if (existant && existant.feuille === b.feuille) {
        if (existant.specifique && !specifique) ignorees++;
        else if (!existant.specifique && specifique)
          parCle.set(cle, { feuille: b.feuille, specifique, lignes: ligne });
        else existant.lignes.push(...ligne);
      } else parCle.set(cle, { feuille: b.feuille, specifique, lignes: ligne });
    }
  }
  return { ok: true, valeurs: [...parCle.values()].flatMap((x) => x.lignes), ignorees };
}

/** CPNE ↔ IDCC rows (one IDCC per row; `NA` or empty = the CPNE has no IDCC, skipped). */
export function normaliserCpneIdcc(
  lignes: readonly { numero: number; cpneCode: string; cpneLibelle: string; idcc: string }[],
): Normalisation<LigneCpneIdcc> {
  const valeurs: LigneCpneIdcc[] = [];
  let ignorees = 0;
  for (const l of lignes) {
    const code = l.cpneCode.trim();
    if (!/^\d{1,4}$/.test(code))
      return { ok: false, ligne: l.numero, probleme: `code CPNE invalide « ${code} »` };
    const idcc = l.idcc.trim();
    if (idcc === '' || idcc.toUpperCase() === 'NA') {
      ignorees++;
      continue;
    }
    if (!/^\d{1,4}$/.test(idcc))
      return { ok: false, ligne: l.numero, probleme: `IDCC invalide « ${idcc} »` };
    valeurs.push({
      cpneCode: code,
      cpneLibelle: l.cpneLibelle.trim(),
      idcc: idcc.padStart(4, '0'),
    });
  }
  return { ok: true, valeurs, ignorees };
}
