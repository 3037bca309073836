import { normaliserCourriel, verifierMotDePasse } from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import * as depot from '../../stockage/comptes.depot.ts';
import { ouvrirSession } from './connexion.ts';
import {
  acteurDe,
  acteurSysteme,
  dbComptes,
  enTransaction,
  nouveauJeton,
  refuser,
  type Authentification,
  type ContexteComptes,
} from './noyau.ts';
import { empreinteSecret, hacherMotDePasse, verifierMotDePasseHache } from './secrets.ts';

/** Passwords: change, reset by mail, and the invitation or reset link that sets one. */

export async function changerMotDePasse(
  ctx: ContexteComptes,
  auth: Authentification,
  actuel: string,
  nouveau: string,
): Promise<void> {
  const compte = auth.compte;
  if (!compte) throw new ErreurOpco('ERR_ACCES_REFUSE', { raison: 'réservé aux personnes' });
  if (!(await verifierMotDePasseHache(compte.motDePasse, actuel)))
    refuser('body.motDePasseActuel', 'le mot de passe actuel est incorrect');
  if (actuel === nouveau)
    refuser('body.nouveauMotDePasse', 'le nouveau mot de passe doit différer de l’actuel');
  const v = verifierMotDePasse(nouveau, compte.courriel);
  if (!v.ok) refuser('body.nouveauMotDePasse', v.probleme);
  const hache = await hacherMotDePasse(nouveau);
  await enTransaction(
    ctx,
    acteurDe(auth.sujet),
    {
      action: 'compte.changer_mot_de_passe',
      ressource: `compte:${compte.id}`,
      organisationId: null,
    },
    async (trx) => {
      await depot.definirMotDePasse(trx, compte.id, hache, false);
      // Other sessions end (ASVS 3.3.3); this one stays.
      await depot.supprimerSessionsDe(trx, compte.id, auth.session?.empreinte);
      return { resultat: null };
    },
  );
}

/** Sends a reset link if the account exists; answers the same either way (no enumeration). */
export async function demanderReinitialisation(
  ctx: ContexteComptes,
  courrielBrut: string,
): Promise<void> {
  const courriel = normaliserCourriel(courrielBrut);
  const compte = await depot.trouverCompteParCourriel(dbComptes(ctx), courriel);
  if (!compte || !compte.actif) return;
  const jeton = await nouveauJeton(ctx, compte.id, 'reinitialisation', acteurSysteme, null);
  await ctx.courrier.envoyer({
    a: compte.courriel,
    sujet: 'Réinitialisation de votre mot de passe — Plateforme OPCO',
    texte: `Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable 24 heures, une seule fois) :\n${ctx.config.urlPublique}/connexion/mot-de-passe#jeton=${jeton}\n\nSi vous n’avez rien demandé, ignorez ce message.`,
  });
}
/** Invitation or reset link: sets the password and opens a session (first sign-in). */
export async function definirParJeton(
  ctx: ContexteComptes,
  jeton: string,
  motDePasse: string,
): Promise<{ jeton: string; jetonCsrf: string; compte: depot.Compte }> {
  const maintenant = ctx.horloge();
  const empreinte = empreinteSecret(jeton);
  const lu = await depot.lireJetonValide(dbComptes(ctx), empreinte, maintenant);
  const compte = lu ? await depot.trouverCompte(dbComptes(ctx), lu.compteId) : null;
  if (!lu || lu.usage === 'confirmation' || !compte || !compte.actif)
    throw new ErreurOpco('ERR_JETON_INVALIDE', {});
  // Checked before the token is spent, so a refused password leaves the link usable.
  const v = verifierMotDePasse(motDePasse, compte.courriel);
  if (!v.ok) refuser('body.motDePasse', v.probleme);
  const j = await depot.consommerJeton(dbComptes(ctx), empreinte, maintenant);
  if (!j || j.compteId !== compte.id) throw new ErreurOpco('ERR_JETON_INVALIDE', {});
  const hache = await hacherMotDePasse(motDePasse);
  await enTransaction(
    ctx,
    { compteId: compte.id, cleId: null },
    { action: `compte.${j.usage}`, ressource: `compte:${compte.id}`, organisationId: null },
    async (trx) => {
      await depot.definirMotDePasse(trx, compte.id, hache, false);
      await depot.supprimerSessionsDe(trx, compte.id);
      return { resultat: null };
    },
  );
  const s = await ouvrirSession(ctx, compte.id, 'session.ouvrir');
  return { ...s, compte: { ...compte, doitChangerMotDePasse: false } };
}
