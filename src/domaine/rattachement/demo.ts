import { completerCles } from '../entreprise/index.ts';

/** Deterministic PRNG (mulberry32): the same seed always gives the same sample. */
function aleatoire(graine: number): () => number {
  let a = graine >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CoupleIdccOpco {
  idcc: string;
  opcoCode: string;
  nbSiret: number;
}

export interface OptionsDemo {
  /** Approximate number of rows with an OPCO. */
  cible: number;
  /** Share of extra rows without OPCO (half with no IDCC, half with escape IDCC 9999). */
  partSansOpco: number;
  graine: number;
  /** Code of the OPCO that manages overseas establishments for their owner (AKTO). */
  opcoGestionOutreMer: string | null;
}

/**
 * Generates a synthetic SIRET-OPCO table in France compétences' official format
 * (`SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION`), following the IDCC/OPCO distribution of an
 * aggregate: every couple gets max(1, round(count × cible / total)) establishments. SIRETs are
 * synthetic (SIREN starting with 9, valid Luhn keys; room for ~10 million SIREN), grouped 1 to 5 per SIREN. Lines are
 * sorted by SIRET, header first.
 */
export function genererEchantillonSiro(
  couples: readonly CoupleIdccOpco[],
  libelles: ReadonlyMap<string, string>,
  options: OptionsDemo,
): string[] {
  const hasard = aleatoire(options.graine);
  const total = couples.reduce((s, c) => s + c.nbSiret, 0);
  const echelle = total > 0 ? options.cible / total : 0;
  const sirensVus = new Set<string>();
  const nouveauSiren = (): string => {
    for (;;) {
      const s = `9${String(Math.floor(hasard() * 10_000_000)).padStart(7, '0')}`;
      if (!sirensVus.has(s)) {
        sirensVus.add(s);
        return s;
      }
    }
  };
  const lignes: { siret: string; texte: string }[] = [];
  const emettre = (n: number, idcc: string, proprio: string, gestion: string) => {
    let reste = n;
    while (reste > 0) {
      const siren8 = nouveauSiren();
      const nb = Math.min(reste, hasard() < 0.7 ? 1 : 2 + Math.floor(hasard() * 4));
      for (let k = 1; k <= nb; k++) {
        const siret = completerCles(siren8, String(k).padStart(4, '0'));
        lignes.push({ siret, texte: `${siret}|${idcc}|${proprio}|${gestion}` });
      }
      reste -= nb;
    }
  };
  for (const c of couples) {
    const libelle = libelles.get(c.opcoCode);
    if (libelle === undefined) throw new Error(`OPCO ${c.opcoCode} sans libellé`);
    const n = Math.max(1, Math.round(c.nbSiret * echelle));
    // Overseas agricultural IDCC (8xxx/9xxx, not escape values) are managed by AKTO for their owner.
    const outreMer = /^[89]/.test(c.idcc) && c.idcc !== '9998' && c.idcc !== '9999';
    const gestion =
      outreMer && options.opcoGestionOutreMer && options.opcoGestionOutreMer !== c.opcoCode
        ? (libelles.get(options.opcoGestionOutreMer) ?? '')
        : '';
    emettre(n, c.idcc, libelle, gestion);
  }
  const sansOpco = Math.round(lignes.length * options.partSansOpco);
  emettre(Math.ceil(sansOpco / 2), '', '', '');
  emettre(Math.floor(sansOpco / 2), '9999', '', '');
  lignes.sort((a, b) => (a.siret < b.siret ? -1 : a.siret > b.siret ? 1 : 0));
  return ['SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION', ...lignes.map((l) => l.texte)];
}
