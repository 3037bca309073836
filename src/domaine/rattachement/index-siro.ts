import type { EtablissementSiro } from './types.ts';

const SANS_IDCC = 0xffff;

/**
 * A SIRET-OPCO table held in memory for fast lookup: sorted pairs (SIRET, packed IDCC and OPCO
 * codes) in one Float64Array (14 digits fit exactly in a double), so that a hit reads one cache
 * line, plus a bucket directory. About 20 bytes per establishment.
 */
export class IndexSiro {
  /**
   * Bucket directory over the value range: `debuts[b]` is the first position whose SIRET falls in
   * bucket b (about one SIRET per bucket), so a lookup reads one bucket then searches a tiny range
   * instead of ~22 cache-missing steps over the whole array.
   */
  private readonly debuts: Uint32Array;
  private readonly min: number;
  private readonly echelle: number;
  private readonly nbSeaux: number;

  /**
   * paires[2i] = SIRET, paires[2i + 1] = IDCC (16 bits) << 16 | owner OPCO (8 bits) << 8 |
   * managing OPCO (8 bits).
   */
  private readonly paires: Float64Array;
  readonly taille: number;

  private constructor(
    sirets: Float64Array,
    idccs: Uint16Array,
    proprietaires: Uint8Array,
    gestions: Uint8Array,
  ) {
    const n = sirets.length;
    this.taille = n;
    this.paires = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      this.paires[2 * i] = sirets[i] ?? 0;
      this.paires[2 * i + 1] =
        (((idccs[i] ?? 0) << 16) | ((proprietaires[i] ?? 0) << 8) | (gestions[i] ?? 0)) >>> 0;
    }
    let seaux = 1;
    while (seaux < n) seaux *= 2;
    this.nbSeaux = seaux;
    this.min = n > 0 ? (sirets[0] ?? 0) : 0;
    const max = n > 0 ? (sirets[n - 1] ?? 0) : 0;
    this.echelle = seaux / (max - this.min + 1);
    const debuts = new Uint32Array(seaux + 1);
    let b = 0;
    for (let i = 0; i < n; i++) {
      const s = this.seau(sirets[i] ?? 0);
      while (b <= s) debuts[b++] = i;
    }
    while (b <= seaux) debuts[b++] = n;
    this.debuts = debuts;
  }

  private seau(v: number): number {
    return Math.floor((v - this.min) * this.echelle);
  }

  private siretA(i: number): number {
    return this.paires[2 * i] ?? 0;
  }

  /** Builds the index from parallel columns (any order); duplicates keep the last row. */
  static depuisColonnes(
    sirets: Float64Array,
    idccs: Uint16Array,
    proprietaires: Uint8Array,
    gestions: Uint8Array,
  ): IndexSiro {
    const n = sirets.length;
    const ordre = new Uint32Array(n);
    for (let i = 0; i < n; i++) ordre[i] = i;
    let trie = true;
    for (let i = 1; i < n && trie; i++) if ((sirets[i - 1] ?? 0) > (sirets[i] ?? 0)) trie = false;
    if (!trie) ordre.sort((a, b) => (sirets[a] ?? 0) - (sirets[b] ?? 0));
    const s = new Float64Array(n);
    const d = new Uint16Array(n);
    const p = new Uint8Array(n);
    const g = new Uint8Array(n);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = ordre[k] ?? 0;
      if (m > 0 && s[m - 1] === sirets[i]) m--; // duplicate SIRET: the later row wins
      s[m] = sirets[i] ?? 0;
      d[m] = idccs[i] ?? 0;
      p[m] = proprietaires[i] ?? 0;
      g[m] = gestions[i] ?? 0;
      m++;
    }
    return new IndexSiro(s.subarray(0, m), d.subarray(0, m), p.subarray(0, m), g.subarray(0, m));
  }

  static depuisEtablissements(lignes: readonly EtablissementSiro[]): IndexSiro {
    const n = lignes.length;
    const s = new Float64Array(n);
    const d = new Uint16Array(n);
    const p = new Uint8Array(n);
    const g = new Uint8Array(n);
    lignes.forEach((l, i) => {
      s[i] = Number(l.siret);
      d[i] = l.idcc === null ? SANS_IDCC : Number(l.idcc);
      p[i] = l.opcoProprietaire === null ? 0 : Number(l.opcoProprietaire);
      g[i] = l.opcoGestion === null ? 0 : Number(l.opcoGestion);
    });
    return IndexSiro.depuisColonnes(s, d, p, g);
  }

  /** Position of a SIRET (as a number), or -1. */
  position(siret: number): number {
    const s = this.paires;
    const b = this.seau(siret);
    if (b < 0 || b >= this.nbSeaux) return -1;
    let lo = this.debuts[b] ?? 0;
    let hi = (this.debuts[b + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = s[2 * mid] ?? 0;
      if (v < siret) lo = mid + 1;
      else if (v > siret) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** First position whose SIRET is ≥ the value. */
  private borneInf(v: number): number {
    let lo = 0;
    let hi = this.taille;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.siretA(mid) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Packed attributes at a position (see `attributs`); for the bulk path, no allocation. */
  attributsA(i: number): number {
    return this.paires[2 * i + 1] ?? 0;
  }
  opcoA(i: number): number {
    return (this.attributsA(i) >>> 8) & 0xff;
  }
  gestionA(i: number): number {
    return this.attributsA(i) & 0xff;
  }
  idccA(i: number): number {
    return this.attributsA(i) >>> 16;
  }

  ligneA(i: number): EtablissementSiro {
    const d = this.idccA(i);
    const p = this.opcoA(i);
    const g = this.gestionA(i);
    return {
      siret: String(this.siretA(i)).padStart(14, '0'),
      idcc: d === SANS_IDCC ? null : String(d).padStart(4, '0'),
      opcoProprietaire: p === 0 ? null : String(p).padStart(2, '0'),
      opcoGestion: g === 0 ? null : String(g).padStart(2, '0'),
    };
  }

  chercher(siret: string): EtablissementSiro | null {
    const i = this.position(Number(siret));
    return i < 0 ? null : this.ligneA(i);
  }

  /** Every establishment of a SIREN (SIRETs between SIREN·10⁵ and SIREN·10⁵ + 99999). */
  etablissementsDe(siren: string): EtablissementSiro[] {
    const base = Number(siren) * 100000;
    const r: EtablissementSiro[] = [];
    for (let i = this.borneInf(base); i < this.taille && this.siretA(i) < base + 100000; i++)
      r.push(this.ligneA(i));
    return r;
  }
}

export const IDCC_ABSENT = SANS_IDCC;
