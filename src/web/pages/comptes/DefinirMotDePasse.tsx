import { useEffect, useId, useState, type FormEvent } from 'react';
import { naviguer } from '../../routeur.tsx';
import { premierEspace } from '../../espaces.ts';
import { api, messageErreur } from './client.ts';

/** Page opened from an invitation or reset mail: the token is in the URL fragment (#jeton=…). */
export function DefinirMotDePasse() {
  const id = useId();
  const [jeton] = useState(
    () => new URLSearchParams(window.location.hash.slice(1)).get('jeton') ?? '',
  );
  const [motDePasse, setMotDePasse] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Choisir mon mot de passe — Plateforme OPCO';
    // The token leaves the address bar (and the history) at once.
    if (window.location.hash) window.history.replaceState({}, '', window.location.pathname);
  }, []);
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    if (motDePasse !== confirmation) {
      setErreur('Les deux mots de passe ne sont pas identiques.');
      return;
    }
    try {
      const moi = await api.definirMotDePasse({ jeton, motDePasse });
      naviguer(premierEspace(moi.espaces));
    } catch (err) {
      setErreur(messageErreur(err));
    }
  };
  return (
    <>
      <h1>Choisir mon mot de passe</h1>
      {!jeton && (
        <p className="alerte" role="alert">
          Ce lien est incomplet : ouvrez le lien reçu par courriel tel quel.
        </p>
      )}
      <p>Au moins 12 caractères. Une phrase facile à retenir convient très bien.</p>
      <form onSubmit={(e) => void soumettre(e)} noValidate>
        {erreur && (
          <p className="alerte" role="alert">
            {erreur}
          </p>
        )}
        <div>
          <label htmlFor={`${id}-n`}>Nouveau mot de passe</label>
          <input
            id={`${id}-n`}
            type="password"
            autoComplete="new-password"
            value={motDePasse}
            onChange={(e) => setMotDePasse(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-c`}>Confirmer le mot de passe</label>
          <input
            id={`${id}-c`}
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
          />
        </div>
        <p>
          <button type="submit" disabled={!jeton}>
            Enregistrer et me connecter
          </button>
        </p>
      </form>
    </>
  );
}
