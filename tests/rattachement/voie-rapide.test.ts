import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requeteSchema } from '../../src/api/routes/rattachement.routes.ts';
import { voieRapideDe } from '../../src/api/validation.ts';

const voie = voieRapideDe(requeteSchema);

/** A query string as fast-querystring gives it: an object without prototype. */
function requete(champs: Record<string, string>): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, champs);
}

function memeResultat(champs: Record<string, string>): void {
  const q = requete(champs);
  const rapide = voie?.(q);
  const zod = requeteSchema.safeParse(q);
  if (rapide === undefined) return; // zod decides, as before
  expect(zod.success).toBe(true);
  expect(rapide).toStrictEqual(zod.data);
}

describe('voie rapide de ?siret= (sans zod), même valeur que le schéma', () => {
  it('est déclarée, et prend le cas le plus fréquent', () => {
    expect(voie).toBeDefined();
    expect(voie?.(requete({ siret: '73282932000074' }))).toStrictEqual({
      siret: '73282932000074',
    });
  });

  it('laisse à zod tout le reste (clé fausse, autre paramètre, plusieurs, rien)', () => {
    for (const q of <Record<string, string>[]>[
      { siret: '73282932000075' },
      { siret: '7328293200007' },
      { siret: '73282932000074', date: '2026-01-01' },
      { siren: '732829320' },
      { idcc: '1486' },
      {},
    ])
      expect(voie?.(requete(q))).toBeUndefined();
  });

  it('SIRET de La Poste, espaces, chiffres au hasard : valeur identique à celle de zod', () => {
    memeResultat({ siret: '35600000000048' });
    memeResultat({ siret: ' 732 829 320 00074 ' });
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789 .-a'.split('')), maxLength: 18 }),
        (siret) => memeResultat({ siret }),
      ),
      { numRuns: 2000 },
    );
  });
});
