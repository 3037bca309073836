import type { EtablissementSiro } from './types.ts';

const SANS_IDCC = 0xffff;

/**
 * A SIRET-OPCO table held in memory for fast lookup: SIRETs sorted in a Float64Array (14 digits
 * fit exactly in a double), IDCC and OPCO codes in parallel typed arrays. About 12 bytes per
 * establishment; a binary search per lookup.
 */
export class IndexSiro {
  private constructor(
    private readonly sirets: Float64Array,
    private readonly idccs: Uint16Array,
    private readonly proprietaires: Uint8Array,
    private readonly gestions: Uint8Array,
  ) {}

  get taille(): number {
    return this.sirets.length;
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
    const s = this.sirets;
    let lo = 0;
    let hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = s[mid] ?? 0;
      if (v < siret) lo = mid + 1;
      else if (v > siret) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** First position whose SIRET is ≥ the value. */
  private borneInf(v: number): number {
    const s = this.sirets;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Numeric OPCO code at a position (0 = none); for the bulk path, no allocation. */
  opcoA(i: number): number {
    return this.proprietaires[i] ?? 0;
  }
  gestionA(i: number): number {
    return this.gestions[i] ?? 0;
  }
  idccA(i: number): number {
    return this.idccs[i] ?? 0;
  }

  ligneA(i: number): EtablissementSiro {
    const d = this.idccs[i] ?? 0;
    const p = this.proprietaires[i] ?? 0;
    const g = this.gestions[i] ?? 0;
    return {
      siret: String(this.sirets[i] ?? 0).padStart(14, '0'),
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
    for (
      let i = this.borneInf(base);
      i < this.sirets.length && (this.sirets[i] ?? 0) < base + 100000;
      i++
    )
      r.push(this.ligneA(i));
    return r;
  }
}

export const IDCC_ABSENT = SANS_IDCC;
