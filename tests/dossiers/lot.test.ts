import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { deposerLot } from '../../src/api/dossiers/lot.ts';
import { ServiceDossiers, type PortsDossiers } from '../../src/api/dossiers/service.ts';
import { verifierAudit } from '../../src/api/routes/audit.routes.ts';
import { main } from '../../src/cli/main.ts';
import { ReferentielsEnMemoire } from '../../src/domaine/dossiers/index.ts';
import { lireCsv, lireLot } from '../../src/partage/dossiers-lot.ts';
import { baseDeTest, moteurDeTest } from '../aide/base.ts';
import { capturer } from '../aide/commande.ts';
import { moteurDeTest as moteur } from '../aide/moteur.ts';
import { fa13Saisi } from './aide.ts';

const fichier = path.resolve(import.meta.dirname, '..', 'fixtures', 'dossiers', 'lot-fa13.csv');
const csv = readFileSync(fichier, 'utf8');

describe('lecture d’un lot (CSV, NDJSON, JSON)', () => {
  it('CSV à point-virgule : guillemets, nombres, oui/non, tableaux par indice ; la ligne fautive nomme ses champs du CERFA', () => {
    expect(lireCsv('a;b\n"x;""y""";2\n')).toEqual([
      ['a', 'b'],
      ['x;"y"', '2'],
    ]);
    const l = lireLot('csv', csv);
    expect(l.map((x) => x.ligne)).toEqual([2, 3, 4]);
    const [a, b, c] = l;
    if (!a || !('contrat' in a) || a.contrat.formulaire !== 'FA13') throw new Error('ligne 2');
    expect(a.cle).toBe('lot-essai-1');
    expect(a.contrat.employeur.nombreDeSalaries).toBe(8);
    expect(a.contrat.employeur.siret).toBe('12345678900011');
    expect(a.contrat.contrat.remunerations.map((r) => r.tauxPourcent)).toEqual([50, 55, 66]);
    expect(a.contrat.attestationEligibiliteMaitre).toBe(true);
    expect(a.contrat.maitres[0]?.diplomeDuDomaineEtNiveau).toBe(false);
    if (!b || !('contrat' in b)) throw new Error('ligne 3');
    expect(b.cle).toBeNull();
    expect(b.contrat.employeur.denomination).toBe('Boulangerie Martin; fournil "Les Lilas"');
    if (!c || !('erreurs' in c)) throw new Error('ligne 4');
    expect(c.erreurs.map((e) => e.champ).sort()).toEqual(['contrat.dateDebut', 'employeur.siret']);
    const siret = c.erreurs.find((e) => e.champ === 'employeur.siret');
    expect(siret?.libelle).toMatch(/^L'EMPLOYEUR — N° SIRET/);
  });

  it('NDJSON : une ligne illisible est rejetée seule ; JSON : un tableau, la clé à côté du contrat', () => {
    const l = lireLot('ndjson', `${JSON.stringify(fa13Saisi())}\n{pas du json\n\n`);
    expect(l).toHaveLength(2);
    expect('contrat' in l[0]!).toBe(true);
    expect(l[1]).toMatchObject({ ligne: 2, erreurs: [{ champ: '' }] });
    const j = lireLot('json', JSON.stringify([{ ...fa13Saisi(), cle: 'k-1' }]));
    expect(j).toMatchObject([{ ligne: 1, cle: 'k-1' }]);
    expect(() => lireLot('json', '[')).toThrow(/JSON illisible/);
  });
});

describe(`dépôt d’un lot (${moteurDeTest})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  const ports: PortsDossiers = {
    referentiels: new ReferentielsEnMemoire(),
    opcoAttendu: async () => '03',
    npec: async () => null,
  };
  const auteur = { compteId: null, cleId: null, processus: 'test' };
  beforeAll(async () => {
    base = await baseDeTest();
  });
  afterAll(async () => base.fermer());

  it('chaque ligne déposée entière ou rejetée ; le même fichier deux fois ne crée rien de plus', async () => {
    const s = new ServiceDossiers(base, moteur(), ports);
    const avances: number[] = [];
    const progression = {
      debut: () => {},
      avance: (n: number) => avances.push(n),
      fin: () => {},
    };
    const r1 = await deposerLot(s, auteur, lireLot('csv', csv), { progression });
    expect(r1.lignes.map((l) => l.statut)).toEqual(['cree', 'cree', 'rejete']);
    expect([r1.crees, r1.dejaDeposes, r1.rejetes]).toEqual([2, 0, 1]);
    expect(avances).toEqual([1, 2, 3]);
    expect(r1.lignes[0]?.etat).toBe('en_cours_instruction');
    const r2 = await deposerLot(s, auteur, lireLot('csv', csv));
    expect(r2.lignes.map((l) => l.statut)).toEqual(['deja_depose', 'deja_depose', 'rejete']);
    expect(r2.lignes.map((l) => l.dossierId)).toEqual(r1.lignes.map((l) => l.dossierId));
    // The same key with another contract: that line only is refused.
    const autre = csv.replace('lot-essai-1;FA13', 'lot-essai-1;FA13').replace('Durand', 'Autre');
    const r3 = await deposerLot(s, auteur, lireLot('csv', autre));
    expect(r3.lignes[0]).toMatchObject({ statut: 'rejete', erreurs: [{ champ: '' }] });
    expect(r3.lignes[0]?.erreurs[0]?.message).toMatch(/idempotence/i);
    expect(r3.lignes[1]?.statut).toBe('deja_depose');
    const n = await base.db.selectFrom('dossier').select('id').execute();
    expect(n).toHaveLength(2);
    expect((await verifierAudit(base)).valide).toBe(true);
  });
});

describe('opco dossiers deposer-lot', () => {
  const dossier = mkdtempSync(path.join(tmpdir(), 'dossiers-lot-'));
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
  afterAll(() => rmSync(dossier, { recursive: true, force: true }));

  it('dépose le CSV, écrit chaque ligne et les champs en erreur', async () => {
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('OPCO_DB_PATH', path.join(dossier, 'db'));
    const c = capturer();
    expect(await main(['node', 'opco', 'dossiers', 'deposer-lot', fichier])).toBe(0);
    const sortie = c.sortie.join('');
    expect(sortie.match(/\tcree\t/g)).toHaveLength(2);
    expect(sortie).toMatch(/ligne 4\trejete/);
    expect(sortie).toMatch(/N° SIRET[^\n]*\(employeur\.siret\)/);
    expect(sortie).toMatch(/2 créé\(s\), 0 déjà déposé\(s\), 1 rejeté\(s\)/);
    expect(c.erreurs.join('')).toMatch(/Dépôt du lot/);
  });
});
