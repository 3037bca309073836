import { useId, useState, type FormEvent } from 'react';
import { messageErreur } from './client.ts';

export interface ValeursMotDePasse {
  /** Empty when the form does not ask for the current password. */
  actuel: string;
  nouveau: string;
}

/**
 * The one password form of the web UI: change (with the current password, account page) or
 * choose (invitation or reset link). `envoyer` returns the success message to show, or throws.
 */
export function FormulaireMotDePasse({
  demanderActuel,
  bouton,
  desactive = false,
  envoyer,
}: {
  demanderActuel: boolean;
  bouton: string;
  desactive?: boolean;
  envoyer: (v: ValeursMotDePasse) => Promise<string | null>;
}) {
  const id = useId();
  const [actuel, setActuel] = useState('');
  const [nouveau, setNouveau] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    if (nouveau !== confirmation) {
      setMessage({ ok: false, texte: 'Les deux nouveaux mots de passe ne sont pas identiques.' });
      return;
    }
    try {
      const texte = await envoyer({ actuel, nouveau });
      setActuel('');
      setNouveau('');
      setConfirmation('');
      setMessage(texte === null ? null : { ok: true, texte });
    } catch (err) {
      setMessage({ ok: false, texte: messageErreur(err) });
    }
  };
  return (
    <form onSubmit={(e) => void soumettre(e)} noValidate>
      {message && (
        <p className={message.ok ? 'information' : 'alerte'} role={message.ok ? 'status' : 'alert'}>
          {message.texte}
        </p>
      )}
      {demanderActuel && (
        <div>
          <label htmlFor={`${id}-a`}>Mot de passe actuel</label>
          <input
            id={`${id}-a`}
            type="password"
            autoComplete="current-password"
            value={actuel}
            onChange={(e) => setActuel(e.target.value)}
          />
        </div>
      )}
      <div>
        <label htmlFor={`${id}-n`}>Nouveau mot de passe (12 caractères au moins)</label>
        <input
          id={`${id}-n`}
          type="password"
          autoComplete="new-password"
          value={nouveau}
          onChange={(e) => setNouveau(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor={`${id}-c`}>Confirmer le nouveau mot de passe</label>
        <input
          id={`${id}-c`}
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
        />
      </div>
      <p>
        <button type="submit" disabled={desactive}>
          {bouton}
        </button>
      </p>
    </form>
  );
}
