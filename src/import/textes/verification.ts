import {
  anomaliesBloquantes,
  corpusDepuis,
  croiserImpact,
  comparerPublications,
  type AnomalieReference,
  type ImpactArticle,
  type ReferenceJuridique,
  verifierReferences,
} from '../../domaine/textes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { Base } from '../../stockage/db.ts';
import {
  articlesDePublication,
  corpusSansTextes,
  listerPublications,
  tousLesRenvois,
} from '../../stockage/textes.depot.ts';
import { lireIndexCitations, RACINE_DEPOT } from './droit.lecture.ts';
import { FILTRE_ARTICLES } from './legi-data.extraction.ts';

export interface VerificationCitations {
  references: ReferenceJuridique[];
  anomalies: AnomalieReference[];
}

/** Checks every legal reference of droit/ and tests/droit/ against the imported corpus. */
export async function verifierCitationsDroit(
  base: Base,
  racine: string = RACINE_DEPOT,
): Promise<VerificationCitations> {
  const index = await lireIndexCitations(racine);
  const corpus = corpusDepuis(await corpusSansTextes(base.db), await tousLesRenvois(base.db));
  const anomalies = verifierReferences(index.references, corpus, {
    perimetre: (a) => FILTRE_ARTICLES.test(a),
  });
  return { references: index.references, anomalies };
}

/**
 * For the law-data loader: throws ERR_TEXTE_CITATIONS_INVALIDES when a reference does not
 * resolve (articles outside the imported corpus are only notices). Returns the notices.
 */
export function exigerCitationsValides(
  anomalies: readonly AnomalieReference[],
): AnomalieReference[] {
  const bloquantes = anomaliesBloquantes(anomalies);
  if (bloquantes.length > 0)
    throw new ErreurOpco('ERR_TEXTE_CITATIONS_INVALIDES', {
      nombre: bloquantes.length,
      detail: bloquantes.map((a) => a.message).join(' ; '),
    });
  return anomalies.filter((a) => a.type === 'hors_corpus');
}

/** Finds a stored publication by version ('2.513.0') or full source ('@socialgouv/legi-data@2.513.0'). */
async function publication(base: Base, version: string): Promise<string> {
  const pubs = await listerPublications(base.db);
  const p = pubs.find((x) => x.version === version || x.source === version);
  if (!p)
    throw new ErreurOpco('ERR_TEXTE_PUBLICATION_INCONNUE', {
      version,
      publications: pubs.map((x) => x.version).join(', ') || 'aucune',
    });
  return p.source;
}

export interface RapportImpact {
  ancienne: string;
  nouvelle: string;
  articles: ImpactArticle[];
}

/** The articles changed between two publications and, for each, what cites it. */
export async function calculerImpact(
  base: Base,
  ancienne: string,
  nouvelle: string,
  racine: string = RACINE_DEPOT,
): Promise<RapportImpact> {
  const a = await publication(base, ancienne);
  const n = await publication(base, nouvelle);
  const changements = comparerPublications(
    (await articlesDePublication(base.db, a)) ?? [],
    (await articlesDePublication(base.db, n)) ?? [],
  );
  const index = await lireIndexCitations(racine);
  return { ancienne: a, nouvelle: n, articles: croiserImpact(changements, index.parArticle) };
}

const NATURES = {
  ajoute: 'ajouté',
  supprime: 'supprimé',
  modifie: 'modifié',
  renumerote: 'renuméroté',
} as const;

const GENRES = { parametre: 'paramètre', regle: 'règle', cas_de_test: 'cas de test' } as const;

/** The report as text, cited articles first (what must be reviewed), then the others. */
export function formaterImpact(
  r: RapportImpact,
  options: { citesSeulement?: boolean } = {},
): string {
  const cites = r.articles.filter((a) => a.citants.length > 0);
  const autres = r.articles.filter((a) => a.citants.length === 0);
  const lignes: string[] = [
    `Articles changés entre ${r.ancienne} et ${r.nouvelle} : ${r.articles.length}, dont ${cites.length} cité(s) par le droit de la plateforme.`,
  ];
  const version = (v: ImpactArticle['avant']) => (v ? `${v.idLegiarti} (du ${v.du})` : '—');
  const decrire = (a: ImpactArticle) =>
    `${a.article.padEnd(12)} ${NATURES[a.nature].padEnd(11)} ${version(a.avant)} → ${version(a.apres)}${
      a.nature === 'renumerote' && a.avant ? ` (ancien numéro ${a.avant.article})` : ''
    }`;
  if (cites.length > 0) {
    lignes.push('', 'À revoir (cités) :');
    for (const a of cites) {
      lignes.push(`  ${decrire(a)}`);
      for (const c of a.citants)
        lignes.push(
          `      ${GENRES[c.genre]} ${c.identifiant} — ${c.fichier}${c.dates.length ? ` — dates ${c.dates.join(', ')}` : ''}${c.via.length ? ` — par ${c.via.join(', ')}` : ''}`,
        );
    }
  }
  if (!options.citesSeulement && autres.length > 0) {
    lignes.push('', 'Autres articles changés (cités par rien) :');
    for (const a of autres) lignes.push(`  ${decrire(a)}`);
  }
  return `${lignes.join('\n')}\n`;
}

/**
 * At start-up, after the texts are loaded: the law data's references are checked and every one
 * that does not resolve becomes a warning (reported by /health), so that the platform still
 * starts and says what is wrong. An unreadable law-data file is a warning too.
 */
export async function avertissementsCitations(
  base: Base,
  racine: string = RACINE_DEPOT,
): Promise<string[]> {
  try {
    const v = await verifierCitationsDroit(base, racine);
    return anomaliesBloquantes(v.anomalies).map((a) => `Citation invalide : ${a.message}`);
  } catch (e) {
    return [`Citations du droit non vérifiées : ${e instanceof Error ? e.message : String(e)}`];
  }
}
