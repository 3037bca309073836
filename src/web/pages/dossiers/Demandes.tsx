import { useEffect, useState, type FormEvent } from 'react';
import {
  libellesTypesDemande,
  TYPES_DEMANDE,
  type TypeDemande,
  type VueDemande,
} from '../../../partage/demandes.schema.ts';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { date as dateFr } from '../../format.ts';
import { Lien } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import { appelDossiers, ErreurDossier } from './client.ts';
import { centimes, ResultatDemande, type DemandeComplete } from './DemandeResultat.tsx';
import {
  Champ,
  CHAMPS,
  corps,
  empreinte,
  ENTREPRISE,
  valeursDe,
  type Valeurs,
} from './DemandesChamps.tsx';

/**
 * Requests for funding on the web (issue 14 point 3): a company chooses a scheme, fills the
 * form, files it and sees at once the result — engaged with its amount, refused with the
 * reasons and their articles, or left to a gestionnaire — then finds it in its dossiers. One
 * request's page (modification, invoices, settlement): DemandeFiche.tsx.
 */
export { FicheDemande } from './DemandeFiche.tsx';

/** The company's requests, under its contracts on the dossiers page. */
export function MesDemandes() {
  const moi = useMoi();
  const [demandes, setDemandes] = useState<VueDemande[] | null>(null);
  const [probleme, setProbleme] = useState<string | null>(null);
  useEffect(() => {
    if (!moi) return;
    appelDossiers<{ demandes: VueDemande[] }>('GET', '/api/v1/demandes', moi.jetonCsrf)
      .then((r) => setDemandes(r.demandes))
      .catch((e: unknown) => setProbleme(e instanceof Error ? e.message : 'Échec'));
  }, [moi]);
  if (!moi) return null;
  return (
    <section aria-labelledby="titre-demandes">
      <h2 id="titre-demandes">Demandes de prise en charge</h2>
      <p>
        <Lien href="/demandes/nouvelle">Demander une prise en charge</Lien> (plan de développement
        des compétences, formation SSCT du CSE, aide à la fonction tutorale, action collective)
      </p>
      {probleme && (
        <p className="alerte" role="alert">
          {probleme}
        </p>
      )}
      {demandes === null && !probleme ? (
        <p role="status">Chargement…</p>
      ) : (demandes ?? []).length === 0 ? (
        <p className="information">Aucune demande.</p>
      ) : (
        <TableauAdaptable libelle="Demandes de prise en charge">
          <table>
            <caption className="visuellement-cache">Demandes de prise en charge</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Dispositif</th>
                <th scope="col">Demandée le</th>
                <th scope="col">État</th>
                <th scope="col">Montant engagé</th>
              </tr>
            </thead>
            <tbody>
              {(demandes ?? []).map((d) => (
                <tr key={d.id}>
                  <td>
                    <Lien href={`/demandes/${d.id}`}>{d.intitule}</Lien>
                  </td>
                  <td>{d.libelleType}</td>
                  <td>{dateFr(d.dateDemande)}</td>
                  <td>{d.libelleEtat}</td>
                  <td>{d.engagement ? centimes(d.engagement.montantTotalCentimes) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableauAdaptable>
      )}
    </section>
  );
}

/** The request form: scheme, company, the scheme's fields; the result shown on the page. */
export function DemanderPriseEnCharge() {
  const moi = useMoi();
  const [type, setType] = useState<TypeDemande>('plan_moins_50');
  const [valeurs, setValeurs] = useState<Valeurs>({ premierMandat: 'true', membreCse: 'true' });
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [probleme, setProbleme] = useState<string | null>(null);
  const [resultat, setResultat] = useState<DemandeComplete | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const [cle] = useState(() => `web-${crypto.randomUUID()}`);
  // A draft saved (or resumed from /demandes/nouvelle?brouillon=<id>): saved again by PUT.
  const [brouillon, setBrouillon] = useState<string | null>(() =>
    new URLSearchParams(window.location.search).get('brouillon'),
  );
  const [enregistre, setEnregistre] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Demander une prise en charge — Plateforme OPCO';
  }, []);
  useEffect(() => {
    if (!moi || !brouillon) return;
    appelDossiers<DemandeComplete>(
      'GET',
      `/api/v1/demandes/${encodeURIComponent(brouillon)}`,
      moi.jetonCsrf,
    )
      .then((d) => {
        if (d.etat !== 'brouillon') return setBrouillon(null);
        setType(d.type);
        setValeurs(valeursDe(d.formulaire as unknown as Record<string, unknown>));
      })
      .catch(() => setBrouillon(null));
    // Loaded once per draft.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [moi === undefined, brouillon]);
  const maj = (nom: string, v: string) => setValeurs((x) => ({ ...x, [nom]: v }));
  if (moi === null)
    return (
      <p>
        <Lien href="/connexion">Connectez-vous</Lien> pour demander une prise en charge.
      </p>
    );
  type Reponse = { accepte: boolean; raisons: { message: string }[]; demande: DemandeComplete };
  /** Saves the draft: created (?brouillon=true) the first time, then modified (PUT). */
  async function enregistrer(): Promise<string> {
    if (brouillon) {
      const r = await appelDossiers<Reponse>(
        'PUT',
        `/api/v1/demandes/${encodeURIComponent(brouillon)}`,
        moi?.jetonCsrf,
        corps(type, valeurs),
      );
      if (!r.accepte) throw new Error(r.raisons.map((x) => x.message).join(' ; '));
      return brouillon;
    }
    const d = await appelDossiers<DemandeComplete>(
      'POST',
      '/api/v1/demandes?brouillon=true',
      moi?.jetonCsrf,
      corps(type, valeurs),
    );
    setBrouillon(d.id);
    window.history.replaceState(
      null,
      '',
      `/demandes/nouvelle?brouillon=${encodeURIComponent(d.id)}`,
    );
    return d.id;
  }
  async function sauver() {
    setEnvoi(true);
    setProbleme(null);
    setErreurs({});
    try {
      await enregistrer();
      setEnregistre(
        `Brouillon enregistré le ${new Date().toLocaleString('fr-FR')} : visible de votre entreprise seule, à reprendre ici ou depuis Mes dossiers.`,
      );
    } catch (x) {
      if (x instanceof ErreurDossier) {
        setErreurs(Object.fromEntries(x.champs.map((c) => [c.champ, c.message])));
        setProbleme(x.message);
      } else setProbleme(x instanceof Error ? x.message : 'Échec de l’enregistrement.');
    } finally {
      setEnvoi(false);
    }
  }
  async function envoyer(e: FormEvent) {
    e.preventDefault();
    setEnvoi(true);
    setProbleme(null);
    setErreurs({});
    try {
      if (brouillon) {
        // A draft: saved as it is now, then transmitted (instructed like a deposit).
        const id = await enregistrer();
        const t = await appelDossiers<Reponse>(
          'POST',
          `/api/v1/demandes/${encodeURIComponent(id)}/transmission`,
          moi?.jetonCsrf,
          {},
        );
        setResultat(t.demande);
        setBrouillon(null);
        setEnregistre(null);
        return;
      }
      const r = await appelDossiers<DemandeComplete>(
        'POST',
        '/api/v1/demandes',
        moi?.jetonCsrf,
        corps(type, valeurs),
        // The same form sent twice (double click, retry) files one request; a changed form, another.
        { 'idempotency-key': `${cle}-${empreinte(JSON.stringify(corps(type, valeurs)))}` },
      );
      setResultat(r);
    } catch (x) {
      if (x instanceof ErreurDossier) {
        setErreurs(Object.fromEntries(x.champs.map((c) => [c.champ, c.message])));
        setProbleme(x.message);
      } else setProbleme('Échec de l’envoi.');
    } finally {
      setEnvoi(false);
    }
  }
  return (
    <>
      <h1>Demander une prise en charge</h1>
      <p>
        La demande est instruite aussitôt par les règles du dispositif et le barème de l'OPCO en
        vigueur aujourd'hui : chaque contrôle cite son texte.{' '}
        <Lien href="/dossiers">Mes dossiers</Lien>
      </p>
      <form onSubmit={(e) => void envoyer(e)} noValidate>
        <fieldset>
          <legend>Dispositif</legend>
          {TYPES_DEMANDE.map((t) => (
            <div className="champ champ-case" key={t}>
              <input
                type="radio"
                id={`type-${t}`}
                name="type"
                checked={type === t}
                onChange={() => {
                  setType(t);
                  setResultat(null);
                }}
              />
              <label htmlFor={`type-${t}`}>{libellesTypesDemande[t]}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Entreprise</legend>
          {ENTREPRISE.map(([nom, t]) => (
            <Champ key={nom} nom={nom} type={t} valeurs={valeurs} maj={maj} erreurs={erreurs} />
          ))}
        </fieldset>
        <fieldset>
          <legend>{libellesTypesDemande[type]}</legend>
          {CHAMPS[type].map(([nom, t]) => (
            <Champ
              key={`${type}-${nom}`}
              nom={nom}
              type={t}
              valeurs={valeurs}
              maj={maj}
              erreurs={erreurs}
              {...(nom === 'bareme'
                ? { aide: <Lien href="/simuler/comparer-plan-moins-50">Comparer les barèmes</Lien> }
                : nom === 'session'
                  ? { aide: <Lien href="/actions-collectives">Catalogue des sessions</Lien> }
                  : {})}
            />
          ))}
        </fieldset>
        {probleme && (
          <p className="alerte" role="alert">
            {probleme}
          </p>
        )}
        {enregistre && <p role="status">{enregistre}</p>}
        <button type="submit" disabled={envoi}>
          {envoi ? 'Envoi…' : brouillon ? 'Transmettre la demande' : 'Envoyer la demande'}
        </button>{' '}
        <button type="button" disabled={envoi} onClick={() => void sauver()}>
          Enregistrer le brouillon
        </button>
      </form>
      {resultat && <ResultatDemande d={resultat} />}
    </>
  );
}
