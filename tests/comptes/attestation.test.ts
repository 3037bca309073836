import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decider,
  organisationsPermises,
  type Action,
  type Sujet,
} from '../../src/domaine/comptes/index.ts';
import { codeOpco } from '../aide/base.ts';
import { completerCles, plateformeDeTest } from './aide.ts';

/**
 * Entreprise « attestée à la première utilisation » (docs/comptes.md): account created by SIRET
 * on honour, read only until the e-mail is confirmed through the mail port. The finder is a stub
 * answering ATLAS (code read from donnees/opcos.csv) for one SIREN; the default finder with no
 * reference data loaded is checked on its own.
 */
describe('entreprise attestée à la première utilisation', () => {
  const atlas = { code: codeOpco('ATLAS'), nom: 'ATLAS' };
  const siren = '81234567';
  const siret = completerCles(siren, '0001');
  const autreSiret = completerCles(siren, '0002');
  let p: Awaited<ReturnType<typeof plateformeDeTest>>;

  beforeAll(async () => {
    p = await plateformeDeTest(
      {},
      { trouverOpco: async (s) => (s.startsWith(siret.slice(0, 9)) ? atlas : null) },
    );
  });
  afterAll(async () => p?.fermer());

  const inscrire = (corps: Record<string, unknown>) =>
    p.app.inject({ method: 'POST', url: '/api/v1/entreprises/inscription', payload: corps });

  let cookie = '';
  let csrf = '';
  let org = '';

  it('par SIRET et sur l’honneur : connecté(e) aussitôt, OPCO donné par le rattachement, courriel de confirmation', async () => {
    const r = await inscrire({
      siret,
      denomination: 'Boulangerie Martin',
      courriel: 'Gerant@Boulangerie.fr',
      motDePasse: 'une phrase de passe pour le fournil',
      attestation: true,
    });
    expect(r.statusCode).toBe(201);
    const b = r.json();
    expect(b.opco).toEqual(atlas);
    expect(b.confirmationEnvoyeeA).toBe('gerant@boulangerie.fr');
    expect(b.declaration).toBe(
      `Je déclare sur l’honneur être habilité(e) à représenter l’entreprise dont l’établissement a pour SIRET ${siret}, et que l’adresse gerant@boulangerie.fr est la mienne.`,
    );
    expect(b.moi.organisations).toHaveLength(1);
    const o = b.moi.organisations[0];
    org = o.id;
    expect(o.nom).toBe('Boulangerie Martin');
    expect(o.siren).toBe(siret.slice(0, 9));
    expect(o.sirets).toEqual([siret]);
    expect(o.roles).toEqual(['entreprise_administrateur']);
    expect(o.enAttente).toBe(true);
    const c = r.cookies.find((x) => x.name === 'opco_session');
    cookie = `opco_session=${c?.value}`;
    csrf = b.moi.jetonCsrf;
    const mail = p.boite.find((m) => m.a === 'gerant@boulangerie.fr');
    expect(mail?.texte).toContain(b.declaration);
    expect(mail?.texte).toMatch(/\/inscription\/confirmation#jeton=/);
    const stockee = await p.ctx.base.db
      .withTables<{
        attestation_entreprise: {
          siret: string;
          code_opco: string | null;
          declaration: string;
          confirmee_le: Date | null;
          organisation_id: string;
        };
      }>()
      .selectFrom('attestation_entreprise')
      .selectAll()
      .where('organisation_id', '=', org)
      .executeTakeFirstOrThrow();
    expect(stockee.siret).toBe(siret);
    expect(stockee.code_opco).toBe(atlas.code);
    expect(stockee.declaration).toBe(b.declaration);
    expect(stockee.confirmee_le).toBeNull();
  });

  it('avant confirmation : lecture seule (ni invitation, ni clé d’API)', async () => {
    const lire = await p.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${org}`,
      headers: { cookie },
    });
    expect(lire.statusCode).toBe(200);
    for (const url of [
      `/api/v1/organisations/${org}/membres`,
      `/api/v1/organisations/${org}/cles`,
    ]) {
      const r = await p.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'x-csrf-token': csrf },
        payload: url.endsWith('membres')
          ? { courriel: 'mitron@boulangerie.fr', role: 'entreprise_membre' }
          : { libelle: 'Caisse', role: 'entreprise_membre' },
      });
      expect(r.statusCode, url).toBe(403);
    }
  });

  it('le lien de confirmation ne sert pas à choisir un mot de passe', async () => {
    const jeton = /#jeton=(\S+)/.exec(
      p.boite.find((m) => m.a === 'gerant@boulangerie.fr')!.texte,
    )![1]!;
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/mot-de-passe/definition',
      payload: { jeton, motDePasse: 'une autre phrase de passe' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('ERR_JETON_INVALIDE');
  });

  it('un nouveau lien peut être demandé tant que l’attestation est en attente', async () => {
    const avant = p.boite.filter((m) => m.a === 'gerant@boulangerie.fr').length;
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/entreprises/inscription/renvoi',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toEqual({ envoye: true });
    const mails = p.boite.filter((m) => m.a === 'gerant@boulangerie.fr');
    expect(mails).toHaveLength(avant + 1);
    expect(mails.at(-1)?.texte).toMatch(/\/inscription\/confirmation#jeton=/);
  });

  it('après confirmation du courriel : accès complet, dans la même session ; le lien ne ressert pas', async () => {
    const jeton = /#jeton=(\S+)/.exec(
      p.boite.find((m) => m.a === 'gerant@boulangerie.fr')!.texte,
    )![1]!;
    const c = await p.app.inject({
      method: 'POST',
      url: '/api/v1/entreprises/inscription/confirmation',
      payload: { jeton },
    });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toEqual({ organisations: [org] });
    const moi = await p.app.inject({ method: 'GET', url: '/api/v1/moi', headers: { cookie } });
    expect(moi.json().organisations[0].enAttente).toBe(false);
    const inviter = await p.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${org}/membres`,
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { courriel: 'mitron@boulangerie.fr', role: 'entreprise_membre' },
    });
    expect(inviter.statusCode).toBe(201);
    const encore = await p.app.inject({
      method: 'POST',
      url: '/api/v1/entreprises/inscription/confirmation',
      payload: { jeton },
    });
    expect(encore.statusCode).toBe(400);
    const renvoi = await p.app.inject({
      method: 'POST',
      url: '/api/v1/entreprises/inscription/renvoi',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(renvoi.json()).toEqual({ envoye: false });
    const audit = await p.ctx.base.db
      .withTables<{ audit: { action: string; rang: number } }>()
      .selectFrom('audit')
      .select('action')
      .where('action', 'like', 'entreprise.%')
      .orderBy('rang')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'entreprise.attester',
      'entreprise.confirmer_attestation',
    ]);
  });

  it('une entreprise qui a déjà un administrateur ne s’atteste pas une seconde fois (autre SIRET du même SIREN)', async () => {
    const r = await inscrire({
      siret: autreSiret,
      courriel: 'autre@boulangerie.fr',
      motDePasse: 'encore une phrase de passe',
      attestation: true,
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('ERR_ENTREPRISE_DEJA_ADMINISTREE');
    expect(r.cookies.find((x) => x.name === 'opco_session')).toBeUndefined();
  });

  it('deux attestations simultanées du même SIREN : une seule aboutit', async () => {
    const s = '82345678';
    const [a, b] = await Promise.all(
      ['0001', '0002'].map((n, i) =>
        inscrire({
          siret: completerCles(s, n),
          courriel: `course${i}@exemple.fr`,
          motDePasse: 'une phrase de passe de course',
          attestation: true,
        }),
      ),
    );
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([201, 409]);
  });

  it('déclaration non cochée, SIRET invalide, courriel déjà inscrit : refusés en nommant le champ', async () => {
    const sans = await inscrire({
      siret: completerCles('83456789', '0001'),
      courriel: 'x@exemple.fr',
      motDePasse: 'une phrase de passe correcte',
      attestation: false,
    });
    expect(sans.statusCode).toBe(400);
    expect(sans.json().detail).toContain('Déclaration sur l’honneur');
    const mauvais = await inscrire({
      siret: '12345678901234',
      courriel: 'x@exemple.fr',
      motDePasse: 'une phrase de passe correcte',
      attestation: true,
    });
    expect(mauvais.statusCode).toBe(400);
    expect(mauvais.json().detail).toContain('SIRET');
    const existant = await inscrire({
      siret: completerCles('83456789', '0001'),
      courriel: 'gerant@boulangerie.fr',
      motDePasse: 'une phrase de passe correcte',
      attestation: true,
    });
    expect(existant.statusCode).toBe(409);
    expect(existant.json().code).toBe('ERR_COMPTE_EXISTANT');
  });
});

describe('entreprise attestée : rattachement par défaut sans données chargées', () => {
  it('l’attestation est enregistrée sans OPCO', async () => {
    const p = await plateformeDeTest();
    try {
      const r = await p.app.inject({
        method: 'POST',
        url: '/api/v1/entreprises/inscription',
        payload: {
          siret: completerCles('84567890', '0001'),
          courriel: 'sans-donnees@exemple.fr',
          motDePasse: 'une phrase de passe correcte',
          attestation: true,
        },
      });
      expect(r.statusCode).toBe(201);
      expect(r.json().opco).toBeNull();
    } finally {
      await p.fermer();
    }
  });
});

describe('décision : une adhésion en attente ne permet que la lecture (table + une fonction)', () => {
  const sujet = (enAttente: boolean): Sujet => ({
    genre: 'personne',
    compteId: 'c',
    cleId: null,
    adhesions: [
      {
        organisationId: 'e',
        typeOrganisation: 'entreprise',
        role: 'entreprise_administrateur',
        ...(enAttente ? { enAttente: true } : {}),
      },
    ],
    administrateurPlateforme: false,
  });
  const actions: Action[] = [
    'organisation.lire',
    'dossier.lire',
    'dossier.deposer',
    'organisation.administrer',
    'cle_api.gerer',
    'audit.lire',
  ];
  it('en attente : lire oui ; déposer, administrer, clés, journal non ; soi toujours', () => {
    const permis = actions.filter((a) => decider(sujet(true), a, { organisationId: 'e' }).autorise);
    expect(permis).toEqual(['organisation.lire', 'dossier.lire']);
    expect(decider(sujet(true), 'compte.modifier_soi', { organisationId: null }).autorise).toBe(
      true,
    );
    expect(organisationsPermises(sujet(true), 'dossier.deposer')).toEqual(new Set());
    expect(organisationsPermises(sujet(true), 'dossier.lire')).toEqual(new Set(['e']));
  });
  it('confirmée : toutes les actions du rôle', () => {
    const permis = actions.filter(
      (a) => decider(sujet(false), a, { organisationId: 'e' }).autorise,
    );
    expect(permis).toEqual(actions);
  });
});
