import type { ReponseRattachement } from '../rattachement/index.ts';
import type { OpcoSiro, ReponseSiro } from '../../partage/siro.schema.ts';

/** France compétences' value for « no OPCO » (« non communiqué »), as code and name. */
export const OPCO_NON_COMMUNIQUE: OpcoSiro = Object.freeze({ code: 'N/C', nom: 'N/C' });

/**
 * Whether a SIRET as received can be looked up: exactly 14 digits. The check key is not
 * verified (clients do not all check it; an unknown SIRET simply answers 99).
 */
export function siretInterrogeable(siret: string): boolean {
  return /^[0-9]{14}$/.test(siret);
}

/**
 * The SIRO body for a SIRET, from the platform's own answer by SIRET (GET /api/v1/rattachement).
 * Only the published SIRET-OPCO table is known here, so the status is 01 (found) or 99
 * (unknown); 02 and 03 come from France compétences' internal sources. A known establishment
 * without an OPCO is 01 with « N/C », as France compétences answers it; `idcc` is `""` when the
 * establishment declares none; `opcoGestion` is always given (« N/C » when it is the same OPCO).
 */
export function reponseSiro(siretDemande: string, r: ReponseRattachement): ReponseSiro {
  if (r.statut === 'siret_inconnu') return { code: '99', siret: siretDemande };
  return {
    code: '01',
    siret: siretDemande,
    idcc: r.idcc?.code ?? '',
    opcoRattachement: r.opco ? { code: r.opco.code, nom: r.opco.nom } : OPCO_NON_COMMUNIQUE,
    opcoGestion: r.opcoGestion
      ? { code: r.opcoGestion.code, nom: r.opcoGestion.nom }
      : OPCO_NON_COMMUNIQUE,
  };
}
