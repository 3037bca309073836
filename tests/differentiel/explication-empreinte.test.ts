import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { genererContrats } from '../../bench/contrats-apprentissage.ts';
import { generateursDispositifs } from '../../bench/situations-dispositifs.ts';
import { moteurDispositif } from '../../src/droit/simulation-dispositifs.ts';
import { portVersionsDepuisJson } from '../../src/droit/versions-articles.ts';
import { dossierDonnees } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * The explained evaluation's whole output — value, explanation tree, citations, missing inputs —
 * on generated situations of every scheme, as a SHA-256 of its JSON (keys sorted, absent = undefined:
 * a structural equality). Recorded before the explained evaluator was optimised (precomputed labels and
 * nodes, evaluator compiled once per rule set): optimising it must not move a single node. A
 * change of the rules or the law that moves these results updates the digest of that scheme in
 * the same commit, saying why (`EMPREINTE_AFFICHER=1` prints the digests).
 */
const EMPREINTES: Record<string, string> = {
  apprentissage: 'a83c16b2aa9fca0f739366d30f957776f1c522c2266a948c06a18f5468bdbbe4',
  contrat_professionnalisation: '4c23b326938ccb5e0a5874f3a4fb38f6e0422e8280f15a08bb658ed657204643',
  aide_tutorale: '4bd1dd7cebab58128a6a59fbe18b3a4775a97290de0eedbaaf1eccbb952c7096',
  pro_a: 'ee67a38f3c45b54b0a8eb4fe590a94c6c5d192252a0f5d4c348c100cc3b395eb',
  periode_reconversion: '89055483bbd2c2a9d8f6790b713a8e653c674445d9b4d2c407ea3f975422f5c6',
  plan_moins_50: 'b1ba08e0e8f5cfe7b1ff1bd189e5855121c915710a04d2849afce76c836b3032',
  action_collective: 'b251fe9384869bdaf41014cd3de5c140cec1cf4a1dbda7b7bb822f54369bca4d',
  abondement_cpf: '4d95378b8e477536afa6f23df784aabd3cad5135203a94ba174c93120773afd7',
  formation_ssct_cse: '9e2a326b94332d4aad157020d23cbdb174e3b6341aa672a0d19160a55c2d159a',
};

const N_APPRENTISSAGE = 3_000;
const N_DISPOSITIF = 2_000;

const moteur = moteurDeTest();
const versions = portVersionsDepuisJson(dossierDonnees);

function canonique(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonique).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonique((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function empreinte(resultats: Iterable<unknown>): string {
  const h = createHash('sha256');
  for (const r of resultats) h.update(`${canonique(r)}\n`);
  return h.digest('hex');
}

function* apprentissage() {
  for (const { situation: s, referentiel: ref } of genererContrats(N_APPRENTISSAGE, 4242)) {
    yield moteur.evaluerApprentissage(s, s.dateConclusion, { npecReferentiel: ref });
    yield moteur.evaluerApprentissageRapide(s, ref);
  }
}

function* dispositif(nom: string, generer: () => object) {
  const m = moteurDispositif(moteur.droit, nom);
  for (let i = 0; i < N_DISPOSITIF; i++) {
    const s = generer();
    yield m.complet(s, undefined, versions);
    yield m.rapide(s);
  }
}

const calculees: Record<string, string> = {};
calculees.apprentissage = empreinte(apprentissage());
for (const [nom, generer] of Object.entries(generateursDispositifs(moteur.droit, 2026)))
  calculees[nom] = empreinte(dispositif(nom, generer));
if (process.env.EMPREINTE_AFFICHER) process.stderr.write(`${JSON.stringify(calculees, null, 2)}\n`);

describe('évaluation expliquée : sortie inchangée (empreinte)', () => {
  it.each(Object.keys(calculees))('%s', (nom) => {
    expect(calculees[nom]).toBe(EMPREINTES[nom]);
  });
});
