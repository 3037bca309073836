import {
  declarationSurLHonneur,
  verifierMotDePasse,
  type Organisation,
} from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import { ouvrirSession } from './connexion.ts';
import {
  acteurDe,
  dbComptes,
  enTransaction,
  nouveauJeton,
  refuser,
  verifierCourriel,
  type Authentification,
  type ContexteComptes,
} from './noyau.ts';
import { empreinteSecret, hacherMotDePasse, identifiant, secretAleatoire } from './secrets.ts';

/** Companies attested on first use: sign-up by SIRET, then the confirmation link. */

/**
 * A company creates its own account by SIRET (docs/comptes.md, « Entreprise attestée ») : the
 * person declares on honour that they represent it, chooses a password and is signed in at
 * once, as a pending administrator (read only) until they open the confirmation link mailed to
 * them. Refused if the company already has an administrator (they invite), or if the address
 * already has an account. Attestations of one SIREN are serialised by an advisory lock.
 */
export async function inscrireEntreprise(
  ctx: ContexteComptes,
  entree: {
    siret: string;
    courriel: string;
    motDePasse: string;
    denomination?: string | undefined;
    opco: { code: string; nom: string } | null;
  },
): Promise<{
  jeton: string;
  jetonCsrf: string;
  compte: depot.Compte;
  organisation: Organisation;
}> {
  const courriel = verifierCourriel(entree.courriel);
  const v = verifierMotDePasse(entree.motDePasse, courriel);
  if (!v.ok) refuser('body.motDePasse', v.probleme);
  if (await depot.trouverCompteParCourriel(dbComptes(ctx), courriel))
    throw new ErreurOpco('ERR_COMPTE_EXISTANT', { courriel });
  const siren = entree.siret.slice(0, 9);
  const hache = await hacherMotDePasse(entree.motDePasse);
  const compteId = identifiant();
  const jetonConfirmation = secretAleatoire();
  const maintenant = ctx.horloge();
  const declaration = declarationSurLHonneur(entree.siret, courriel);
  const organisation = await enTransaction(
    ctx,
    { compteId, cleId: null },
    { action: 'entreprise.attester', ressource: `compte:${compteId}`, organisationId: null },
    async (trx) => {
      await depot.verrouillerEntreprise(trx, siren);
      let o = await depot.trouverOrganisationPar(trx, 'entreprise', { siren });
      if (o) {
        const membres = await depot.membresDe(trx, o.id);
        if (membres.some((m) => m.roles.includes('entreprise_administrateur')))
          throw new ErreurOpco('ERR_ENTREPRISE_DEJA_ADMINISTREE', { siren });
        await depot.ajouterSiret(trx, o.id, o.sirets ?? [], entree.siret);
      } else {
        o = {
          id: identifiant(),
          type: 'entreprise',
          nom: entree.denomination?.trim() || `Entreprise ${siren}`,
          siren,
          sirets: [entree.siret],
        };
        await depot.creerOrganisation(trx, o);
      }
      await depot.creerCompte(trx, {
        id: compteId,
        courriel,
        nom: null,
        motDePasse: hache,
        doitChangerMotDePasse: false,
        administrateurPlateforme: false,
      });
      await depot.ajouterAdhesion(trx, compteId, o.id, 'entreprise_administrateur', true);
      await depot.creerAttestation(trx, {
        id: identifiant(),
        organisationId: o.id,
        compteId,
        siret: entree.siret,
        codeOpco: entree.opco?.code ?? null,
        nomOpco: entree.opco?.nom ?? null,
        declaration,
        attesteeLe: maintenant,
      });
      await depot.creerJeton(trx, {
        empreinte: empreinteSecret(jetonConfirmation),
        compteId,
        usage: 'confirmation',
        expireLe: new Date(maintenant.getTime() + ctx.config.dureeJetonMs),
      });
      return {
        resultat: o,
        apres: {
          compteId,
          organisation: o.id,
          siret: entree.siret,
          opco: entree.opco,
          declaration,
        },
      };
    },
    false,
  );
  await ctx.courrier.envoyer({
    a: courriel,
    sujet: `Confirmez votre adresse — ${organisation.nom} sur la Plateforme OPCO`,
    texte: `Bonjour,\n\nVous avez créé l’accès de ${organisation.nom} (SIRET ${entree.siret}) à la Plateforme OPCO en déclarant :\n« ${declaration} »\n\nPour confirmer votre adresse et débloquer le dépôt de demandes, l’invitation de collègues et les clés d’API, ouvrez ce lien (valable 24 heures, une seule fois) :\n${ctx.config.urlPublique}/inscription/confirmation#jeton=${jetonConfirmation}\n\nSi vous n’êtes pas à l’origine de cette inscription, ignorez ce message : l’accès restera limité à la lecture.`,
  });
  const s = await ouvrirSession(ctx, compteId, 'session.ouvrir');
  const compte = await depot.trouverCompte(dbComptes(ctx), compteId);
  if (!compte) throw new ErreurOpco('ERR_INTERNE', {});
  return { ...s, compte, organisation };
}

/** Sends a new confirmation link to a person whose attestation is still pending. */
export async function renvoyerConfirmation(
  ctx: ContexteComptes,
  auth: Authentification,
): Promise<boolean> {
  const compte = auth.compte;
  if (!compte) throw new ErreurOpco('ERR_ACCES_REFUSE', { raison: 'réservé aux personnes' });
  const enAttente = await depot.attestationsEnAttente(dbComptes(ctx), compte.id);
  if (enAttente.length === 0) return false;
  const jeton = await nouveauJeton(ctx, compte.id, 'confirmation', acteurDe(auth.sujet), null);
  await ctx.courrier.envoyer({
    a: compte.courriel,
    sujet: 'Confirmez votre adresse — Plateforme OPCO',
    texte: `Bonjour,\n\nPour confirmer votre adresse et débloquer l’accès complet de votre entreprise, ouvrez ce lien (valable 24 heures, une seule fois) :\n${ctx.config.urlPublique}/inscription/confirmation#jeton=${jeton}\n`,
  });
  return true;
}

/** The confirmation link: the account's pending attestations become full memberships. */
export async function confirmerAttestation(
  ctx: ContexteComptes,
  jeton: string,
): Promise<{ organisations: string[] }> {
  const maintenant = ctx.horloge();
  const empreinte = empreinteSecret(jeton);
  const lu = await depot.lireJetonValide(dbComptes(ctx), empreinte, maintenant);
  if (!lu || lu.usage !== 'confirmation') throw new ErreurOpco('ERR_JETON_INVALIDE', {});
  const compteId = lu.compteId;
  return enTransaction(
    ctx,
    { compteId, cleId: null },
    {
      action: 'entreprise.confirmer_attestation',
      ressource: `compte:${compteId}`,
      organisationId: null,
    },
    async (trx) => {
      const j = await depot.consommerJeton(trx, empreinte, maintenant);
      if (!j || j.compteId !== compteId) throw new ErreurOpco('ERR_JETON_INVALIDE', {});
      const organisations = await depot.confirmerAttestations(trx, compteId, maintenant);
      return { resultat: { organisations }, apres: { organisations } };
    },
  );
}
