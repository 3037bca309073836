import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import {
  libellesTypesDemande,
  TYPES_DEMANDE,
  type demandeCompleteSchema,
  type TypeDemande,
  type VueDemande,
} from '../../../partage/demandes.schema.ts';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { date as dateFr, euros } from '../../format.ts';
import { Lien } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import { appelDossiers, ErreurDossier, libelleCourt } from './client.ts';
import { Controles } from './Controles.tsx';

/**
 * Requests for funding on the web (issue 14 point 3): a company chooses a scheme, fills the
 * form, files it and sees at once the result — engaged with its amount, refused with the
 * reasons and their articles, or left to a gestionnaire — then finds it in its dossiers.
 */
type DemandeComplete = z.infer<typeof demandeCompleteSchema>;
const centimes = (c: number) => euros(c / 100);

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

/** The result of a request: state, amount and its lines, reasons with their articles. */
function ResultatDemande({ d }: { d: DemandeComplete }) {
  return (
    <section aria-labelledby="titre-resultat" className="resultat">
      <h2 id="titre-resultat">
        {d.libelleType} : {d.libelleEtat.toLowerCase()}
      </h2>
      {d.engagement ? (
        <>
          <p role="status">
            Montant pris en charge : <strong>{centimes(d.engagement.montantTotalCentimes)}</strong>{' '}
            (section {d.engagement.section === 'alternance' ? 'alternance' : 'moins de 50 salariés'}{' '}
            du budget de l'OPCO, règles au {dateFr(d.engagement.dateDesParametres)}
            {d.engagement.bareme
              ? `, barème ${d.engagement.bareme.id} du ${d.engagement.bareme.depuis ?? '—'}`
              : ''}
            ).
          </p>
          <ul aria-label="Détail du montant">
            {d.engagement.detail.map((x, i) => (
              <li key={i}>
                {x.libelle} : {centimes(x.montantCentimes)}
              </li>
            ))}
          </ul>
        </>
      ) : d.etat === 'refuse' ? (
        <p role="status">Demande refusée pour les motifs suivants.</p>
      ) : (
        <p role="status">
          Un gestionnaire de l'OPCO vérifie ce que les règles n'ont pas pu trancher
          {d.echeance ? ` ; réponse motivée au plus tard le ${dateFr(d.echeance)}` : ''}.
        </p>
      )}
      {d.decision && d.decision.raisons.length > 0 && (
        <ul aria-label="Motifs du refus">
          {d.decision.raisons.map((r, i) => (
            <li key={i}>
              {r.message} (
              {r.articles.map((a, k) => (
                <span key={k}>
                  {k > 0 ? ', ' : ''}
                  <a href={a.url} target="_blank" rel="noreferrer">
                    {a.article}
                  </a>
                </span>
              ))}
              )
            </li>
          ))}
        </ul>
      )}
      {d.instruction && (
        <>
          <h3>Contrôles de l'instruction</h3>
          <Controles resultats={d.instruction.resultats} titre="Contrôles de la demande" />
        </>
      )}
    </section>
  );
}

type Valeurs = Record<string, string>;

function Champ({
  nom,
  valeurs,
  maj,
  type = 'text',
  erreurs,
  aide,
}: {
  nom: string;
  valeurs: Valeurs;
  maj: (nom: string, v: string) => void;
  type?: 'text' | 'number' | 'date' | 'checkbox';
  erreurs: Record<string, string>;
  aide?: ReactNode;
}) {
  const id = useId();
  const erreur = erreurs[nom];
  if (type === 'checkbox')
    return (
      <div className="champ champ-case">
        <input
          id={id}
          type="checkbox"
          checked={valeurs[nom] === 'true'}
          onChange={(e) => maj(nom, e.target.checked ? 'true' : 'false')}
        />
        <label htmlFor={id}>{libelleCourt(nom)}</label>
      </div>
    );
  return (
    <div className="champ">
      <label htmlFor={id}>{libelleCourt(nom)}</label>
      {aide && <p className="aide">{aide}</p>}
      <input
        id={id}
        type={type}
        value={valeurs[nom] ?? ''}
        onChange={(e) => maj(nom, e.target.value)}
        {...(type === 'number' ? { inputMode: 'decimal' as const, step: 'any' } : {})}
        aria-invalid={erreur ? true : undefined}
        aria-describedby={erreur ? `${id}-erreur` : undefined}
      />
      {erreur && (
        <p id={`${id}-erreur`} className="erreur-champ">
          {erreur}
        </p>
      )}
    </div>
  );
}

