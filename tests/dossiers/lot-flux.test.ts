import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecoupeurCsv,
  LONGUEUR_LIGNE_MAX,
  lignesNdjson,
  type EnregistrementFlux,
} from '../../src/api/dossiers/lot-flux.ts';
import { lireCsv, type LigneLot } from '../../src/partage/dossiers-lot.ts';
import { completerCles, plateformeDeTest } from '../comptes/aide.ts';
import { fa13Saisi } from './aide.ts';

/**
 * Streaming bulk deposit (issue 12 point 7): `POST /api/v1/dossiers/lot` with the file itself as
 * the body (NDJSON or CSV) is read and deposited line by line as it arrives. No timing: the proof
 * that nothing waits for the whole body is that the first line's result comes back while the
 * request is still open.
 */
const csv = readFileSync(
  path.resolve(import.meta.dirname, '..', 'fixtures', 'dossiers', 'lot-fa13.csv'),
  'utf8',
);

async function tout<T>(g: AsyncIterable<T>): Promise<T[]> {
  const r: T[] = [];
  for await (const x of g) r.push(x);
  return r;
}

/** `texte` cut in pieces of `n` characters. */
const morceaux = (texte: string, n: number) =>
  Array.from({ length: Math.ceil(texte.length / n) }, (_, i) => texte.slice(i * n, (i + 1) * n));

describe('lecture en flux (CSV, NDJSON)', () => {
  it('CSV : les rangs lus morceau par morceau sont ceux de lireCsv, quelle que soit la découpe', () => {
    const textes = [
      csv,
      'a;b\r\n"x;""y""";"deux\r\nlignes"\r\n3;4',
      '\uFEFFa,b\n1,"""",\n',
      'a;b\r\n1;2\r',
    ];
    for (const t of textes)
      for (const n of [1, 2, 3, 7, 64, 1000]) {
        const d = new DecoupeurCsv();
        const rangs = morceaux(t, n).flatMap((m) => d.pousser(m));
        rangs.push(...d.finir());
        expect(rangs, `découpe ${n} de ${JSON.stringify(t.slice(0, 20))}`).toEqual(lireCsv(t));
      }
  });

  it('NDJSON : numéros de ligne (lignes vides comptées), ligne illisible nommée, ligne trop longue rejetée seule', async () => {
    const contrat = JSON.stringify(fa13Saisi());
    const texte = `${contrat}\n\n{pas du json\n${'x'.repeat(LONGUEUR_LIGNE_MAX + 10)}\n${contrat}`;
    const lignes: LigneLot[] = await tout(lignesNdjson(morceaux(texte, 65_536)));
    expect(lignes.map((l) => [l.ligne, 'contrat' in l])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, true],
    ]);
    const [, illisible, longue] = lignes;
    expect(illisible && 'erreurs' in illisible && illisible.erreurs[0]?.message).toMatch(
      /JSON illisible/,
    );
    expect(longue && 'erreurs' in longue && longue.erreurs[0]?.message).toMatch(/caractères/);
  });
});

