import { useEffect, useState, type FormEvent } from 'react';
import { date, euros, pourcent } from '../format.ts';
import { appeler, messageErreur, useMoi } from './comptes/client.ts';

/**
 * Actions collectives (issue 14). `/actions-collectives`: the catalogue of sessions (places left,
 * negotiated price, funding rate, eligibility) where a signed-in company registers stagiaires —
 * the server decides under the session's lock, a refusal comes back with its reasons.
 * `/compte/organisations/:id/actions-collectives`: the OPCO publishes, edits and cancels its
 * sessions (cancelling frees the places; later registrations are refused with the reason).
 */
export interface Session {
  id: number;
  organisationId: string;
  intitule: string;
  dateDebut: string;
  places: number;
  placesRestantes: number;
  prixNegocie: number;
  tauxFinancement: number;
  idccEligibles: string[];
  effectifMax: number | null;
  annuleeLe: string | null;
  motifAnnulation: string | null;
  organismeSiret: string | null;
}
interface Decision {
  inscrit: boolean;
  organismeSiret: string | null;
  decision: { montant: number | null; refus: { code: string; motif: string }[] };
}
interface Inscription {
  id: number;
  session: number;
  stagiaires: number;
  montant: number;
  annulee: boolean;
}

const rolesEntreprise = new Set(['entreprise_administrateur', 'entreprise_membre']);
const enc = encodeURIComponent;

function eligibilite(s: Session): string {
  const b = s.idccEligibles.length === 0 ? 'toutes branches' : `IDCC ${s.idccEligibles.join(', ')}`;
  return s.effectifMax === null ? b : `${b}, jusqu’à ${s.effectifMax} salariés`;
}

function Inscrire({
  session,
  organisations,
}: {
  session: Session;
  organisations: { id: string; nom: string }[];
}) {
  const [org, setOrg] = useState(organisations[0]?.id ?? '');
  const [stagiaires, setStagiaires] = useState('1');
  const [effectif, setEffectif] = useState('');
  const [idcc, setIdcc] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const p = `s${session.id}-`;
  async function envoyer(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    try {
      const r = await appeler<Decision>(
        'POST',
        `/api/v1/organisations/${enc(org)}/actions-collectives/${session.id}/inscriptions`,
        {
          stagiaires: Number(stagiaires),
          effectif: Number(effectif),
          ...(idcc.trim() ? { idcc: idcc.trim() } : {}),
        },
      );
      setMessage(
        r.inscrit
          ? {
              ok: true,
              texte: `Inscription enregistrée : prise en charge de ${euros(r.decision.montant ?? 0)}${r.organismeSiret ? `, formation assurée par l’organisme prestataire SIRET ${r.organismeSiret}` : ''}.`,
            }
          : {
              ok: false,
              texte: `Inscription refusée : ${r.decision.refus.map((m) => m.motif).join(' ; ')}.`,
            },
      );
    } catch (e) {
      setMessage({ ok: false, texte: messageErreur(e) });
    }
  }
  return (
    <form onSubmit={envoyer} noValidate aria-label={`Inscription à ${session.intitule}`}>
      {organisations.length > 1 ? (
        <p>
          <label htmlFor={`${p}org`}>Entreprise</label>
          <select id={`${p}org`} value={org} onChange={(e) => setOrg(e.target.value)}>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.nom}
              </option>
            ))}
          </select>
        </p>
      ) : null}
      <p>
        <label htmlFor={`${p}stagiaires`}>Stagiaires *</label>
        <input
          id={`${p}stagiaires`}
          type="number"
          min={1}
          inputMode="numeric"
          required
          value={stagiaires}
          onChange={(e) => setStagiaires(e.target.value)}
        />
      </p>
      <p>
        <label htmlFor={`${p}effectif`}>Effectif de l’entreprise *</label>
        <input
          id={`${p}effectif`}
          type="number"
          min={0}
          inputMode="numeric"
          required
          value={effectif}
          onChange={(e) => setEffectif(e.target.value)}
        />
      </p>
      <p>
        <label htmlFor={`${p}idcc`}>IDCC de l’entreprise</label>
        <input
          id={`${p}idcc`}
          inputMode="numeric"
          value={idcc}
          onChange={(e) => setIdcc(e.target.value)}
        />
      </p>
      <button type="submit">S’inscrire</button>
      {message ? (
        <p className={message.ok ? 'information' : 'alerte'} role={message.ok ? 'status' : 'alert'}>
          {message.texte}
        </p>
      ) : null}
    </form>
  );
}

