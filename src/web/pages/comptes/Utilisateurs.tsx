import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { MembreDto } from '../../../partage/comptes.schema.ts';
import { Lien } from '../../routeur.tsx';
import { api, messageErreur, useMoi } from './client.ts';
import { libellesRoles, rolesParType } from './libelles.ts';

/** Administrator page: the users of one organisation, invite, remove. */
export function Utilisateurs({ organisationId }: { organisationId: string }) {
  const id = useId();
  const moi = useMoi();
  const org = moi?.organisations.find((o) => o.id === organisationId);
  const [membres, setMembres] = useState<MembreDto[] | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [courriel, setCourriel] = useState('');
  const [nom, setNom] = useState('');
  const roles = org ? (rolesParType[org.type] as readonly MembreDto['roles'][number][]) : [];
  const [role, setRole] = useState('');
  const charger = useCallback(() => {
    api.membres(organisationId).then(
      (r) => setMembres(r.membres),
      (e: unknown) => setErreur(messageErreur(e)),
    );
  }, [organisationId]);
  useEffect(() => {
    document.title = 'Utilisateurs de l’organisation — Plateforme OPCO';
    charger();
  }, [charger]);
  const inviter = async (e: FormEvent) => {
    e.preventDefault();
    setErreur(null);
    try {
      const choisi = (role || roles[roles.length - 1] || '') as MembreDto['roles'][number];
      await api.inviter(organisationId, { courriel, role: choisi, ...(nom ? { nom } : {}) });
      setInfo(`Invitation envoyée à ${courriel}.`);
      setCourriel('');
      setNom('');
      charger();
    } catch (err) {
      setErreur(messageErreur(err));
    }
  };
  return (
    <>
      <p className="fil">
        <Lien href="/compte">Mon compte</Lien> › Utilisateurs
      </p>
      <h1>Utilisateurs de {org?.nom ?? 'l’organisation'}</h1>
      {erreur && (
        <p className="alerte" role="alert">
          {erreur}
        </p>
      )}
      {info && (
        <p className="information" role="status">
          {info}
        </p>
      )}
      {membres && (
        <table>
          <caption>Personnes ayant accès à cette organisation</caption>
          <thead>
            <tr>
              <th scope="col">Courriel</th>
              <th scope="col">Rôles</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {membres.map((m) => (
              <tr key={m.compteId}>
                <td>{m.courriel}</td>
                <td>{m.roles.map((r) => libellesRoles[r]).join(', ')}</td>
                <td>
                  {m.compteId !== moi?.compte.id && (
                    <button
                      type="button"
                      onClick={() =>
                        void api
                          .retirer(organisationId, m.compteId)
                          .then(charger, (e: unknown) => setErreur(messageErreur(e)))
                      }
                    >
                      Retirer <span className="visuellement-cache">{m.courriel}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void inviter(e)}>
        <h2>Inviter une personne</h2>
        <div>
          <label htmlFor={`${id}-c`}>Courriel</label>
          <input
            id={`${id}-c`}
            type="email"
            value={courriel}
            onChange={(e) => setCourriel(e.target.value)}
            required
          />
        </div>
        <div>
          <label htmlFor={`${id}-n`}>Nom (facultatif)</label>
          <input id={`${id}-n`} value={nom} onChange={(e) => setNom(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`${id}-r`}>Rôle</label>
          <select
            id={`${id}-r`}
            value={role || roles[roles.length - 1] || ''}
            onChange={(e) => setRole(e.target.value)}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {libellesRoles[r]}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit">Envoyer l’invitation</button>
        </p>
      </form>
    </>
  );
}
