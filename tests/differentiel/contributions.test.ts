import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contributionsFormation } from '../../src/moteur/index.ts';
import { parserCsvAvecEntete } from '../../src/partage/csv.ts';
import { dossierDonnees } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * The 70 vectors computed with modele-social 11.1.0 + publicodes 1.10.3 (../shared/data), against
 * our dated parameters: CFP, taxe d'apprentissage (base, solde, CSA) and CPF-CDD, to the cent.
 */
const vecteurs = parserCsvAvecEntete(
  readFileSync(path.join(dossierDonnees, 'modele-social-contribution-vectors.csv'), 'utf8'),
  [
    'date',
    'salaire_brut_mensuel',
    'effectif',
    'contrat',
    'alsace_moselle',
    'ratio_alternants',
    'cfp',
    'ta_total',
    'ta_base',
    'ta_solde',
    'csa',
    'cpf_cdd',
    'assiette',
  ],
).map((l) => l.valeurs as Record<string, string>);
const droit = moteurDeTest().droit;
const cents = (s: string | undefined) =>
  s === undefined || s === '' ? null : Math.round(Number(s) * 100);

describe('contributions formation : vecteurs modele-social', () => {
  it('couvre les 70 vecteurs', () => expect(vecteurs).toHaveLength(70));
  it.each(
    vecteurs.map((v) => [
      `${v.salaire_brut_mensuel} €, ${v.effectif} sal., ${v.contrat}, AM ${v.alsace_moselle}, ${v.ratio_alternants}`,
      v,
    ]),
  )('%s', (_n, v) => {
    const r = contributionsFormation(droit, {
      date: v.date ?? '',
      assiette: Number(v.assiette),
      effectif: Number(v.effectif),
      alsaceMoselle: v.alsace_moselle === 'oui',
      partAlternants: Number((v.ratio_alternants ?? '0').replace('%', '')) / 100,
      cdd: v.contrat === 'CDD',
    });
    expect(r.cfp).toBe(cents(v.cfp));
    expect(r.taBase).toBe(cents(v.ta_base));
    expect(r.taSolde).toBe(cents(v.ta_solde));
    expect(r.csa).toBe(cents(v.csa));
    expect(r.taTotal).toBe(cents(v.ta_total));
    expect(r.cpfCdd).toBe(cents(v.cpf_cdd));
  });
});
