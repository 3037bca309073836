import {
  estRole,
  roleAdministrateur,
  typeDuRole,
  verifierIdentifiants,
  type IdentifiantsOrganisation,
  type IdentifiantsSaisis,
  type Organisation,
  type Role,
  type TypeOrganisation,
} from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import {
  acteurDe,
  dbComptes,
  enTransaction,
  nouveauJeton,
  refuser,
  verifierCourriel,
  type Acteur,
  type Authentification,
  type ContexteComptes,
} from './noyau.ts';
import { hacherMotDePasse, identifiant, motDePasseInitial, nouvelleCleApi } from './secrets.ts';

/** Organisations, accounts created by an administrator, members and API keys. */

/** Creates an organisation, or returns the existing one with the same identifying key. */
export async function creerOrganisation(
  ctx: ContexteComptes,
  acteur: Acteur,
  type: TypeOrganisation,
  nom: string | undefined,
  saisis: IdentifiantsSaisis,
): Promise<Organisation> {
  const v = verifierIdentifiants(type, saisis);
  if (!v.ok) refuser(v.champ, v.probleme);
  const existante = await depot.trouverOrganisationPar(dbComptes(ctx), type, v.valeur);
  if (existante) return existante;
  const o: Organisation = {
    id: identifiant(),
    type,
    nom: nom?.trim() || nomParDefaut(type, v.valeur),
    ...v.valeur,
  };
  return enTransaction(
    ctx,
    acteur,
    { action: 'organisation.creer', ressource: `organisation:${o.id}`, organisationId: o.id },
    async (trx) => {
      await depot.creerOrganisation(trx, o);
      return { resultat: o, apres: o };
    },
    false,
  );
}

// Accounts --------------------------------------------------------------------------------

/**
 * Creates an account with an initial password it must change at first sign-in, optionally
 * with a role in an organisation (CLI `opco comptes creer`, `creer-admin`).
 */
export async function creerCompte(
  ctx: ContexteComptes,
  acteur: Acteur,
  entree: {
    courriel: string;
    nom?: string | null;
    administrateurPlateforme?: boolean;
    adhesion?: { organisationId: string; role: Role } | null;
  },
): Promise<{ compte: depot.Compte; motDePasse: string }> {
  const courriel = verifierCourriel(entree.courriel);
  if (await depot.trouverCompteParCourriel(dbComptes(ctx), courriel))
    throw new ErreurOpco('ERR_COMPTE_EXISTANT', { courriel });
  const motDePasse = motDePasseInitial();
  const hache = await hacherMotDePasse(motDePasse);
  const id = identifiant();
  await enTransaction(
    ctx,
    acteur,
    {
      action: 'compte.creer',
      ressource: `compte:${id}`,
      organisationId: entree.adhesion?.organisationId ?? null,
    },
    async (trx) => {
      await depot.creerCompte(trx, {
        id,
        courriel,
        nom: entree.nom ?? null,
        motDePasse: hache,
        doitChangerMotDePasse: true,
        administrateurPlateforme: entree.administrateurPlateforme ?? false,
      });
      if (entree.adhesion)
        await depot.ajouterAdhesion(trx, id, entree.adhesion.organisationId, entree.adhesion.role);
      return {
        resultat: null,
        apres: {
          id,
          courriel,
          admin: entree.administrateurPlateforme ?? false,
          ...entree.adhesion,
        },
      };
    },
    false,
  );
  const compte = await depot.trouverCompte(dbComptes(ctx), id);
  if (!compte) throw new ErreurOpco('ERR_INTERNE', {});
  return { compte, motDePasse };
}
/** Invites a person into an organisation with a role: account created if new, mail sent. */
export async function inviter(
  ctx: ContexteComptes,
  auth: Authentification,
  organisation: Organisation,
  courrielBrut: string,
  role: Role,
  nom: string | null,
): Promise<{ compteId: string; nouveau: boolean }> {
  const courriel = verifierCourriel(courrielBrut);
  if (typeDuRole(role) !== organisation.type)
    refuser(
      'body.role',
      `le rôle ${role} n’existe pas pour une organisation de type ${organisation.type}`,
    );
  const existant = await depot.trouverCompteParCourriel(dbComptes(ctx), courriel);
  const compteId = existant?.id ?? identifiant();
  await enTransaction(
    ctx,
    acteurDe(auth.sujet),
    {
      action: 'organisation.inviter',
      ressource: `compte:${compteId}`,
      organisationId: organisation.id,
    },
    async (trx) => {
      if (!existant)
        await depot.creerCompte(trx, {
          id: compteId,
          courriel,
          nom,
          motDePasse: null,
          doitChangerMotDePasse: false,
          administrateurPlateforme: false,
        });
      await depot.ajouterAdhesion(trx, compteId, organisation.id, role);
      return { resultat: null, apres: { compteId, organisation: organisation.id, role } };
    },
  );
  if (existant?.motDePasse) {
    await ctx.courrier.envoyer({
      a: courriel,
      sujet: `Vous avez accès à ${organisation.nom} — Plateforme OPCO`,
      texte: `Bonjour,\n\nVous avez désormais le rôle « ${role} » pour ${organisation.nom}.\nConnectez-vous : ${ctx.config.urlPublique}/connexion`,
    });
  } else {
    const jeton = await nouveauJeton(
      ctx,
      compteId,
      'invitation',
      acteurDe(auth.sujet),
      organisation.id,
    );
    await ctx.courrier.envoyer({
      a: courriel,
      sujet: `Invitation à rejoindre ${organisation.nom} — Plateforme OPCO`,
      texte: `Bonjour,\n\nVous êtes invité(e) à rejoindre ${organisation.nom} sur la Plateforme OPCO.\nPour choisir votre mot de passe et vous connecter, ouvrez ce lien (valable 24 heures, une seule fois) :\n${ctx.config.urlPublique}/connexion/mot-de-passe#jeton=${jeton}\n`,
    });
  }
  return { compteId, nouveau: !existant };
}

