import {
  referentielsDuDossier as referentielsDesCles,
  sourceReferentielsEnMemoire,
  type Certification,
  type ContratDuMaitre,
  type HabilitationsCertification,
  type OppositionEmployeur,
  type OrganismeFormation,
  type ReferentielsDossier,
  type SourceReferentielsFormation,
} from '../referentiels-formation/index.ts';
import { cleMaitre } from './controles-maitre-habilitation.ts';
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
      /** Other contracts by `cleMaitre` (R6223-6); absent: the check is not run. */
      contratsDesMaitres?: ReadonlyMap<string, readonly ContratDuMaitre[]>;
      /** Habilitations by RNCP code; null: no list imported; absent: not carried. */
      habilitations?: readonly HabilitationsCertification[] | null;
    } = {},
  ) {
    const contrats = d.contratsDesMaitres;
    if (contrats) this.contratsDuMaitre = (cle) => contrats.get(cle) ?? [];
    const h = d.habilitations;
    if (h !== undefined) {
      const parCode = new Map((h ?? []).map((x) => [x.codeRncp, x]));
      this.habilitations = (code) =>
        h === null
          ? null
          : (parCode.get(code) ?? { codeRncp: code, millesime: null, partenaires: [] });
    }
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
  contratsDuMaitre?: (cle: string) => readonly ContratDuMaitre[];
  habilitations?: (codeRncp: string) => HabilitationsCertification | null;
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
  const avecQualiopi =
    source.qualiopiObserveDepuis === undefined
      ? r
      : { ...r, qualiopiObserveDepuis: source.qualiopiObserveDepuis };
  return avecFaitsExternes(source, cerfa, avecQualiopi);
}

/**
 * Adds the facts of R6223-6 (other contracts of each maître) and D6224-2 6° (habilitations of
 * the certification) when the source carries them; otherwise the record is returned as is.
 */
export function avecFaitsExternes(
  source: SourceReferentielsFormation,
  cerfa: Cerfa,
  r: ReferentielsDossier,
): ReferentielsDossier {
  if (cerfa.formulaire !== 'FA13') return r;
  const trouverContrats = source.contratsDuMaitre?.bind(source);
  const trouverHabilitations = source.habilitations?.bind(source);
  if (!trouverContrats && !trouverHabilitations) return r;
  const rncp = cerfa.formation.rncp;
  const code = r.certification?.codeRncp ?? rncp ?? null;
  return {
    ...r,
    ...(trouverContrats
      ? { contratsDesMaitres: cerfa.maitres.map((m) => trouverContrats(cleMaitre(m))) }
      : {}),
    ...(trouverHabilitations && code !== null ? { habilitations: trouverHabilitations(code) } : {}),
  };
}
