import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lireConfigComptes } from '../../src/api/acces/config.ts';
import type { Courrier } from '../../src/api/acces/courriels.ts';
import type { OptionsAcces } from '../../src/api/acces/installer.ts';
import { acteurSysteme } from '../../src/api/acces/service.ts';
import { construireApp } from '../../src/api/app.ts';
import type { AppZod } from '../../src/api/types.ts';
import type { Role, TypeOrganisation } from '../../src/domaine/comptes/index.ts';
import { contexteDeTest } from '../aide/base.ts';

export interface Courriel {
  a: string;
  sujet: string;
  texte: string;
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** A platform without reference data, with an in-memory mailbox and a movable clock. */
export async function plateformeDeTest(
  env: Record<string, string> = {},
  options: Pick<OptionsAcces, 'trouverOpco'> = {},
) {
  const ctx = await contexteDeTest({}, { chargerDonnees: false });
  const boite: Courriel[] = [];
  const courrier: Courrier = {
    async envoyer(c) {
      boite.push(c);
    },
  };
  let decalageMs = 0;
  const config = lireConfigComptes({
    OPCO_COURRIELS_DIR: mkdtempSync(path.join(os.tmpdir(), 'courriels-')),
    OPCO_CONNEXIONS_PAR_MINUTE: '1000',
    ...env,
  });
  const app: AppZod = await construireApp(
    { base: ctx.base, config: ctx.config, donnees: { dossier: null, manquants: [] } },
    {
      comptes: {
        config,
        courrier,
        horloge: () => new Date(Date.now() + decalageMs),
        ...options,
      },
    },
  );
  const service = app.comptes;

  async function connecter(courriel: string, motDePasse: string): Promise<Session> {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { courriel, motDePasse },
    });
    if (r.statusCode !== 200) throw new Error(`connexion ${courriel} : ${r.statusCode} ${r.body}`);
    const c = r.cookies.find((x) => x.name === 'opco_session');
    if (!c) throw new Error('pas de cookie');
    return {
      cookie: `opco_session=${c.value}`,
      csrf: (r.json() as { jetonCsrf: string }).jetonCsrf,
    };
  }

  /** An account with a role in an organisation (or platform admin), password changed, signed in. */
  async function personne(
    courriel: string,
    adhesion: { organisationId: string; role: Role } | null,
    admin = false,
  ): Promise<Session & { compteId: string; motDePasse: string }> {
    const { compte, motDePasse } = await service.creerCompte(acteurSysteme, {
      courriel,
      administrateurPlateforme: admin,
      adhesion,
    });
    const s = await connecter(courriel, motDePasse);
    const nouveau = `${motDePasse}-nouveau`;
    const r = await app.inject({
      method: 'PUT',
      url: '/api/v1/moi/mot-de-passe',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { motDePasseActuel: motDePasse, nouveauMotDePasse: nouveau },
    });
    if (r.statusCode !== 204) throw new Error(`changement : ${r.statusCode} ${r.body}`);
    return { ...s, compteId: compte.id, motDePasse: nouveau };
  }

  async function organisation(
    type: TypeOrganisation,
    ids: Record<string, string>,
    nom?: string,
  ): Promise<string> {
    return (await service.creerOrganisation(acteurSysteme, type, nom, ids)).id;
  }

  return {
    ctx,
    app,
    service,
    boite,
    config,
    connecter,
    personne,
    organisation,
    avancerHorloge(ms: number) {
      decalageMs += ms;
    },
    async fermer() {
      await app.close();
      await ctx.fermer();
    },
  };
}

/** Valid identifiers for test organisations (Luhn keys computed, not hard-coded). */
export { completerCles } from '../../src/domaine/entreprise/index.ts';
