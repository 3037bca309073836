import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portsParDefaut, ServiceDossiers } from '../../src/api/dossiers/service.ts';
import { contexteDeTest, dossierDonnees } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { fa13 } from './aide.ts';

/** The OPCO check asks the finder of the platform (reference data of the repository loaded). */
describe('contrôle de l’OPCO par le rattachement', () => {
  let ctx: Awaited<ReturnType<typeof contexteDeTest>>;
  beforeAll(async () => {
    ctx = await contexteDeTest();
  }, 180_000);
  afterAll(async () => ctx?.fermer());

  it('IDCC 843 : l’OPCO majoritaire de la convention (donnees/idcc-opco) est attendu', async () => {
    const majoritaire = readFileSync(path.join(dossierDonnees, 'idcc-opco-siro-202606.csv'), 'utf8')
      .split('\n')
      .map((l) => l.split(','))
      .find((c) => c[0] === '0843' && c[6] === 'true')?.[2];
    expect(majoritaire).toBeDefined();
    const s = new ServiceDossiers(ctx.base, moteurDeTest(), portsParDefaut(ctx.base));
    const autre = majoritaire === '03' ? '05' : '03';
    const r = await s.verifier(fa13((x) => (x.opco = autre)));
    const opco = r.resultats.find((x) => x.code === 'employeur.opco');
    expect(opco?.resultat).toBe('bloquant');
    expect(opco?.message).toContain(`OPCO ${majoritaire}`);
    const bon = await s.verifier(fa13((x) => (x.opco = majoritaire ?? '')));
    expect(bon.resultats.find((x) => x.code === 'employeur.opco')?.resultat).toBe('conforme');
  }, 60_000);
});
