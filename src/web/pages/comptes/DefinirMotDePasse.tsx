import { useEffect, useState } from 'react';
import { naviguer } from '../../routeur.tsx';
import { premierEspace } from '../../espaces.ts';
import { api } from './client.ts';
import { FormulaireMotDePasse } from './FormulaireMotDePasse.tsx';

/** Page opened from an invitation or reset mail: the token is in the URL fragment (#jeton=…). */
export function DefinirMotDePasse() {
  const [jeton] = useState(
    () => new URLSearchParams(window.location.hash.slice(1)).get('jeton') ?? '',
  );
  useEffect(() => {
    document.title = 'Choisir mon mot de passe — Plateforme OPCO';
    // The token leaves the address bar (and the history) at once.
    if (window.location.hash) window.history.replaceState({}, '', window.location.pathname);
  }, []);
  return (
    <>
      <h1>Choisir mon mot de passe</h1>
      {!jeton && (
        <p className="alerte" role="alert">
          Ce lien est incomplet : ouvrez le lien reçu par courriel tel quel.
        </p>
      )}
      <p>Au moins 12 caractères. Une phrase facile à retenir convient très bien.</p>
      <FormulaireMotDePasse
        demanderActuel={false}
        bouton="Enregistrer et me connecter"
        desactive={!jeton}
        envoyer={async ({ nouveau }) => {
          const moi = await api.definirMotDePasse({ jeton, motDePasse: nouveau });
          naviguer(premierEspace(moi.espaces));
          return null;
        }}
      />
    </>
  );
}
