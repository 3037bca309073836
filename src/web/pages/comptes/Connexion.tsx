import { useEffect, useId, useState, type FormEvent } from 'react';
import { Lien, naviguer } from '../../routeur.tsx';
import type { FournisseursOidc } from '../../../partage/oidc.schema.ts';
import { api, chargerMoi, messageErreur } from './client.ts';
import { premierEspace } from '../../espaces.ts';

const messagesOidc: Record<string, string> = {
  ERR_OIDC_ECHEC:
    'La connexion par votre fournisseur d’identité a échoué. Recommencez, ou connectez-vous avec votre mot de passe.',
  ERR_OIDC_COMPTE_INCONNU:
    'Aucun compte de la plateforme ne correspond à cette identité. Demandez une invitation à l’administrateur de votre organisation.',
};

export function Connexion() {
  const id = useId();
  const [courriel, setCourriel] = useState('');
  const [motDePasse, setMotDePasse] = useState('');
  // Back from an identity provider with ?erreur=<code>.
  const [erreur, setErreur] = useState<string | null>(() => {
    const code = new URLSearchParams(window.location.search).get('erreur');
    return code ? (messagesOidc[code] ?? messagesOidc.ERR_OIDC_ECHEC ?? null) : null;
  });
  const [envoi, setEnvoi] = useState(false);
  const [oubli, setOubli] = useState<string | null>(null);
  const [fournisseurs, setFournisseurs] = useState<FournisseursOidc['fournisseurs']>([]);
  useEffect(() => {
    document.title = 'Se connecter — Plateforme OPCO';
    // Back from an identity provider and signed in: ?oidc=1.
    const q = new URLSearchParams(window.location.search);
    if (q.get('oidc') === '1')
      void chargerMoi().then(
        (moi) => {
          if (moi) naviguer(moi.motDePasseAChanger ? '/compte' : premierEspace(moi.espaces));
        },
        () => setErreur(messagesOidc.ERR_OIDC_ECHEC ?? null),
      );
    if (q.size > 0) window.history.replaceState({}, '', window.location.pathname);
    api.fournisseursOidc().then(
      (r) => setFournisseurs(r.fournisseurs),
      () => setFournisseurs([]),
    );
  }, []);
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    setEnvoi(true);
    setErreur(null);
    try {
      const moi = await api.connecter({ courriel, motDePasse });
      naviguer(moi.motDePasseAChanger ? '/compte' : premierEspace(moi.espaces));
    } catch (err) {
      setErreur(messageErreur(err));
    } finally {
      setEnvoi(false);
    }
  };
  const oublie = async () => {
    if (!courriel) {
      setErreur('Indiquez votre courriel pour recevoir un lien.');
      return;
    }
    await api.demanderReinitialisation(courriel).catch(() => null);
    setOubli(
      `Si un compte existe pour ${courriel}, un lien pour choisir un nouveau mot de passe vient d’y être envoyé.`,
    );
  };
  return (
    <>
      <h1>Se connecter</h1>
      <form onSubmit={(e) => void soumettre(e)} noValidate>
        {erreur && (
          <p className="alerte" role="alert">
            {erreur}
          </p>
        )}
        <div>
          <label htmlFor={`${id}-c`}>Courriel</label>
          <input
            id={`${id}-c`}
            type="email"
            autoComplete="username"
            required
            value={courriel}
            onChange={(e) => setCourriel(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-m`}>Mot de passe</label>
          <input
            id={`${id}-m`}
            type="password"
            autoComplete="current-password"
            required
            value={motDePasse}
            onChange={(e) => setMotDePasse(e.target.value)}
          />
        </div>
        <p>
          <button type="submit" disabled={envoi}>
            Se connecter
          </button>{' '}
          <button type="button" onClick={() => void oublie()}>
            Mot de passe oublié
          </button>
        </p>
        {oubli && (
          <p className="information" role="status">
            {oubli}
          </p>
        )}
      </form>
      <p>
        Votre entreprise n’a pas encore d’accès ?{' '}
        <Lien href="/inscription">Créer l’accès de mon entreprise</Lien>
      </p>
      {fournisseurs.length > 0 && (
        <section aria-labelledby={`${id}-oidc`}>
          <h2 id={`${id}-oidc`}>Ou avec votre fournisseur d’identité</h2>
          <ul className="liste-simple">
            {fournisseurs.map((f) => (
              <li key={f.id}>
                {/* A full page navigation: the provider's page replaces the application. */}
                <a className="bouton" href={`/api/v1/session/oidc/${encodeURIComponent(f.id)}`}>
                  Se connecter avec {f.libelle}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
