import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lireConfig } from '../src/config.ts';
import { ErreurOpco } from '../src/partage/erreurs.ts';

describe('configuration par l’environnement', () => {
  it('a des valeurs par défaut pour démarrer sans rien configurer', () => {
    const c = lireConfig({}, '/work/main');
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dbPath: '.opco/db',
      dataDirCherche: path.resolve(import.meta.dirname, '..', 'donnees'),
      rattachement: { seuilOpcoUnique: 0.999 },
    });
    expect(c.dataDir).toBe(c.dataDirCherche);
  });

  it('lit PORT, DATABASE_URL, OPCO_DB_PATH et OPCO_DATA_DIR', () => {
    const c = lireConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgres://u@h:5432/d',
        OPCO_DB_PATH: 'memory://',
        OPCO_DATA_DIR: '/absent',
      },
      '/tmp',
    );
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u@h:5432/d');
    expect(c.dbPath).toBe('memory://');
    expect(c.dataDir).toBeUndefined();
    expect(c.dataDirCherche).toBe('/absent');
  });

  it('lit le seuil d’OPCO unique d’un IDCC et refuse un seuil hors de ]0,5 ; 1]', () => {
    expect(lireConfig({ OPCO_SEUIL_OPCO_UNIQUE: '0.99' }).rattachement.seuilOpcoUnique).toBe(0.99);
    expect(() => lireConfig({ OPCO_SEUIL_OPCO_UNIQUE: '0.4' })).toThrow(
      /OPCO_SEUIL_OPCO_UNIQUE : un seuil strictement supérieur à 0,5/,
    );
  });

  it('refuse un port invalide avec ERR_CONFIGURATION nommant la variable', () => {
    const e = (() => {
      try {
        lireConfig({ PORT: 'trois-mille' });
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(ErreurOpco);
    expect((e as ErreurOpco).code).toBe('ERR_CONFIGURATION');
    expect((e as ErreurOpco).message).toMatch(/^Configuration invalide : PORT : /);
  });
});