function CarteSession({ s, children }: { s: Session; children?: React.ReactNode }) {
  return (
    <li>
      <h3>
        {s.intitule} — {date(s.dateDebut)}
      </h3>
      {s.annuleeLe ? (
        <p className="alerte">
          Session annulée le {date(s.annuleeLe)} : {s.motifAnnulation}
        </p>
      ) : null}
      <dl>
        <dt>Places restantes</dt>
        <dd>
          {s.placesRestantes} sur {s.places}
        </dd>
        <dt>Prix négocié par stagiaire</dt>
        <dd>{euros(s.prixNegocie)}</dd>
        <dt>Financement par l’OPCO</dt>
        <dd>
          {pourcent(s.tauxFinancement)} (reste{' '}
          {euros(Math.round(s.prixNegocie * (1 - s.tauxFinancement) * 100) / 100)} par stagiaire)
        </dd>
        <dt>Éligibilité</dt>
        <dd>{eligibilite(s)}</dd>
        <dt>Organisme prestataire (SIRET)</dt>
        <dd>{s.organismeSiret ?? 'non renseigné'}</dd>
      </dl>
      {children}
    </li>
  );
}

export function CatalogueActionsCollectives() {
  const moi = useMoi();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [inscriptions, setInscriptions] = useState<Inscription[]>([]);
  const entreprises = (moi?.organisations ?? []).filter(
    (o) => !o.enAttente && o.roles.some((r) => rolesEntreprise.has(r)),
  );
  useEffect(() => {
    document.title = 'Actions collectives — Plateforme OPCO';
    appeler<Session[]>('GET', '/api/v1/actions-collectives').then(setSessions, (e: unknown) =>
      setErreur(messageErreur(e)),
    );
  }, []);
  const premiere = entreprises[0]?.id;
  useEffect(() => {
    if (premiere)
      appeler<Inscription[]>(
        'GET',
        `/api/v1/organisations/${enc(premiere)}/actions-collectives/inscriptions`,
      ).then(setInscriptions, () => setInscriptions([]));
  }, [premiere]);
  return (
    <>
      <h1>Actions collectives</h1>
      <p className="chapo">
        Sessions achetées et publiées par les OPCO (articles L6332-1 et R6332-23) : places
        restantes, prix négocié, part financée et entreprises éligibles.{' '}
        {entreprises.length === 0
          ? 'Connectez-vous avec le compte de votre entreprise pour inscrire vos salariés.'
          : 'Les places et l’éligibilité sont vérifiées à l’inscription.'}
      </p>
      {erreur ? (
        <p className="alerte" role="alert">
          {erreur}
        </p>
      ) : null}
      {sessions === null && !erreur ? <p role="status">Chargement du catalogue…</p> : null}
      {sessions?.length === 0 ? <p>Aucune session publiée.</p> : null}
      {sessions && sessions.length > 0 ? (
        <ul className="liste-cartes">
          {sessions.map((s) => (
            <CarteSession key={s.id} s={s}>
              {entreprises.length > 0 && !s.annuleeLe ? (
                <Inscrire
                  session={s}
                  organisations={entreprises.map((o) => ({ id: o.id, nom: o.nom }))}
                />
              ) : null}
            </CarteSession>
          ))}
        </ul>
      ) : null}
      {inscriptions.length > 0 ? (
        <section aria-labelledby="mes-inscriptions">
          <h2 id="mes-inscriptions">Mes inscriptions</h2>
          <ul>
            {inscriptions.map((i) => (
              <li key={i.id}>
                Session {sessions?.find((s) => s.id === i.session)?.intitule ?? i.session} :{' '}
                {i.stagiaires} stagiaire(s), {euros(i.montant)} pris en charge
                {i.annulee ? ' — annulée (session annulée par l’OPCO)' : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

interface Conditions {
  intitule: string;
  dateDebut: string;
  places: string;
  prixNegocie: string;
  tauxFinancement: string;
  idccEligibles: string;
  effectifMax: string;
  organismeSiret: string;
}
const vide: Conditions = {
  intitule: '',
  dateDebut: '',
  places: '',
  prixNegocie: '',
  tauxFinancement: '100',
  idccEligibles: '',
  effectifMax: '',
  organismeSiret: '',
};
const conditionsDe = (s: Session): Conditions => ({
  intitule: s.intitule,
  dateDebut: s.dateDebut,
  places: String(s.places),
  prixNegocie: String(s.prixNegocie),
  tauxFinancement: String(Math.round(s.tauxFinancement * 10000) / 100),
  idccEligibles: s.idccEligibles.join(', '),
  effectifMax: s.effectifMax === null ? '' : String(s.effectifMax),
  organismeSiret: s.organismeSiret ?? '',
});
const corpsDe = (c: Conditions) => ({
  intitule: c.intitule,
  dateDebut: c.dateDebut,
  places: Number(c.places),
  prixNegocie: Number(c.prixNegocie.replace(',', '.')),
  tauxFinancement: Number(c.tauxFinancement.replace(',', '.')) / 100,
  idccEligibles: c.idccEligibles
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean),
  effectifMax: c.effectifMax.trim() === '' ? null : Number(c.effectifMax),
  organismeSiret: c.organismeSiret.replace(/\s/g, '') === '' ? null : c.organismeSiret,
});

const CHAMPS: { nom: keyof Conditions; libelle: string; type?: string; aide?: string }[] = [
  { nom: 'intitule', libelle: 'Intitulé *' },
  { nom: 'dateDebut', libelle: 'Date de début *', type: 'date' },
  { nom: 'places', libelle: 'Places *', type: 'number' },
  { nom: 'prixNegocie', libelle: 'Prix négocié par stagiaire (€) *' },
  { nom: 'tauxFinancement', libelle: 'Part financée par l’OPCO (%) *' },
  {
    nom: 'idccEligibles',
    libelle: 'Branches éligibles (IDCC)',
    aide: 'séparés par des virgules ; vide : toutes',
  },
  { nom: 'effectifMax', libelle: 'Effectif maximal des entreprises', aide: 'vide : sans limite' },
  {
    nom: 'organismeSiret',
    libelle: 'SIRET de l’organisme prestataire',
    aide: '14 chiffres, clé de contrôle vérifiée',
  },
];

export function SessionsOpco({ organisationId }: { organisationId: string }) {
  const [sessions, setSessions] = useState<Session[]>([]);
  const [edite, setEdite] = useState<number | null>(null);
  const [c, setC] = useState<Conditions>(vide);
  const [motif, setMotif] = useState('');
  const [annulee, setAnnulee] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);
  const base = `/api/v1/organisations/${enc(organisationId)}/actions-collectives`;
  const charger = () =>
    appeler<Session[]>('GET', '/api/v1/actions-collectives').then(
      (t) => t.filter((s) => s.organisationId === organisationId),
      () => [],
    );
  async function recharger() {
    setSessions(await charger());
  }
  useEffect(() => {
    document.title = 'Sessions d’actions collectives — Plateforme OPCO';
    void charger().then(setSessions);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organisationId]);

  async function enregistrer(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    try {
      if (edite === null) await appeler('POST', base, corpsDe(c));
      else await appeler('PUT', `${base}/${edite}`, corpsDe(c));
      setMessage({ ok: true, texte: edite === null ? 'Session publiée.' : 'Session modifiée.' });
      setEdite(null);
      setC(vide);
      await recharger();
    } catch (e) {
      setMessage({ ok: false, texte: messageErreur(e) });
    }
  }
  async function annuler(ev: FormEvent<HTMLFormElement>, id: number) {
    ev.preventDefault();
    try {
      const r = await appeler<{ inscriptionsAnnulees: number }>(
        'POST',
        `${base}/${id}/annulation`,
        { motif },
      );
      setMessage({
        ok: true,
        texte: `Session annulée : ${r.inscriptionsAnnulees} inscription(s) annulée(s), places libérées.`,
      });
      setAnnulee(null);
      setMotif('');
      await recharger();
    } catch (e) {
      setMessage({ ok: false, texte: messageErreur(e) });
    }
  }

  return (
    <>
      <h1>Sessions d’actions collectives de l’OPCO</h1>
      <p className="chapo">
        Publier, modifier ou annuler une session. Les places ne descendent jamais sous le nombre de
        stagiaires inscrits ; annuler une session libère ses places et les inscriptions suivantes
        sont refusées avec le motif. Chaque changement est sur le journal d’audit.
      </p>
      {message ? (
        <p className={message.ok ? 'information' : 'alerte'} role={message.ok ? 'status' : 'alert'}>
          {message.texte}
        </p>
      ) : null}
      <form onSubmit={enregistrer} noValidate aria-labelledby="titre-session">
        <h2 id="titre-session">
          {edite === null ? 'Nouvelle session' : `Modifier la session ${edite}`}
        </h2>
        {CHAMPS.map((ch) => (
          <p key={ch.nom}>
            <label htmlFor={`session-${ch.nom}`}>{ch.libelle}</label>
            <input
              id={`session-${ch.nom}`}
              type={ch.type ?? 'text'}
              value={c[ch.nom]}
              {...(ch.aide ? { 'aria-describedby': `aide-${ch.nom}` } : {})}
              onChange={(e) => setC({ ...c, [ch.nom]: e.target.value })}
            />
            {ch.aide ? <small id={`aide-${ch.nom}`}>{ch.aide}</small> : null}
          </p>
        ))}
        <button type="submit">
          {edite === null ? 'Publier la session' : 'Enregistrer les modifications'}
        </button>
        {edite !== null ? (
          <button type="button" onClick={() => (setEdite(null), setC(vide))}>
            Abandonner la modification
          </button>
        ) : null}
      </form>
      <h2>Sessions publiées</h2>
      {sessions.length === 0 ? <p>Aucune session.</p> : null}
      <ul className="liste-cartes">
        {sessions.map((s) => (
          <CarteSession key={s.id} s={s}>
            {s.annuleeLe ? null : (
              <>
                <button type="button" onClick={() => (setEdite(s.id), setC(conditionsDe(s)))}>
                  Modifier « {s.intitule} »
                </button>
                {annulee === s.id ? (
                  <form onSubmit={(ev) => void annuler(ev, s.id)} noValidate>
                    <p>
                      <label htmlFor={`motif-${s.id}`}>Motif de l’annulation *</label>
                      <input
                        id={`motif-${s.id}`}
                        required
                        value={motif}
                        onChange={(e) => setMotif(e.target.value)}
                      />
                    </p>
                    <button type="submit">Confirmer l’annulation</button>
                  </form>
                ) : (
                  <button type="button" onClick={() => setAnnulee(s.id)}>
                    Annuler « {s.intitule} »
                  </button>
                )}
              </>
            )}
          </CarteSession>
        ))}
      </ul>
    </>
  );
}
