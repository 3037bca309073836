import {
  referentielsDuDossier as referentielsDesCles,
  type Certification,
  type OppositionEmployeur,
  type OrganismeFormation,
  type ReferentielsDossier,
  type SourceReferentielsFormation,
} from '../referentiels-formation/index.ts';
import type { Cerfa } from './types.ts';

/**
 * A storage-free source of reference data: maps filled by the caller (tests, benchmark, bulk
 * instruction, or a loader reading the imported tables once). Empty by default: every lookup
 * then finds nothing and the checks leave the point to a gestionnaire (« à vérifier »).
 */
export class ReferentielsEnMemoire implements SourceReferentielsFormation {
  private readonly parSiret = new Map<string, OrganismeFormation>();
  private readonly parUai = new Map<string, OrganismeFormation>();
  private readonly certifications = new Map<string, Certification>();
  private readonly parEmployeur = new Map<string, OppositionEmployeur[]>();

  constructor(
    d: {
      organismes?: readonly OrganismeFormation[];
      certifications?: readonly Certification[];
      oppositions?: readonly OppositionEmployeur[];
    } = {},
  ) {
    for (const o of d.organismes ?? []) {
      this.parSiret.set(o.siret, o);
      if (o.uai) this.parUai.set(o.uai, o);
    }
    for (const c of d.certifications ?? []) this.certifications.set(c.codeRncp, c);
    for (const o of d.oppositions ?? []) {
      const l = this.parEmployeur.get(o.siret) ?? [];
      l.push(o);
      this.parEmployeur.set(o.siret, l);
    }
  }

  organismeParSiret(siret: string): OrganismeFormation | null {
    return this.parSiret.get(siret) ?? null;
  }
  organismeParUai(uai: string): OrganismeFormation | null {
    return this.parUai.get(uai.toUpperCase()) ?? null;
  }
  certification(codeRncp: string): Certification | null {
    return this.certifications.get(codeRncp.toUpperCase()) ?? null;
  }
  oppositions(siret: string): readonly OppositionEmployeur[] {
    return this.parEmployeur.get(siret) ?? [];
  }
}

/** The records one dossier's instruction needs, looked up in a source. */
export function referentielsDuDossier(
  source: SourceReferentielsFormation,
  cerfa: Cerfa,
  opcoAttendu: string | null,
): ReferentielsDossier {
  const r = referentielsDesCles(
    source,
    {
      siretCfa: cerfa.formation.organisme.siret,
      uaiCfa: cerfa.formation.organisme.uai ?? null,
      codeRncp: cerfa.formation.rncp ?? null,
      siretEmployeur: cerfa.employeur.siret,
    },
    opcoAttendu,
  );
  return source.qualiopiObserveDepuis === undefined
    ? r
    : { ...r, qualiopiObserveDepuis: source.qualiopiObserveDepuis };
}
