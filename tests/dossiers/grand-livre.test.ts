import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceDossiers, type PortsDossiers } from '../../src/api/dossiers/service.ts';
import { ReferentielsEnMemoire } from '../../src/domaine/dossiers/index.ts';
import type { EngagementAReserver } from '../../src/domaine/finances/engagement.ts';
import { baseDeTest } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { fa13, referentielsConformes } from './aide.ts';

/** An engaged dossier hands its EngagementAReserver to the ledger port, in its transaction. */
describe('engagement remis au grand livre', () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  beforeAll(async () => {
    base = await baseDeTest();
  }, 120_000);
  afterAll(async () => base?.fermer());

  it('engagé automatiquement puis rompu : deux réservations, la seconde recalculée', async () => {
    const r = referentielsConformes();
    const appels: { montant: number | null; evenement: string; version: number | null }[] = [];
    const ports: PortsDossiers = {
      referentiels: new ReferentielsEnMemoire({
        organismes: r.organisme ? [r.organisme] : [],
        certifications: r.certification ? [r.certification] : [],
      }),
      opcoAttendu: async () => '03',
      npec: async () => null,
      grandLivre: {
        async reserver(_trx, _id, e: EngagementAReserver | null, evenement) {
          appels.push({
            montant: e?.montantTotalCentimes ?? null,
            evenement,
            version: e?.versionDossier ?? null,
          });
          return null;
        },
      },
    };
    const s = new ServiceDossiers(
      base,
      moteurDeTest(),
      ports,
      () => new Date('2025-09-03T10:00:00Z'),
    );
    const auteur = { compteId: null, cleId: null, processus: 'test' };
    const d = await s.deposer(auteur, fa13(), {});
    expect(d.ligne.dossier.etat).toBe('engage');
    await s.commander(auteur, d.ligne.dossier.id, {
      type: 'rompre',
      dateEffet: '2025-10-10',
      motif: 'periode_libre',
      dateNouveauContrat: '2025-10-11',
    });
    // 16 000 € engagés (2 × NPEC 8 000 €), puis 876,71 € après la rupture au 40e jour.
    expect(appels).toEqual([
      { montant: 1_600_000, evenement: 'engage', version: 5 },
      { montant: 87_671, evenement: 'rupture', version: 6 },
    ]);
  }, 60_000);
});
