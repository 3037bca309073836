import {
  referentielsDuDossier as referentielsDesCles,
  sourceReferentielsEnMemoire,
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
 * The maps are those of `sourceReferentielsEnMemoire`; unlike it, this source does not say
 * since when the public Qualiopi list is observed (`qualiopiObserveDepuis` stays absent).
 */
export class ReferentielsEnMemoire implements SourceReferentielsFormation {
  private readonly source: SourceReferentielsFormation;

  constructor(
    d: {
      organismes?: readonly OrganismeFormation[];
      certifications?: readonly Certification[];
      oppositions?: readonly OppositionEmployeur[];
    } = {},
  ) {
    this.source = sourceReferentielsEnMemoire({
      organismes: d.organismes ?? [],
      certifications: d.certifications ?? [],
      oppositions: d.oppositions ?? [],
    });
  }

  organismeParSiret(siret: string): OrganismeFormation | null {
    return this.source.organismeParSiret(siret);
  }
  organismeParUai(uai: string): OrganismeFormation | null {
    return this.source.organismeParUai(uai);
  }
  certification(codeRncp: string): Certification | null {
    return this.source.certification(codeRncp);
  }
  oppositions(siret: string): readonly OppositionEmployeur[] {
    return this.source.oppositions(siret);
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
