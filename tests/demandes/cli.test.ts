import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { capturer } from '../aide/commande.ts';
import { planSaisi } from './aide.ts';

const dossier = mkdtempSync(path.join(tmpdir(), 'demandes-cli-'));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
afterAll(() => rmSync(dossier, { recursive: true, force: true }));

describe('opco demandes', () => {
  it('vérifie (contrôles cités et montant), dépose une fois (rejouer ne crée rien), liste ; une erreur nomme le champ', async () => {
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('OPCO_DB_PATH', path.join(dossier, 'db'));
    const fichier = path.join(dossier, 'plan.json');
    writeFileSync(fichier, JSON.stringify(planSaisi()));
    let c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'verifier', fichier])).toBe(0);
    const sortie = c.sortie.join('');
    expect(sortie).toContain('CONFORME       Dates de l’action'.replace('’', "'"));
    // A fresh base (no finder data, no OPCO list): the company's OPCO and the barème's OPCO
    // (named by its slug) are left to a gestionnaire, with their references.
    expect(sortie).toContain('A_VERIFIER     OPCO de l');
    expect(sortie).toContain(
      '(liste des OPCO non importée : un gestionnaire vérifie). (L6332-17, D6332-39)',
    );
    expect(sortie).toMatch(/Conclusion : a_verifier — 2\s310,00 €\n/);
    vi.restoreAllMocks();
    c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'deposer', fichier])).toBe(0);
    expect(c.sortie.join('')).toContain('\tplan_moins_50\ten_cours_instruction\t—\tcréée');
    expect(c.sortie.join('')).toContain('à vérifier : demande.opco\n  à vérifier : demande.bareme');
    vi.restoreAllMocks();
    c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'deposer', fichier])).toBe(0);
    expect(c.sortie.join('')).toContain('déjà déposée');
    const id = c.sortie.join('').split('\t')[0] ?? '';
    vi.restoreAllMocks();
    // Not engaged (left to a gestionnaire): settling is refused, with the reason.
    c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'solder', id, '100,00'])).toBe(1);
    expect(c.erreurs.join('')).toContain(
      "« solder » n'est pas possible sur une demande en_cours_instruction",
    );
    vi.restoreAllMocks();
    c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'solder', id, '12,345'])).toBe(1);
    expect(c.erreurs.join('')).toContain('Montant réalisé (€)');
    vi.restoreAllMocks();
    // Modified before its decision: instructed again, still left to a gestionnaire.
    const modifie = path.join(dossier, 'modifie.json');
    writeFileSync(modifie, JSON.stringify({ ...planSaisi(), heures: 14 }));
    c = capturer();
    expect(
      await main(['node', 'opco', 'demandes', 'modifier', id, modifie, '--motif', 'Deux jours']),
    ).toBe(0);
    expect(c.sortie.join('')).toContain(`${id}\ten_cours_instruction\t—`);
    vi.restoreAllMocks();
    // An invoice on a request not engaged: refused, with the reason and its article.
    c = capturer();
    expect(
      await main([
        'node',
        'opco',
        'demandes',
        'facturer',
        id,
        '--numero',
        'F-1',
        '--siret',
        '98765432100019',
        '--date',
        '2025-03-14',
        '--ht',
        '100',
      ]),
    ).toBe(1);
    expect(c.erreurs.join('')).toContain('Une facture se reçoit sur une demande engagée');
    expect(c.erreurs.join('')).toContain('(R6332-25)');
    vi.restoreAllMocks();
    c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'lister'])).toBe(0);
    expect(c.sortie.join('').trim().split('\n')).toHaveLength(1);
    vi.restoreAllMocks();
    const refus = path.join(dossier, 'refus.json');
    const r = planSaisi();
    r.entreprise.effectif = 60;
    writeFileSync(refus, JSON.stringify(r));
    c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'verifier', refus])).toBe(0);
    expect(c.sortie.join('')).toMatch(/BLOQUANT .*50 salariés ou plus.*\(L6332-17, L6332-3\)/);
    vi.restoreAllMocks();
    const faux = path.join(dossier, 'faux.json');
    const s = planSaisi();
    s.entreprise.siret = '123';
    writeFileSync(faux, JSON.stringify(s));
    c = capturer();
    expect(await main(['node', 'opco', 'demandes', 'verifier', faux])).toBe(1);
    expect(c.erreurs.join('')).toContain("Entreprise — N° SIRET de l'établissement");
  }, 180_000);
});
