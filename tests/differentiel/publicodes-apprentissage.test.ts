import { describe, expect, it } from 'vitest';
import {
  evaluerPublicodes,
  generer,
  moteurPublicodes,
} from '../../bench/publicodes-apprentissage.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * The apprenticeship rule written independently in publicodes (the benchmark's comparison model)
 * gives the same prise en charge and participation as the engine, to the cent, on generated
 * contracts of its domain (concluded from 2025-07-01, shorter than a year, without rupture).
 */
describe('prise en charge : moteur ↔ même règle écrite en publicodes', () => {
  const contrats = generer(150, true, 2026);
  const pub = moteurPublicodes();
  const moteur = moteurDeTest();
  it.each(contrats.map((c, i) => [i, c]))('contrat généré n° %i', (_i, c) => {
    const [priseEnCharge, participation] = evaluerPublicodes(pub, c);
    const r = moteur.evaluerApprentissageRapide(c);
    expect(r.total).toBe(Math.round(priseEnCharge * 100));
    expect(r.participation ?? 0).toBe(Math.round(participation * 100));
  });
});
