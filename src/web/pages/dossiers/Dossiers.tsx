import { useEffect, useState, type FormEvent } from 'react';
import { listesCerfa } from '../../../partage/listes-cerfa.ts';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { date as dateFr, euros } from '../../format.ts';
import { Lien } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import {
  appelDossiers,
  ErreurDossier,
  type DossierComplet,
  type EvenementDto,
  type ReponseCommande,
  type VueDossier,
} from './client.ts';
import { Controles } from './Controles.tsx';
import { Avenant } from './Avenant.tsx';
import { explication } from './explication.ts';
import { Pieces } from './Pieces.tsx';
import { MesDemandes } from './Demandes.tsx';

const centimes = (c: number) => euros(c / 100);

function TableDossiers({
  dossiers,
  libelle,
}: {
  dossiers: readonly VueDossier[];
  libelle: string;
}) {
  if (dossiers.length === 0) return <p className="information">Aucun dossier.</p>;
  return (
    <TableauAdaptable libelle={libelle}>
      <table>
        <caption className="visuellement-cache">{libelle}</caption>
        <thead>
          <tr>
            <th scope="col">Titulaire</th>
            <th scope="col">Employeur</th>
            <th scope="col">Début</th>
            <th scope="col">État</th>
            <th scope="col">Échéance de décision</th>
          </tr>
        </thead>
        <tbody>
          {dossiers.map((d) => (
            <tr key={d.id}>
              <td>
                <Lien href={`/dossiers/${d.id}`}>
                  {d.titulaire.prenom} {d.titulaire.nom}
                </Lien>{' '}
                ({d.formulaire})
              </td>
              <td>{d.employeur.denomination}</td>
              <td>{dateFr(d.dateDebut)}</td>
              <td>{d.libelleEtat}</td>
              <td>{d.etat === 'en_cours_instruction' && d.echeance ? dateFr(d.echeance) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableauAdaptable>
  );
}

/** My dossiers (company, CFA, OPCO), and the gestionnaire's queue for OPCO staff. */
export function ListeDossiers({ fileAttente = false }: { fileAttente?: boolean }) {
  const moi = useMoi();
  const [dossiers, setDossiers] = useState<VueDossier[] | null>(null);
  const [probleme, setProbleme] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${fileAttente ? "File d'attente" : 'Dossiers'} — Plateforme OPCO`;
    if (!moi) return;
    appelDossiers<{ dossiers: VueDossier[] }>(
      'GET',
      fileAttente ? '/api/v1/dossiers/file-attente' : '/api/v1/dossiers',
      moi.jetonCsrf,
    )
      .then((r) => setDossiers(r.dossiers))
      .catch((e: unknown) => setProbleme(e instanceof Error ? e.message : 'Échec'));
  }, [moi, fileAttente]);
  if (moi === null)
    return (
      <p>
        <Lien href="/connexion">Connectez-vous</Lien> pour voir vos dossiers.
      </p>
    );
  return (
    <>
      <h1>{fileAttente ? "File d'attente des gestionnaires" : 'Dossiers'}</h1>
      <p>
        {fileAttente
          ? 'Les dossiers dont un contrôle n’a pas pu être tranché automatiquement.'
          : 'Les contrats de vos organisations : état, décision et engagement.'}
      </p>
      <p>
        <Lien href="/dossiers/nouveau">Déposer un contrat d'apprentissage</Lien>
        {' · '}
        <Lien href="/dossiers/nouveau-professionnalisation">
          Déposer un contrat de professionnalisation
        </Lien>
        {' · '}
        <Lien href="/dossiers/lot">Dépôt en masse</Lien>
        {' · '}
        {fileAttente ? (
          <Lien href="/dossiers">Tous mes dossiers</Lien>
        ) : (
          <Lien href="/dossiers/file-attente">File d'attente (OPCO)</Lien>
        )}
      </p>
      {probleme && (
        <p className="alerte" role="alert">
          {probleme}
        </p>
      )}
      {dossiers === null && !probleme ? (
        <p role="status">Chargement…</p>
      ) : (
        <TableDossiers dossiers={dossiers ?? []} libelle="Dossiers" />
      )}
      {!fileAttente && <MesDemandes />}
    </>
  );
}

/** One dossier: state, deadline, cited checks, engagement, history, and the actions allowed. */
export function FicheDossier({ id }: { id: string }) {
  const moi = useMoi();
  const [d, setD] = useState<DossierComplet | null>(null);
  const [historique, setHistorique] = useState<EvenementDto[]>([]);
  const [probleme, setProbleme] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const charger = () => {
    if (!moi) return;
    appelDossiers<DossierComplet>('GET', `/api/v1/dossiers/${id}`, moi.jetonCsrf)
      .then(setD)
      .catch((e: unknown) => setProbleme(e instanceof Error ? e.message : 'Échec'));
    appelDossiers<{ evenements: EvenementDto[] }>(
      'GET',
      `/api/v1/dossiers/${id}/historique`,
      moi.jetonCsrf,
    )
      .then((r) => setHistorique(r.evenements))
      .catch(() => setHistorique([]));
  };
  useEffect(charger, [id, moi]);
  useEffect(() => {
    document.title = 'Dossier — Plateforme OPCO';
  }, []);

  async function commande(url: string, corps: unknown) {
    setMessage(null);
    setProbleme(null);
    try {
      const r = await appelDossiers<ReponseCommande>('POST', url, moi?.jetonCsrf, corps);
      if (!r.accepte) setProbleme(r.raisons.map((x) => x.message).join(' ; '));
      else setMessage(await explication(id, moi?.jetonCsrf));
      charger();
    } catch (e) {
      setProbleme(e instanceof ErreurDossier || e instanceof Error ? e.message : 'Échec');
    }
  }

  function decider(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    void commande(`/api/v1/dossiers/${id}/decision`, {
      sens: String(f.get('sens') ?? ''),
      motif: String(f.get('motif') ?? ''),
    });
  }
  function rompre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    void commande(`/api/v1/dossiers/${id}/rupture`, {
      dateEffet: String(f.get('dateEffet') ?? ''),
      motif: String(f.get('motifRupture') ?? ''),
    });
  }

  function annuler(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    void commande(`/api/v1/dossiers/${id}/annulation`, {
      motif: String(f.get('motifAnnulation') ?? ''),
    });
  }

  if (moi === null)
    return (
      <p>
        <Lien href="/connexion">Connectez-vous</Lien> pour voir ce dossier.
      </p>
    );
  if (!d)
    return probleme ? (
      <p className="alerte" role="alert">
        {probleme}
      </p>
    ) : (
      <p role="status">Chargement…</p>
    );
  const opco = moi?.espaces.includes('opco');
  const entrepriseOuCfa = moi?.espaces.includes('entreprise') || moi?.espaces.includes('cfa');
  return (
    <>
      <h1>
        {d.formulaire === 'FA13' ? "Contrat d'apprentissage" : 'Contrat de professionnalisation'} de{' '}
        {d.titulaire.prenom} {d.titulaire.nom}
      </h1>
      <dl className="faits">
        <dt>État</dt>
        <dd>
          {d.libelleEtat} ({d.etatApiCfa})
        </dd>
        <dt>Employeur</dt>
        <dd>
          {d.employeur.denomination} — SIRET {d.employeur.siret}
        </dd>
        <dt>Organisme de formation</dt>
        <dd>{d.organisme.denomination}</dd>
        <dt>Début du contrat</dt>
        <dd>{dateFr(d.dateDebut)}</dd>
        {d.echeance && d.etat === 'en_cours_instruction' && (
          <>
            <dt>Décision attendue au plus tard le</dt>
            <dd>
              {dateFr(d.echeance)} — à défaut, le silence vaut{' '}
              {d.silence === 'refus'
                ? 'refus de prise en charge (R6224-3)'
                : 'acceptation et dépôt (D6325-2)'}
            </dd>
          </>
        )}
        {d.manquants.length > 0 && (
          <>
            <dt>Pièces attendues</dt>
            <dd>{d.manquants.join(', ')}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={`/api/v1/dossiers/${d.id}/cerfa.pdf`} target="_blank" rel="noreferrer">
          Imprimer le CERFA (PDF)
        </a>
      </p>
      {message && <p role="status">{message}</p>}
      {probleme && (
        <p className="alerte" role="alert">
          {probleme}
        </p>
      )}
      {d.decision && (
        <section aria-labelledby="titre-decision">
          <h2 id="titre-decision">Décision</h2>
          <p>
            {d.decision.sens === 'engage' ? 'Prise en charge accordée' : 'Prise en charge refusée'}{' '}
            le {dateFr(d.decision.date)}
            {d.decision.implicite
              ? ' (décision implicite)'
              : d.decision.automatique
                ? ' (instruction automatique)'
                : ' (gestionnaire)'}
            {d.decision.motif ? ` : ${d.decision.motif}` : ''}
          </p>
          {d.decision.raisons.length > 0 && (
            <ul>
              {d.decision.raisons.map((r, i) => (
                <li key={i}>
                  {r.message}{' '}
                  {r.articles.map((a) => (
                    <a key={a.article} href={a.url} target="_blank" rel="noreferrer">
                      {a.article}{' '}
                    </a>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {d.engagement && (
        <section aria-labelledby="titre-engagement">
          <h2 id="titre-engagement">Engagement : {centimes(d.engagement.montantTotalCentimes)}</h2>
          {d.engagement.npec && (
            <p>
              NPEC annuel {centimes(d.engagement.npec.annuelCentimes)}, appliqué{' '}
              {centimes(d.engagement.npec.appliqueCentimes)} ({d.engagement.npec.source}).
            </p>
          )}
          <TableauAdaptable libelle="Échéancier">
            <table>
              <caption className="visuellement-cache">Échéancier</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Montant</th>
                  <th scope="col">Motif</th>
                </tr>
              </thead>
              <tbody>
                {d.engagement.detail.map((x, i) => (
                  <tr key={i}>
                    <td>{x.date ? dateFr(x.date) : '—'}</td>
                    <td>{centimes(x.montantCentimes)}</td>
                    <td>{x.motif}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableauAdaptable>
          <p>
            Version du droit : {d.engagement.versionDroit}
            {d.engagement.jeuDonnees ? ` ; NPEC : ${d.engagement.jeuDonnees}` : ''}.
          </p>
          {d.grandLivre?.reserve && (
            <p>
              Réservé au grand livre : {centimes(d.grandLivre.reserve.montantCentimes)} (version{' '}
              {d.grandLivre.reserve.version}).
            </p>
          )}
          {d.grandLivre?.nonReserve && (
            <p role="status">
              Engagement non réservé au grand livre (version {d.grandLivre.nonReserve.version},{' '}
              {centimes(d.grandLivre.nonReserve.montantCentimes)}) : {d.grandLivre.nonReserve.motif}
              .
            </p>
          )}
        </section>
      )}
      {d.instruction && (
        <section aria-labelledby="titre-controles">
          <h2 id="titre-controles">Contrôles de l'instruction ({dateFr(d.instruction.date)})</h2>
          <Controles resultats={d.instruction.resultats} />
        </section>
      )}
      {opco && d.etat === 'en_cours_instruction' && (
        <form onSubmit={decider} aria-labelledby="titre-decider">
          <h2 id="titre-decider">Décider</h2>
          <fieldset>
            <legend>Sens de la décision</legend>
            <p>
              <input type="radio" id="sens-engager" name="sens" value="engager" defaultChecked />
              <label htmlFor="sens-engager">Engager la prise en charge</label>
            </p>
            <p>
              <input type="radio" id="sens-refuser" name="sens" value="refuser" />
              <label htmlFor="sens-refuser">Refuser la prise en charge</label>
            </p>
          </fieldset>
          <p>
            <label htmlFor="motif">Motif (obligatoire) *</label>
            <textarea id="motif" name="motif" required rows={3} />
          </p>
          <button type="submit">Enregistrer la décision</button>
        </form>
      )}
      {entrepriseOuCfa && (d.etat === 'brouillon' || d.etat === 'incomplet') && (
        <p>
          <button
            type="button"
            onClick={() => void commande(`/api/v1/dossiers/${id}/transmission`, undefined)}
          >
            Transmettre à l'OPCO
          </button>
        </p>
      )}
      {entrepriseOuCfa &&
        ['brouillon', 'transmis', 'incomplet', 'en_cours_instruction', 'engage'].includes(
          d.etat,
        ) && (
          <form onSubmit={annuler} aria-labelledby="titre-annulation">
            <h2 id="titre-annulation">Annuler le dossier</h2>
            <p>Une fois engagé, un dossier ne s'annule qu'avant le début du contrat.</p>
            <p>
              <label htmlFor="motifAnnulation">Motif de l'annulation *</label>
              <textarea id="motifAnnulation" name="motifAnnulation" required rows={2} />
            </p>
            <button type="submit">Annuler le dossier</button>
          </form>
        )}
      {entrepriseOuCfa && d.etat === 'engage' && (
        <Avenant dossier={d} envoyer={(c) => commande(`/api/v1/dossiers/${id}/avenant`, c)} />
      )}
      {entrepriseOuCfa && d.etat === 'engage' && (
        <form onSubmit={rompre} aria-labelledby="titre-rupture">
          <h2 id="titre-rupture">Déclarer une rupture</h2>
          <p>
            <label htmlFor="dateEffet">Date d'effet de la rupture *</label>
            <input id="dateEffet" name="dateEffet" type="date" required />
          </p>
          <p>
            <label htmlFor="motifRupture">Motif *</label>
            <select id="motifRupture" name="motifRupture" required defaultValue="">
              <option value="">—</option>
              {Object.entries(listesCerfa.motifRupture.codes).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </p>
          <button type="submit">Déclarer la rupture</button>
        </form>
      )}
      <Pieces
        dossierId={d.id}
        csrf={moi?.jetonCsrf}
        peutJoindre={Boolean(entrepriseOuCfa) && !['refuse', 'annule', 'solde'].includes(d.etat)}
      />
      <section aria-labelledby="titre-historique">
        <h2 id="titre-historique">Historique</h2>
        <ol>
          {historique.map((e) => (
            <li key={e.rang}>
              {dateFr(e.date)} — {e.resume}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Lien href="/dossiers">Retour aux dossiers</Lien>
      </p>
    </>
  );
}
