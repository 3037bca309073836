import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { DISPOSITIFS_CAS, casDroitSchema, estDispositifCas } from '../../src/droit/cas-droit.ts';
import { moteurDispositif, simulerDispositif } from '../../src/droit/simulation-dispositifs.ts';
import { resoudreBareme } from '../../src/moteur/dispositifs/baremes.ts';
import { DISPOSITIFS_SIMULES } from '../../src/partage/simulation-dispositifs.schema.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * The bulk path (compiled closures, no explanation) of every scheme pays exactly what the
 * explained evaluation says, on every law case of tests/droit/dispositifs.
 */
const dossier = path.join(import.meta.dirname, 'dispositifs');
const droit = moteurDeTest().droit;
const cas = readdirSync(dossier)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    z.array(casDroitSchema).parse(parse(readFileSync(path.join(dossier, f), 'utf8'))),
  );

describe('chemin rapide = chemin expliqué', () => {
  it.each(cas.filter((c) => estDispositifCas(c.regle)).map((c) => [c.nom, c]))('%s', (_n, c) => {
    if (!estDispositifCas(c.regle)) return;
    const slug = DISPOSITIFS_CAS[c.regle];
    const lu = DISPOSITIFS_SIMULES[slug].schema.safeParse(c.entrees);
    if (!lu.success) return; // refused at the boundary (400), no engine call
    const { dateEvaluation: _d, bareme, ...s } = lu.data as Record<string, unknown>;
    const explique = simulerDispositif(droit, () => null, slug, c.entrees);
    const situation =
      typeof bareme === 'string'
        ? {
            ...s,
            bareme: resoudreBareme(droit, c.regle, bareme, String(s.dateDebut), Number(s.effectif))
              .entrees,
          }
        : s;
    const r = moteurDispositif(droit, c.regle).rapide(situation);
    expect(r.eligible).toBe(explique.eligible);
    expect(r.montant).toBe(explique.montant === null ? null : Math.round(explique.montant * 100));
  });
});
