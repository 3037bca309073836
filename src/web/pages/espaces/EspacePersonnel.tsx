import { useEffect } from 'react';
import type { Espace } from '../../espaces.ts';
import { Lien } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import { libellesRoles, libellesTypes } from '../comptes/libelles.ts';
import { FinancesCfa, FinancesNational, FinancesOpco } from '../finances/Finances.tsx';

/**
 * First page of a space (entreprise, OPCO, CFA, branche): what this person has there — their
 * organisations of that kind and roles; dossiers will be listed here when they exist.
 */
export function EspacePersonnel({ espace }: { espace: Espace }) {
  const moi = useMoi();
  useEffect(() => {
    document.title = `${espace.titre} — Plateforme OPCO`;
  }, [espace]);
  if (moi === undefined) return <p role="status">Chargement…</p>;
  if (moi === null)
    return (
      <>
        <h1>{espace.titre}</h1>
        <p>{espace.resume}</p>
        <p>
          <Lien href="/connexion">Connectez-vous</Lien> pour entrer dans cet espace.
        </p>
      </>
    );
  const orgs = moi.organisations.filter((o) => espace.types?.includes(o.type));
  return (
    <>
      <h1>{espace.titre}</h1>
      <p>{espace.resume}</p>
      {orgs.length === 0 ? (
        <p className="information">Vous n’avez accès à aucune organisation de cet espace.</p>
      ) : (
        orgs.map((o) => (
          <section key={o.id} aria-labelledby={`org-${o.id}`}>
            <h2 id={`org-${o.id}`}>{o.nom}</h2>
            <dl className="faits">
              <dt>Type</dt>
              <dd>{libellesTypes[o.type]}</dd>
              {o.siren && (
                <>
                  <dt>SIREN</dt>
                  <dd>{o.siren}</dd>
                </>
              )}
              {o.siret && (
                <>
                  <dt>SIRET</dt>
                  <dd>{o.siret}</dd>
                </>
              )}
              {o.uai && (
                <>
                  <dt>UAI</dt>
                  <dd>{o.uai}</dd>
                </>
              )}
              {o.codeOpco && (
                <>
                  <dt>Code OPCO</dt>
                  <dd>{o.codeOpco}</dd>
                </>
              )}
              {o.idcc && (
                <>
                  <dt>IDCC</dt>
                  <dd>{o.idcc}</dd>
                </>
              )}
              <dt>Mes rôles</dt>
              <dd>{o.roles.map((r) => libellesRoles[r]).join(', ')}</dd>
            </dl>
            <h3>Dossiers</h3>
            <p>
              <Lien href="/dossiers">Les dossiers de cette organisation</Lien>
              {o.type === 'opco' ? (
                <>
                  {' · '}
                  <Lien href="/dossiers/file-attente">File d'attente des gestionnaires</Lien>
                </>
              ) : (
                <>
                  {' · '}
                  <Lien href="/dossiers/nouveau">Déposer un contrat d'apprentissage</Lien>
                </>
              )}
            </p>
            {o.type === 'opco' && <FinancesOpco organisationId={o.id} />}
            {o.type === 'organisme_formation' && <FinancesCfa organisationId={o.id} />}
          </section>
        ))
      )}
      {espace.prive === 'national' && orgs.length > 0 && <FinancesNational />}
    </>
  );
}
