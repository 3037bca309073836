import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { CleApiDto, Moi } from '../../../partage/comptes.schema.ts';
import { Lien } from '../../routeur.tsx';
import { api, messageErreur, useMoi } from './client.ts';
import { FormulaireMotDePasse } from './FormulaireMotDePasse.tsx';
import { libellesRoles, libellesTypes } from './libelles.ts';

const rolesAdministrateurs = new Set([
  'entreprise_administrateur',
  'cfa_administrateur',
  'opco_administrateur',
  'branche_administrateur',
]);

function ChangerMotDePasse({ obligatoire }: { obligatoire: boolean }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Changer mon mot de passe</h2>
      {obligatoire && (
        <p className="alerte" role="alert">
          Votre mot de passe initial doit être changé avant de continuer.
        </p>
      )}
      <FormulaireMotDePasse
        demanderActuel
        bouton="Changer le mot de passe"
        envoyer={async ({ actuel, nouveau }) => {
          await api.changerMotDePasse({ motDePasseActuel: actuel, nouveauMotDePasse: nouveau });
          return 'Mot de passe changé. Vos autres sessions sont fermées.';
        }}
      />
    </section>
  );
}

function ClesApi({ moi }: { moi: Moi }) {
  const id = useId();
  const [cles, setCles] = useState<CleApiDto[] | null>(null);
  const [nouvelle, setNouvelle] = useState<string | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const admins = moi.organisations.filter((o) => o.roles.some((r) => rolesAdministrateurs.has(r)));
  const [org, setOrg] = useState(admins[0]?.id ?? '');
  const [libelle, setLibelle] = useState('');
  const orgChoisie = admins.find((o) => o.id === org);
  const rolesPossibles = orgChoisie
    ? (Object.keys(libellesRoles) as (keyof typeof libellesRoles)[]).filter(
        (r) =>
          !rolesAdministrateurs.has(r) &&
          r.startsWith(orgChoisie.type === 'organisme_formation' ? 'cfa' : orgChoisie.type),
      )
    : [];
  const [role, setRole] = useState('');
  const charger = useCallback(() => {
    api.cles().then(
      (r) => setCles(r.cles),
      (e: unknown) => setErreur(messageErreur(e)),
    );
  }, []);
  useEffect(charger, [charger]);
  const creer = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api.creerCle(org, {
        libelle,
        role: (role || rolesPossibles[0] || '') as CleApiDto['role'],
      });
      setNouvelle(r.cle);
      setLibelle('');
      charger();
    } catch (err) {
      setErreur(messageErreur(err));
    }
  };
  return (
    <section aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Mes clés d’API</h2>
      <p>
        Une clé permet à un logiciel de votre organisation d’appeler l’API à la place d’une
        personne.
      </p>
      {erreur && (
        <p className="alerte" role="alert">
          {erreur}
        </p>
      )}
      {nouvelle && (
        <div className="information" role="status">
          <p>Copiez cette clé maintenant : elle ne sera plus jamais affichée.</p>
          <p>
            <code className="cle-api">{nouvelle}</code>
          </p>
        </div>
      )}
      {cles && cles.length === 0 && <p>Aucune clé d’API.</p>}
      {cles && cles.length > 0 && (
        <ul>
          {cles.map((c) => (
            <li key={c.id}>
              {c.libelle} — <code>opco_{c.prefixe}_…</code> — {libellesRoles[c.role]}
              {c.revoqueeLe ? (
                ' — révoquée'
              ) : (
                <>
                  {' '}
                  <button
                    type="button"
                    onClick={() =>
                      void api
                        .revoquerCle(c.organisationId, c.id)
                        .then(charger, (e: unknown) => setErreur(messageErreur(e)))
                    }
                  >
                    Révoquer <span className="visuellement-cache">la clé {c.libelle}</span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {admins.length > 0 && (
        <form onSubmit={(e) => void creer(e)}>
          <h3>Créer une clé</h3>
          {admins.length > 1 && (
            <div>
              <label htmlFor={`${id}-o`}>Organisation</label>
              <select id={`${id}-o`} value={org} onChange={(e) => setOrg(e.target.value)}>
                {admins.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.nom}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div>
            <label htmlFor={`${id}-l`}>Nom du logiciel</label>
            <input
              id={`${id}-l`}
              value={libelle}
              onChange={(e) => setLibelle(e.target.value)}
              required
            />
          </div>
          <div>
            <label htmlFor={`${id}-r`}>Rôle de la clé</label>
            <select id={`${id}-r`} value={role} onChange={(e) => setRole(e.target.value)}>
              {rolesPossibles.map((r) => (
                <option key={r} value={r}>
                  {libellesRoles[r]}
                </option>
              ))}
            </select>
          </div>
          <p>
            <button type="submit">Créer la clé</button>
          </p>
        </form>
      )}
    </section>
  );
}

function RenvoyerConfirmation() {
  const [message, setMessage] = useState<string | null>(null);
  if (message) return <span role="status">{message}</span>;
  return (
    <button
      type="button"
      onClick={() =>
        void api.renvoyerConfirmation().then(
          (r) =>
            setMessage(
              r.envoye ? 'Un nouveau lien vient de vous être envoyé.' : 'Adresse déjà confirmée.',
            ),
          (e: unknown) => setMessage(messageErreur(e)),
        )
      }
    >
      Renvoyer le lien de confirmation
    </button>
  );
}

export function Compte() {
  const moi = useMoi();
  useEffect(() => {
    document.title = 'Mon compte — Plateforme OPCO';
  }, []);
  if (moi === undefined) return <p role="status">Chargement…</p>;
  if (moi === null)
    return (
      <>
        <h1>Mon compte</h1>
        <p>
          Vous n’êtes pas connecté(e). <Lien href="/connexion">Se connecter</Lien>.
        </p>
      </>
    );
  return (
    <>
      <h1>Mon compte</h1>
      <p>
        Connecté(e) en tant que <strong>{moi.compte.courriel}</strong>
        {moi.compte.administrateurPlateforme && ' — administrateur de la plateforme'}.
      </p>
      <ChangerMotDePasse obligatoire={moi.motDePasseAChanger} />
      {!moi.motDePasseAChanger && (
        <>
          <section aria-labelledby="mes-organisations">
            <h2 id="mes-organisations">Mes organisations</h2>
            {moi.organisations.length === 0 && <p>Vous n’appartenez à aucune organisation.</p>}
            <ul>
              {moi.organisations.map((o) => (
                <li key={o.id}>
                  <strong>{o.nom}</strong> ({libellesTypes[o.type]}) —{' '}
                  {o.roles.map((r) => libellesRoles[r]).join(', ')}
                  {o.enAttente && (
                    <>
                      {' — accès limité à la lecture jusqu’à la confirmation de votre courriel '}
                      <RenvoyerConfirmation />
                    </>
                  )}
                  {o.roles.some((r) => rolesAdministrateurs.has(r)) && (
                    <>
                      {' — '}
                      <Lien href={`/compte/organisations/${o.id}`}>Gérer les utilisateurs</Lien>
                    </>
                  )}
                  {o.roles.some(
                    (r) => r === 'opco_administrateur' || r === 'branche_administrateur',
                  ) && (
                    <>
                      {' — '}
                      <Lien href={`/compte/organisations/${o.id}/baremes`}>
                        Barèmes du plan &lt; 50
                      </Lien>
                    </>
                  )}
                  {o.roles.some(
                    (r) => r === 'opco_administrateur' || r === 'opco_gestionnaire',
                  ) && (
                    <>
                      {' — '}
                      <Lien href={`/compte/organisations/${o.id}/actions-collectives`}>
                        Sessions d’actions collectives
                      </Lien>
                      {' — '}
                      <Lien href={`/compte/organisations/${o.id}/accords-tarifaires`}>
                        Accords tarifaires
                      </Lien>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <ClesApi moi={moi} />
        </>
      )}
    </>
  );
}