export async function retirerMembre(
  ctx: ContexteComptes,
  auth: Authentification,
  organisationId: string,
  compteId: string,
): Promise<boolean> {
  const membres = await depot.membresDe(dbComptes(ctx), organisationId);
  const m = membres.find((x) => x.compteId === compteId);
  if (!m) return false;
  const admin =
    roleAdministrateur[
      (await depot.trouverOrganisation(dbComptes(ctx), organisationId))?.type ?? 'etat'
    ];
  if (admin && m.roles.includes(admin)) {
    const autresAdmins = membres.filter((x) => x.compteId !== compteId && x.roles.includes(admin));
    if (autresAdmins.length === 0)
      refuser('params.compte', 'on ne retire pas le dernier administrateur de l’organisation');
  }
  await enTransaction(
    ctx,
    acteurDe(auth.sujet),
    { action: 'organisation.retirer_membre', ressource: `compte:${compteId}`, organisationId },
    async (trx) => {
      await depot.retirerAdhesions(trx, compteId, organisationId);
      return { resultat: null, avant: m };
    },
  );
  return true;
}

// API keys --------------------------------------------------------------------------------

export async function creerCle(
  ctx: ContexteComptes,
  auth: Authentification,
  organisation: Organisation,
  role: string,
  libelle: string,
): Promise<{ cle: string; info: depot.CleApi }> {
  if (!estRole(role) || typeDuRole(role) !== organisation.type)
    refuser(
      'body.role',
      `le rôle ${role} n’existe pas pour une organisation de type ${organisation.type}`,
    );
  const n = nouvelleCleApi();
  const id = identifiant();
  const info = await enTransaction(
    ctx,
    acteurDe(auth.sujet),
    { action: 'cle_api.creer', ressource: `cle_api:${id}`, organisationId: organisation.id },
    async (trx) => {
      const info = await depot.creerCle(trx, {
        id,
        organisationId: organisation.id,
        role,
        libelle,
        prefixe: n.prefixe,
        empreinte: n.empreinte,
        creePar: auth.sujet.compteId,
      });
      return { resultat: info, apres: { id, role, libelle, organisation: organisation.id } };
    },
    false,
  );
  return { cle: n.cle, info };
}

export async function revoquerCle(
  ctx: ContexteComptes,
  auth: Authentification,
  organisationId: string,
  cleId: string,
): Promise<boolean> {
  const c = await depot.trouverCle(dbComptes(ctx), cleId);
  if (!c || c.organisationId !== organisationId) return false;
  if (c.revoqueeLe) return true;
  await enTransaction(
    ctx,
    acteurDe(auth.sujet),
    { action: 'cle_api.revoquer', ressource: `cle_api:${cleId}`, organisationId },
    async (trx) => {
      await depot.revoquerCle(trx, cleId, ctx.horloge());
      return { resultat: null, avant: c };
    },
  );
  return true;
}

function nomParDefaut(type: TypeOrganisation, o: IdentifiantsOrganisation): string {
  switch (type) {
    case 'entreprise':
      return `Entreprise ${o.siren ?? ''}`.trim();
    case 'organisme_formation':
      return `Organisme de formation ${o.siret ?? ''}`.trim();
    case 'opco':
      return `OPCO ${o.codeOpco ?? ''}`.trim();
    case 'branche':
      return `Branche IDCC ${o.idcc ?? ''}`.trim();
    case 'france_competences':
      return 'France compétences';
    case 'etat':
      return 'État';
  }
}