/** Fields of each scheme (paths of the request schema), after the company's. */
const CHAMPS: Record<TypeDemande, readonly [string, 'text' | 'number' | 'date' | 'checkbox'][]> = {
  plan_moins_50: [
    ['bareme', 'text'],
    ['action.intitule', 'text'],
    ['action.organismeSiret', 'text'],
    ['action.organismeDenomination', 'text'],
    ['dateDebut', 'date'],
    ['dateFin', 'date'],
    ['heures', 'number'],
    ['stagiaires', 'number'],
    ['coutPedagogique', 'number'],
    ['salaireHoraire', 'number'],
    ['fraisAnnexes', 'number'],
  ],
  formation_ssct_cse: [
    ['bareme', 'text'],
    ['action.intitule', 'text'],
    ['action.organismeSiret', 'text'],
    ['action.organismeDenomination', 'text'],
    ['dateDebut', 'date'],
    ['dateFin', 'date'],
    ['jours', 'number'],
    ['heures', 'number'],
    ['stagiaires', 'number'],
    ['coutPedagogique', 'number'],
    ['membreCse', 'checkbox'],
    ['salarieCompetent', 'checkbox'],
    ['premierMandat', 'checkbox'],
  ],
  aide_tutorale: [
    ['tuteur.nom', 'text'],
    ['tuteur.prenom', 'text'],
    ['tuteur.dateNaissance', 'date'],
    ['tuteur.employeur', 'checkbox'],
    ['dateDebut', 'date'],
    ['dateFin', 'date'],
    ['formationHeures', 'number'],
    ['formationCout', 'number'],
    ['tutoratMois', 'number'],
    ['maitreApprentissageMois', 'number'],
    ['publicPrioritaire', 'checkbox'],
    ['beneficiairesSimultanes', 'number'],
  ],
  action_collective: [
    ['session', 'number'],
    ['stagiaires', 'number'],
  ],
};
const ENTREPRISE: readonly [string, 'text' | 'number'][] = [
  ['opco', 'text'],
  ['entreprise.siret', 'text'],
  ['entreprise.denomination', 'text'],
  ['entreprise.codeIdcc', 'text'],
  ['entreprise.effectif', 'number'],
];
const NOMBRES = new Set(
  [...ENTREPRISE, ...Object.values(CHAMPS).flat()]
    .filter(([, t]) => t === 'number')
    .map(([n]) => n),
);
const CASES = new Set(
  Object.values(CHAMPS)
    .flat()
    .filter(([, t]) => t === 'checkbox')
    .map(([n]) => n),
);

/** The body of the request from the form's flat values (empty fields left out). */
function corps(type: TypeDemande, v: Valeurs): Record<string, unknown> {
  const o: Record<string, unknown> = { type };
  for (const [nom] of [...ENTREPRISE, ...CHAMPS[type]]) {
    const brut = v[nom];
    if (brut === undefined || brut === '') continue;
    const valeur = NOMBRES.has(nom)
      ? Number(brut.replace(',', '.'))
      : CASES.has(nom)
        ? brut === 'true'
        : brut;
    const parties = nom.split('.');
    let cible = o;
    for (const p of parties.slice(0, -1)) {
      cible[p] ??= {};
      cible = cible[p] as Record<string, unknown>;
    }
    cible[parties[parties.length - 1] as string] = valeur;
  }
  return o;
}

/** The form's flat values from a stored request (a draft resumed). */
function valeursDe(f: Record<string, unknown>): Valeurs {
  const v: Valeurs = {};
  const type = f.type as TypeDemande;
  for (const [nom] of [...ENTREPRISE, ...CHAMPS[type]]) {
    let x: unknown = f;
    for (const p of nom.split('.'))
      x = x && typeof x === 'object' ? (x as Record<string, unknown>)[p] : undefined;
    if (x !== undefined && x !== null) v[nom] = String(x);
  }
  return v;
}

