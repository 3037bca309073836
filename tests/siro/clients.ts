/**
 * What the two public clients of France compétences' SIRO API expect of it, restated as
 * fixtures (read in their public repositories, not copied; see ../shared/domain/siro-api.md
 * §3–§7). A compatible server passes when these readings of its answers give the right OPCO.
 */
import { z } from 'zod';

/* ------------------------------------------------------------------------------------------ */
/* La bonne alternance (mission-apprentissage/labonnealternance,                               */
/* server/src/common/apis/france-competences/france-competences-client.ts): public path, key   */
/* only, answer validated by a zod union, OPCO read from opcoRattachement.nom.                 */
/* ------------------------------------------------------------------------------------------ */

const opcoAttenduLba = z.object({ code: z.string(), nom: z.string() });

/** The shape LBA accepts: a 99 with siret, or 01/02/03 with string idcc and the OPCO objects. */
export const attenteLba = z.union([
  z.object({ code: z.literal('99'), siret: z.string() }),
  z.object({
    code: z.enum(['01', '02', '03']),
    siret: z.string(),
    idcc: z.string(),
    opcoRattachement: opcoAttenduLba,
    opcoGestion: opcoAttenduLba.optional(),
  }),
]);

/**
 * The France compétences names LBA maps to its own OPCO labels (here: to the OPCO they mean, by
 * our slug); any other name except « N/C » is an error on their side (« opco inconnu »). Their
 * fallback, a case-insensitive match on their own labels, is left out: this reading is stricter.
 */
export const nomsConnusLba: Readonly<Record<string, string>> = {
  AKTO: 'akto',
  'OPCO EP': 'opco_ep',
  'UNIFORMATION COHESION SOCIALE': 'uniformation',
  'OPCO MOBILITES': 'opco_mobilites',
  OPCO2I: 'opco2i',
  CONSTRUCTYS: 'constructys',
  "L'OPCOMMERCE": 'opcommerce',
  AFDAS: 'afdas',
  ATLAS: 'atlas',
  OCAPIAT: 'ocapiat',
  'OPCO SANTE': 'opco_sante',
};

export type LectureLba = { opco: string | null } | { erreur: string };

/**
 * LBA's reading of one HTTP answer: only status 200 is read; a 429 gives null silently; any
 * other status, a body its schema refuses, or an unknown OPCO name is an error (reported, then
 * null). 99, 02 and 03 give null; 01 gives the OPCO named by opcoRattachement.nom (« N/C »: null).
 */
export function lectureLba(statut: number, corps: unknown): LectureLba {
  if (statut === 429) return { opco: null };
  if (statut !== 200) return { erreur: `statut ${statut}` };
  const p = attenteLba.safeParse(corps);
  if (!p.success) return { erreur: `corps refusé : ${p.error.issues[0]?.message ?? ''}` };
  if (p.data.code !== '01') return { opco: null };
  const nom = p.data.opcoRattachement.nom;
  if (nom === 'N/C') return { opco: null };
  const label = nomsConnusLba[nom];
  return label ? { opco: label } : { erreur: `opco inconnu: ${nom}` };
}

/* ------------------------------------------------------------------------------------------ */
/* Place des entreprises (betagouv/conseillers-entreprises, app/services/api/france_competence */
/* and api_consumption/models/facility/api_entreprise.rb): partner path, login then Bearer,    */
/* OPCO read from opcoRattachement.code only.                                                  */
/* ------------------------------------------------------------------------------------------ */

/**
 * The France compétences code of each OPCO institution in their database (issue #3668, codes
 * sent by France compétences), by our OPCO slug. Uniformation's code was left blank there.
 */
export const codesInstitutionsCe: Readonly<Record<string, string>> = {
  opco2i: '01',
  afdas: '02',
  atlas: '03',
  constructys: '05',
  opco_ep: '06',
  akto: '07',
  opcommerce: '08',
  opco_mobilites: '09',
  ocapiat: '10',
  opco_sante: '11',
  uniformation: '',
};

export type LectureCe = { opco: string | null } | { erreur: string };

/**
 * Their reading of one lookup: a success is a 2xx JSON body whose `code` is neither « 99 »
 * (« Siret Not Found ») nor « 401 » (« API key invalid or expired »); they keep `code`,
 * `opcoRattachement` and `opcoGestion`, and take as OPCO the institution whose code equals
 * opcoRattachement.code when that code is not blank (none for « N/C »).
 */
export function lectureCe(statut: number, corps: unknown): LectureCe {
  if (statut < 200 || statut >= 300) return { erreur: `HTTP ${statut}` };
  if (typeof corps !== 'object' || corps === null) return { erreur: 'JSON attendu' };
  const c = corps as Record<string, unknown>;
  if (c.code === '99') return { erreur: 'Siret Not Found' };
  if (c.code === '401') return { erreur: 'API key invalid or expired' };
  const rattachement = c.opcoRattachement as Record<string, unknown> | undefined;
  const code = typeof rattachement?.code === 'string' ? rattachement.code.trim() : '';
  if (code === '') return { opco: null };
  const slug = Object.entries(codesInstitutionsCe).find(([, v]) => v === code)?.[0];
  return { opco: slug ?? null };
}

/** Their login: the body is taken whole as the token and sent back as « Bearer <body> ». */
export function jetonSelonCe(statut: number, corps: string): string | null {
  return statut >= 200 && statut < 300 ? corps : null;
}

/** They keep the token one day before logging in again. */
export const DUREE_CACHE_JETON_CE_HEURES = 24;
