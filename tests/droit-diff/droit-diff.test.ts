import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const avant = path.join(fixtures, 'avant');
const apres = path.join(fixtures, 'apres');
const temporaire = mkdtempSync(path.join(tmpdir(), 'droit-diff-'));
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(temporaire, { recursive: true, force: true }));

async function diff(...args: string[]): Promise<{ code: number; sortie: string; erreurs: string }> {
  const sortie: string[] = [];
  const erreurs: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((t) => (sortie.push(String(t)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((t) => (erreurs.push(String(t)), true));
  const code = await main(['node', 'opco', 'droit', 'diff', ...args]);
  vi.restoreAllMocks();
  return { code, sortie: sortie.join(''), erreurs: erreurs.join('') };
}

interface Diff {
  parametres: {
    id: string;
    nature: string;
    valeurs: { depuis: string; avant?: unknown; apres?: unknown }[];
  }[];
  regles: { fichier: string; regle: string | null; nature: string }[];
  cas: {
    fichier: string;
    nom: string;
    avant: Record<string, unknown> | null;
    apres: Record<string, unknown> | null;
  }[];
}

function verifier(d: Diff): void {
  expect(d.parametres).toEqual([
    {
      id: 'apprentissage.salaire_minimum.annee_licence_professionnelle',
      nature: 'supprime',
      valeurs: [{ depuis: '2020-04-01', avant: 2 }],
    },
    {
      id: 'apprentissage.salaire_minimum.exemple_ajoute',
      nature: 'ajoute',
      valeurs: [{ depuis: '2026-01-01', apres: 0.5 }],
    },
    {
      id: 'contributions.cfp.seuil_effectif',
      nature: 'modifie',
      valeurs: [{ depuis: '2019-01-01', avant: 11, apres: 50 }],
    },
    {
      id: 'smic.horaire',
      nature: 'modifie',
      valeurs: [{ depuis: '2026-01-01', avant: 12.02, apres: 12.1 }],
    },
  ]);
  expect(d.regles).toEqual([
    { fichier: 'droit/regles/exemple/regles.yaml', regle: 'nouvelle', nature: 'ajoute' },
    { fichier: 'droit/regles/exemple/regles.yaml', regle: 'plafond', nature: 'modifie' },
    // The wage is rules too: the parameter removed takes the rules that read it with it.
    {
      fichier: 'droit/regles/salaire_apprenti/contrat.yaml',
      regle: 'salaire_apprenti.avertissement.licence_professionnelle',
      nature: 'supprime',
    },
    {
      fichier: 'droit/regles/salaire_apprenti/periode.yaml',
      regle: 'salaire_apprenti.periode.annee_retenue',
      nature: 'modifie',
    },
  ]);
  // Each case evaluated with each version's law: 12,10 × 455 / 3 × 27 % = 495,495 → 495,50 ;
  // 20 employees: 1 % before, 0,55 % once the threshold is 50.
  const parNom = new Map(d.cas.map((c) => [c.nom, c]));
  expect([...parNom.keys()].sort()).toEqual([
    "CFP d'une entreprise de 20 salariés",
    "cas ajouté dans la version d'après",
    'salaire minimum en janvier 2026',
  ]);
  expect(parNom.get('salaire minimum en janvier 2026')).toMatchObject({
    avant: { montant: 492.22 },
    apres: { montant: 495.5 },
  });
  expect(parNom.get("CFP d'une entreprise de 20 salariés")).toMatchObject({
    avant: { cfp: 3000, taTotal: 2040 },
    apres: { cfp: 1650, taTotal: 2040 },
  });
  expect(parNom.get("cas ajouté dans la version d'après")).toMatchObject({
    avant: null,
    apres: { montant: 1747.2 },
  });
}

describe('opco droit diff <avant> <apres>', () => {
  it('entre deux dossiers : paramètres, règles et cas de test dont le résultat change', async () => {
    const r = await diff(avant, apres, '--json');
    expect(r.code).toBe(0);
    verifier(JSON.parse(r.sortie) as Diff);
  });

  it('en texte, en français', async () => {
    const r = await diff(avant, apres);
    expect(r.code).toBe(0);
    expect(r.sortie).toContain('Paramètres qui diffèrent : 4');
    expect(r.sortie).toContain('smic.horaire (modifié)');
    expect(r.sortie).toContain('depuis le 2026-01-01 : 12.02 → 12.1');
    expect(r.sortie).toContain('Règles qui diffèrent : 4');
    expect(r.sortie).toContain('Cas de test dont le résultat change : 3');
    expect(r.sortie).toContain('montant : 492.22 → 495.5');
    expect(r.sortie).not.toContain('salaire minimum en 2024, inchangé');
  });

  it('entre deux révisions git', async () => {
    const depot = path.join(temporaire, 'depot');
    const git = (...a: string[]) =>
      execFileSync('git', ['-C', depot, ...a], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    cpSync(avant, depot, { recursive: true });
    execFileSync('git', ['init', '-q', depot]);
    git('add', '-A');
    git('commit', '-qm', 'avant');
    rmSync(path.join(depot, 'droit'), { recursive: true });
    rmSync(path.join(depot, 'tests'), { recursive: true });
    cpSync(apres, depot, { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'après');
    const r = await diff('HEAD~1', 'HEAD', '--depot', depot, '--json');
    expect(r.code).toBe(0);
    verifier(JSON.parse(r.sortie) as Diff);
  });

  it('refuse une référence qui n’est ni un dossier ni une révision', async () => {
    const r = await diff(avant, 'pas-une-revision-zzz', '--depot', fixtures);
    expect(r.code).toBe(1);
    expect(r.erreurs).toContain('ni un dossier ni une révision git');
  });
});