describe('POST /api/v1/dossiers/lot en flux', () => {
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;
  let entete: Record<string, string>;
  let port = 0;
  const siretEmployeur = completerCles('12345678', '0001');
  const siretCfa = completerCles('98765432', '0001');
  const contrat = () => {
    const s = fa13Saisi();
    s.employeur.siret = siretEmployeur;
    s.formation.organisme.siret = siretCfa;
    return s;
  };

  beforeAll(async () => {
    p = await plateformeDeTest();
    const e = await p.organisation('entreprise', { siret: siretEmployeur }, 'Boulangerie Martin');
    await p.organisation('organisme_formation', { siret: siretCfa }, 'CFA');
    const s = await p.personne('lot@test.fr', { organisationId: e, role: 'entreprise_membre' });
    entete = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    port = (p.app.server.address() as AddressInfo).port;
  }, 300_000);
  afterAll(async () => p?.fermer());

  const enregistrements = (texte: string) =>
    texte
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as EnregistrementFlux);

  it('CSV en flux : chaque ligne du tableur déposée ou rejetée avec son numéro, puis le bilan', async () => {
    const texte = csv
      .replaceAll('12345678900011', siretEmployeur)
      .replaceAll('98765432100019', siretCfa);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers/lot',
      headers: { ...entete, 'content-type': 'text/csv' },
      payload: texte,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/x-ndjson');
    const e = enregistrements(r.body);
    const lignes = e.flatMap((x) => ('ligne' in x ? [x] : []));
    expect(lignes.map((l) => [l.ligne, l.statut]).sort()).toEqual([
      [2, 'cree'],
      [3, 'cree'],
      [4, 'rejete'],
    ]);
    expect(
      lignes
        .find((l) => l.ligne === 4)
        ?.erreurs.map((x) => x.champ)
        .sort(),
    ).toEqual(['contrat.dateDebut', 'employeur.siret']);
    expect(e.at(-1)).toEqual({ bilan: { lignes: 3, crees: 2, dejaDeposes: 0, rejetes: 1 } });
    // The JSON form is unchanged: the same file again, nothing more created.
    const j = await p.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers/lot',
      headers: entete,
      payload: { format: 'csv', contenu: texte },
    });
    expect(j.json<{ crees: number; dejaDeposes: number }>()).toMatchObject({
      crees: 0,
      dejaDeposes: 2,
    });
  }, 120_000);

  it('NDJSON de 20 001 lignes : la première est déposée et répondue avant la fin de l’envoi ; chaque ligne a sa réponse', async () => {
    const valide = JSON.stringify({ ...contrat(), cle: 'flux-valide-1' });
    const recus: string[] = [];
    let tampon = '';
    let premiere: () => void = () => {};
    const premiereRecue = new Promise<void>((r) => (premiere = r));
    let fin: () => void = () => {};
    const finie = new Promise<void>((r) => (fin = r));
    let statut = 0;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/dossiers/lot',
      headers: { ...entete, 'content-type': 'application/x-ndjson' },
    });
    req.on('response', (res) => {
      statut = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        tampon += d;
        const i = tampon.lastIndexOf('\n');
        if (i < 0) return;
        recus.push(...tampon.slice(0, i).split('\n'));
        tampon = tampon.slice(i + 1);
        premiere();
      });
      res.on('end', fin);
    });
    req.write(`${valide}\n`);
    // The request is still open: the server has read line 1, deposited it and answered it.
    await premiereRecue;
    expect(statut).toBe(200);
    expect(JSON.parse(recus[0] ?? '{}')).toMatchObject({ ligne: 1, statut: 'cree' });
    // Then 20 000 lines more (a whole body would be refused beyond 5 000 lines): every 1 000th
    // the same contract again (already deposited), the others unreadable.
    let paquet = '';
    for (let n = 2; n <= 20_001; n++) {
      paquet += n % 1000 === 0 ? `${valide}\n` : '{pas du json\n';
      if (paquet.length > 60_000) {
        req.write(paquet);
        paquet = '';
      }
    }
    req.end(paquet);
    await finie;
    const e = recus.map((l) => JSON.parse(l) as EnregistrementFlux);
    const lignes = e.flatMap((x) => ('ligne' in x ? [x] : []));
    expect(lignes).toHaveLength(20_001);
    expect(new Set(lignes.map((l) => l.ligne)).size).toBe(20_001);
    expect(lignes.find((l) => l.ligne === 2)?.erreurs[0]?.message).toMatch(/JSON illisible/);
    expect(lignes.find((l) => l.ligne === 5000)).toMatchObject({ statut: 'deja_depose' });
    expect(e.at(-1)).toEqual({
      bilan: { lignes: 20_001, crees: 1, dejaDeposes: 20, rejetes: 19_980 },
    });
  }, 300_000);
});
