import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { salaireMinimumApprenti } from '../../src/moteur/index.ts';
import { situationApprentissageSchema } from '../../src/partage/simulation-apprentissage.schema.ts';
import { REGLES_CAS, estDispositifCas, evaluerCas } from '../../src/droit/cas-droit.ts';
import { portVersionsDepuisJson } from '../../src/droit/versions-articles.ts';
import { dossierDonnees } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';

/**
 * The one driver of the law tests: every tests/droit/**.yaml file is a list of cases
 * {nom, regle?, date?, entrees, sorties}. Expected values were computed by hand from the rule
 * book (the reasoning is in each case's `calcul`). Paths: `a.b.0.c`; `[R6332-25]` picks the
 * citation of that article. Numbers are compared to the cent, strings must be contained.
 */
const casSchema = z.object({
  nom: z.string(),
  regle: z.enum(REGLES_CAS).default('apprentissage'),
  date: z.string().optional(),
  calcul: z.string().optional(),
  entrees: z.record(z.string(), z.unknown()),
  sorties: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});

function fichiersYaml(dossier: string): string[] {
  return readdirSync(dossier, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dossier, f))
    .sort();
}

function lire(valeur: unknown, chemin: string): unknown {
  let v = valeur;
  for (const seg of chemin.split('.')) {
    const m = /^\[(.+)\]$/.exec(seg);
    if (m) {
      v = Array.isArray(v) ? v.find((c: { article?: string }) => c.article === m[1]) : undefined;
    } else if (v !== null && typeof v === 'object') {
      v = (v as Record<string, unknown>)[seg];
    } else return undefined;
  }
  return v;
}

const fichiers = fichiersYaml(import.meta.dirname);
const moteur = moteurDeTest();
const versions = portVersionsDepuisJson(dossierDonnees);

describe.each(fichiers.map((f) => [path.relative(import.meta.dirname, f), f]))(
  '%s',
  (_nom, fichier) => {
    const cas = z.array(casSchema).parse(parse(readFileSync(fichier, 'utf8')));
    it.each(cas.map((c) => [c.nom, c]))('%s', (_n, c) => {
      let resultat: unknown;
      if (
        c.regle === 'salaire_apprenti' ||
        c.regle === 'contributions' ||
        estDispositifCas(c.regle)
      ) {
        // Wage and contributions: the same evaluation as the API and `opco droit diff`.
        resultat = evaluerCas(moteur.droit, versions, c);
      } else if (c.regle === 'salaire_minimum_apprenti') {
        const e = z
          .object({ age: z.number(), anneeExecution: z.number(), date: z.string() })
          .parse(c.entrees);
        const r = salaireMinimumApprenti(moteur.droit, e);
        resultat = { taux: r.taux, smicMensuel: r.smicMensuel / 100, montant: r.montant / 100 };
      } else {
        const entree = situationApprentissageSchema.parse(c.entrees);
        const { dateEvaluation, ...s } = entree;
        resultat = moteur.evaluerApprentissage(
          { ...s, niveau: s.niveau as 3 | 4 | 5 | 6 | 7 | 8 },
          c.date ?? dateEvaluation ?? s.dateConclusion,
        );
        // The bulk path (no explanation, no schedule) pays the same total.
        const rapide = moteur.evaluerApprentissageRapide({
          ...s,
          niveau: s.niveau as 3 | 4 | 5 | 6 | 7 | 8,
        });
        expect(rapide.verse).toBe(
          Math.round(
            ((resultat as { valeur: number | null }).valeur ?? rapide.fraisAnnexes / 100) * 100,
          ),
        );
        // Invariant of the issue: the schedule sums to prise en charge + frais − participation.
        const r = resultat as {
          echeancier: { montant: number }[];
          priseEnCharge: { total: number } | null;
          fraisAnnexes: { total: number };
          participationEmployeur: number | null;
        };
        if (r.priseEnCharge) {
          const somme = r.echeancier.reduce((x, v) => x + Math.round(v.montant * 100), 0);
          expect(somme).toBe(
            Math.round(
              (r.priseEnCharge.total + r.fraisAnnexes.total - (r.participationEmployeur ?? 0)) *
                100,
            ),
          );
        }
      }
      for (const [chemin, attendu] of Object.entries(c.sorties)) {
        const obtenu = lire(resultat, chemin);
        if (typeof attendu === 'number') {
          expect(typeof obtenu, chemin).toBe('number');
          expect(Math.round((obtenu as number) * 100), chemin).toBe(Math.round(attendu * 100));
        } else if (typeof attendu === 'string') {
          expect(String(obtenu), chemin).toContain(attendu);
        } else expect(obtenu, chemin).toBe(attendu);
      }
    });
  },
);

it('compte au moins 60 cas de droit', () => {
  const n = fichiers.reduce((x, f) => x + (parse(readFileSync(f, 'utf8')) as unknown[]).length, 0);
  expect(n).toBeGreaterThanOrEqual(60);
});
