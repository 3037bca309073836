import { useEffect, useId, useState, type FormEvent } from 'react';
import type { InscriptionReponse } from '../../../partage/inscription.schema.ts';
import { Lien } from '../../routeur.tsx';
import { api, messageErreur } from './client.ts';

/**
 * « Créer l'accès de mon entreprise » : SIRET, declaration on honour, e-mail and password; the
 * person is signed in at once, read only until the e-mail is confirmed (docs/comptes.md).
 */
export function InscriptionEntreprise() {
  const id = useId();
  const [siret, setSiret] = useState('');
  const [denomination, setDenomination] = useState('');
  const [courriel, setCourriel] = useState('');
  const [motDePasse, setMotDePasse] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [attestation, setAttestation] = useState(false);
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const [fait, setFait] = useState<InscriptionReponse | null>(null);
  useEffect(() => {
    document.title = 'Créer l’accès de mon entreprise — Plateforme OPCO';
  }, []);
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    if (motDePasse !== confirmation) {
      setErreur('Les deux mots de passe ne sont pas identiques.');
      return;
    }
    setEnvoi(true);
    setErreur(null);
    try {
      setFait(
        await api.inscrireEntreprise({
          siret: siret.replace(/\s+/g, ''),
          ...(denomination.trim() ? { denomination: denomination.trim() } : {}),
          courriel,
          motDePasse,
          attestation: attestation as true,
        }),
      );
    } catch (err) {
      setErreur(messageErreur(err));
    } finally {
      setEnvoi(false);
    }
  };
  if (fait)
    return (
      <>
        <h1>Accès créé : confirmez votre adresse</h1>
        <p role="status" className="information">
          Un courriel vient d’être envoyé à <strong>{fait.confirmationEnvoyeeA}</strong>. Ouvrez le
          lien qu’il contient (valable 24 heures) pour débloquer le dépôt de demandes, l’invitation
          de collègues et les clés d’API. D’ici là, votre accès est limité à la lecture.
        </p>
        <p>
          {fait.opco
            ? `D’après « Trouver mon OPCO », votre OPCO est ${fait.opco.nom} (code ${fait.opco.code}).`
            : 'Votre établissement n’est pas dans les tables de rattachement chargées : votre OPCO sera précisé plus tard.'}
        </p>
        <p>Vous avez déclaré : « {fait.declaration} »</p>
        <p>
          <Lien href="/entreprise">Aller à l’espace entreprise</Lien>
        </p>
      </>
    );
  return (
    <>
      <h1>Créer l’accès de mon entreprise</h1>
      <p>
        Votre entreprise n’a pas encore d’administrateur sur la plateforme ? Créez son accès avec le
        SIRET d’un de ses établissements. Si un collègue l’a déjà fait, demandez-lui une invitation.
      </p>
      <form onSubmit={(e) => void soumettre(e)} noValidate>
        {erreur && (
          <p className="alerte" role="alert">
            {erreur}
          </p>
        )}
        <div>
          <label htmlFor={`${id}-s`}>SIRET</label>
          <input
            id={`${id}-s`}
            inputMode="numeric"
            autoComplete="off"
            value={siret}
            onChange={(e) => setSiret(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-d`}>Nom de l’entreprise (facultatif)</label>
          <input
            id={`${id}-d`}
            autoComplete="organization"
            value={denomination}
            onChange={(e) => setDenomination(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-c`}>Courriel</label>
          <input
            id={`${id}-c`}
            type="email"
            autoComplete="email"
            value={courriel}
            onChange={(e) => setCourriel(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-m`}>Mot de passe (12 caractères au moins)</label>
          <input
            id={`${id}-m`}
            type="password"
            autoComplete="new-password"
            value={motDePasse}
            onChange={(e) => setMotDePasse(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-m2`}>Confirmer le mot de passe</label>
          <input
            id={`${id}-m2`}
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
          />
        </div>
        <div>
          <input
            id={`${id}-a`}
            type="checkbox"
            checked={attestation}
            onChange={(e) => setAttestation(e.target.checked)}
          />
          <label htmlFor={`${id}-a`}>
            Déclaration sur l’honneur : je déclare être habilité(e) à représenter cette entreprise,
            et que cette adresse électronique est la mienne.
          </label>
        </div>
        <p>
          <button type="submit" disabled={envoi}>
            Créer l’accès
          </button>
        </p>
      </form>
    </>
  );
}

/** Page opened from the confirmation mail: the token is in the URL fragment (#jeton=…). */
export function ConfirmationInscription() {
  const [jeton] = useState(
    () => new URLSearchParams(window.location.hash.slice(1)).get('jeton') ?? '',
  );
  const [etat, setEtat] = useState<'attente' | 'ok' | string>('attente');
  useEffect(() => {
    document.title = 'Confirmer mon adresse — Plateforme OPCO';
    if (window.location.hash) window.history.replaceState({}, '', window.location.pathname);
    if (!jeton) return;
    api.confirmerAttestation(jeton).then(
      () => setEtat('ok'),
      (e: unknown) => setEtat(messageErreur(e)),
    );
  }, [jeton]);
  return (
    <>
      <h1>Confirmer mon adresse</h1>
      {!jeton && (
        <p className="alerte" role="alert">
          Ce lien est incomplet : ouvrez le lien reçu par courriel tel quel.
        </p>
      )}
      {jeton && etat === 'attente' && <p role="status">Confirmation en cours…</p>}
      {etat === 'ok' && (
        <>
          <p className="information" role="status">
            Adresse confirmée : l’accès de votre entreprise est complet.
          </p>
          <p>
            <Lien href="/entreprise">Aller à l’espace entreprise</Lien>
          </p>
        </>
      )}
      {jeton && etat !== 'attente' && etat !== 'ok' && (
        <p className="alerte" role="alert">
          {etat}
        </p>
      )}
    </>
  );
}
