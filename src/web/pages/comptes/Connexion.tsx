import { useEffect, useId, useState, type FormEvent } from 'react';
import { naviguer } from '../../routeur.tsx';
import { api, messageErreur } from './client.ts';
import { premierEspace } from '../../espaces.ts';

export function Connexion() {
  const id = useId();
  const [courriel, setCourriel] = useState('');
  const [motDePasse, setMotDePasse] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const [oubli, setOubli] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Se connecter — Plateforme OPCO';
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
    </>
  );
}