/** A short digest of the body (FNV-1a), for the idempotency key. */
function empreinte(texte: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < texte.length; i++) {
    h ^= texte.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
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

/** One request: its result, checks and history. */
export function FicheDemande({ id }: { id: string }) {
  const moi = useMoi();
  const [d, setD] = useState<DemandeComplete | null>(null);
  const [probleme, setProbleme] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Demande de prise en charge — Plateforme OPCO';
    if (!moi) return;
    appelDossiers<DemandeComplete>(
      'GET',
      `/api/v1/demandes/${encodeURIComponent(id)}`,
      moi.jetonCsrf,
    )
      .then(setD)
      .catch((e: unknown) => setProbleme(e instanceof Error ? e.message : 'Échec'));
  }, [moi, id]);
  if (moi === null)
    return (
      <p>
        <Lien href="/connexion">Connectez-vous</Lien> pour voir cette demande.
      </p>
    );
  return (
    <>
      <h1>{d ? d.intitule : 'Demande de prise en charge'}</h1>
      <p>
        <Lien href="/dossiers">Mes dossiers</Lien>
      </p>
      {probleme && (
        <p className="alerte" role="alert">
          {probleme}
        </p>
      )}
      {d ? (
        <>
          <p>
            {d.entreprise.denomination} — demandée le {dateFr(d.dateDemande)}
          </p>
          {d.etat === 'brouillon' && (
            <p>
              Brouillon : visible de votre entreprise seule.{' '}
              <Lien href={`/demandes/nouvelle?brouillon=${encodeURIComponent(d.id)}`}>
                Reprendre le brouillon
              </Lien>
            </p>
          )}
          <ResultatDemande d={d} />
          {d.solde && (
            <p>
              Soldée le {dateFr(d.solde.date)} : {centimes(d.solde.montantRealiseCentimes)}{' '}
              réalisés, {centimes(d.solde.libereCentimes)} libérés
              {d.solde.motif ? ` — ${d.solde.motif}` : ''}.
            </p>
          )}
          {d.etat === 'engage' &&
            moi?.organisations.some((o) => o.roles.some((r) => r.startsWith('opco_'))) && (
              <Solder d={d} csrf={moi.jetonCsrf} surSolde={setD} />
            )}
        </>
      ) : (
        !probleme && <p role="status">Chargement…</p>
      )}
    </>
  );
}

/** OPCO staff: settle an engaged request on the realised amount (at most the engaged one). */
function Solder({
  d,
  csrf,
  surSolde,
}: {
  d: DemandeComplete;
  csrf: string | null;
  surSolde: (d: DemandeComplete) => void;
}) {
  const [montant, setMontant] = useState('');
  const [motif, setMotif] = useState('');
  const [probleme, setProbleme] = useState<string | null>(null);
  const id = useId();
  async function solder(e: FormEvent) {
    e.preventDefault();
    setProbleme(null);
    try {
      const r = await appelDossiers<{
        accepte: boolean;
        raisons: { message: string; articles: { article: string }[] }[];
        demande: DemandeComplete;
      }>('POST', `/api/v1/demandes/${encodeURIComponent(d.id)}/solde`, csrf, {
        montantRealise: Number(montant.replace(/\s/g, '').replace(',', '.')),
        ...(motif.trim() ? { motif: motif.trim() } : {}),
      });
      if (r.accepte) surSolde(r.demande);
      else
        setProbleme(
          r.raisons
            .map((x) => `${x.message} (${x.articles.map((a) => a.article).join(', ')})`)
            .join(' ; '),
        );
    } catch (x) {
      setProbleme(x instanceof Error ? x.message : 'Échec du solde.');
    }
  }
  return (
    <form onSubmit={(e) => void solder(e)} noValidate>
      <fieldset>
        <legend>Solder sur le montant réalisé (R6332-25)</legend>
        <p>
          Montant engagé : {centimes(d.engagement?.montantTotalCentimes ?? 0)}. La différence est
          libérée sur le grand livre.
        </p>
        <div className="champ">
          <label htmlFor={`${id}-montant`}>Montant réalisé (€)</label>
          <input
            id={`${id}-montant`}
            inputMode="decimal"
            value={montant}
            onChange={(e) => setMontant(e.target.value)}
          />
        </div>
        <div className="champ">
          <label htmlFor={`${id}-motif`}>Motif (certificat de réalisation…)</label>
          <input id={`${id}-motif`} value={motif} onChange={(e) => setMotif(e.target.value)} />
        </div>
        {probleme && (
          <p className="alerte" role="alert">
            {probleme}
          </p>
        )}
        <button type="submit">Solder la demande</button>
      </fieldset>
    </form>
  );
}
