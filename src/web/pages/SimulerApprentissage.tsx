import { useEffect, useRef, useState, type FormEvent } from 'react';

/** Shapes of POST /api/v1/simulations/apprentissage (the web talks to the server only by HTTP). */
interface Noeud {
  nature: string;
  code: string;
  libelle: string;
  valeur: number | string | boolean | null;
  unite?: string;
  formule?: string;
  depuis?: string;
  convention?: boolean;
  enfants?: Noeud[];
}
interface Citation {
  article: string;
  titre: string;
  idVersion: string | null;
  du: string | null;
  lien: string;
  urlLegifrance: string;
}
interface Resultat {
  valeur: number | null;
  npec: { annuel: number; applique: number; source: { type: string; libelle: string } } | null;
  priseEnCharge: {
    total: number;
    parAnnee: { du: string; au: string; jours: number; montant: number }[];
  } | null;
  participationEmployeur: number | null;
  fraisAnnexes: { total: number; detail: Record<string, number> };
  echeancier: { date?: string; montant: number; motif: string }[];
  explication: Noeud | null;
  citations: Citation[];
  manquantes: { champ: string; message: string }[];
}
interface Probleme {
  detail: string;
  erreurs?: { champ: string; message: string }[];
}

const euros = (n: number) => n.toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });
const dateFr = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const CHAMPS_TEXTE = [
  'dateConclusion',
  'dateDebut',
  'dateFin',
  'dateRupture',
  'rncp',
  'idcc',
] as const;

function valeurAffichee(n: Noeud): string {
  if (n.valeur === null) return '—';
  if (typeof n.valeur === 'boolean') return n.valeur ? 'oui' : 'non';
  if (typeof n.valeur === 'number' && n.unite === '€') return euros(n.valeur);
  const unite = n.unite && ['jours', 'mois'].includes(n.unite) ? ` ${n.unite}` : '';
  return `${n.valeur}${unite}`;
}

function Explication({ noeud }: { noeud: Noeud }) {
  return (
    <li>
      <span className={`noeud noeud-${noeud.nature}`}>{noeud.libelle}</span> :{' '}
      <strong>{valeurAffichee(noeud)}</strong>
      {noeud.formule ? <span className="formule"> ({noeud.formule})</span> : null}
      {noeud.depuis ? (
        <span className="formule"> — en vigueur depuis le {dateFr(noeud.depuis)}</span>
      ) : null}
      {noeud.convention ? (
        <span className="convention"> — convention (voir docs/conventions.md)</span>
      ) : null}
      {noeud.enfants && noeud.enfants.length > 0 ? (
        <ul>
          {noeud.enfants.map((e, i) => (
            <Explication key={`${e.code}-${i}`} noeud={e} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function SimulerApprentissage() {
  const [resultat, setResultat] = useState<Resultat | null>(null);
  const [probleme, setProbleme] = useState<Probleme | null>(null);
  const [enCours, setEnCours] = useState(false);
  const titreResultat = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = "Simuler un financement — Contrat d'apprentissage — Plateforme OPCO";
  }, []);
  useEffect(() => {
    if (resultat || probleme) titreResultat.current?.focus();
  }, [resultat, probleme]);

  const erreurDe = (champ: string) =>
    probleme?.erreurs?.find((e) => e.champ === `body.${champ}`)?.message;
  const aria = (champ: string) => {
    const e = erreurDe(champ);
    return e ? { 'aria-invalid': true, 'aria-describedby': `erreur-${champ}` } : {};
  };
  const messageErreur = (champ: string) => {
    const e = erreurDe(champ);
    return e ? (
      <span id={`erreur-${champ}`} className="erreur-champ">
        {e}
      </span>
    ) : null;
  };

  async function soumettre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const texte = (k: string) => {
      const v = String(f.get(k) ?? '').trim();
      return v === '' ? undefined : v;
    };
    const nombre = (k: string) => {
      const v = texte(k);
      return v === undefined ? undefined : Number(v.replace(',', '.'));
    };
    const corps: Record<string, unknown> = {};
    for (const k of CHAMPS_TEXTE) if (texte(k) !== undefined) corps[k] = texte(k);
    corps.niveau = nombre('niveau');
    if (nombre('npecAnnuel') !== undefined) corps.npecAnnuel = nombre('npecAnnuel');
    corps.partDistanciel = (nombre('partDistanciel') ?? 0) / 100;
    if (f.get('certificationExemptee')) corps.certificationExemptee = true;
    if (f.get('dureeReduite')) corps.dureeReduite = true;
    if (f.get('nouvelEmployeurApresRupture')) corps.nouvelEmployeurApresRupture = true;
    if (nombre('rqth') !== undefined) corps.rqth = { montantMajoration: nombre('rqth') };
    const frais: Record<string, number> = {};
    for (const k of ['nuitees', 'repas', 'premierEquipement', 'mobiliteInternationale']) {
      const v = nombre(k);
      if (v !== undefined) frais[k] = v;
    }
    if (Object.keys(frais).length) corps.fraisAnnexes = frais;
    setEnCours(true);
    try {
      const r = await fetch('/api/v1/simulations/apprentissage', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(corps),
      });
      const json: unknown = await r.json();
      if (r.ok) {
        setResultat(json as Resultat);
        setProbleme(null);
      } else {
        setProbleme(json as Probleme);
        setResultat(null);
      }
    } catch (e) {
      setProbleme({ detail: e instanceof Error ? e.message : String(e) });
      setResultat(null);
    } finally {
      setEnCours(false);
    }
  }

  return (
    <>
      <h1>Simuler un financement</h1>
      <h2>Contrat d'apprentissage</h2>
      <p className="chapo">
        Prise en charge par l'OPCO (NPEC, modulations, prorata, participation de l'employeur, frais
        annexes) et échéancier de versement au CFA, avec l'explication et les articles du Code du
        travail à la date de conclusion.
      </p>
      <form onSubmit={soumettre} noValidate aria-describedby="aide-formulaire">
        <p id="aide-formulaire">Les champs marqués d'un astérisque (*) sont obligatoires.</p>
        <fieldset>
          <legend>Le contrat</legend>
          {(
            [
              ['dateConclusion', 'Date de conclusion *'],
              ['dateDebut', "Date de début d'exécution *"],
              ['dateFin', 'Date de fin prévue *'],
              ['dateRupture', 'Date de rupture (facultatif)'],
              [
                'dateNouveauContrat',
                'Après une rupture : signature d’un nouveau contrat (facultatif)',
              ],
            ] as const
          ).map(([id, libelle]) => (
            <p key={id}>
              <label htmlFor={id}>{libelle}</label>
              <input
                id={id}
                name={id}
                type="date"
                required={id === 'dateConclusion' || id === 'dateDebut' || id === 'dateFin'}
                {...aria(id)}
              />
              {messageErreur(id)}
            </p>
          ))}
          <p>
            <label htmlFor="niveau">Niveau de la certification *</label>
            <select id="niveau" name="niveau" defaultValue="5" {...aria('niveau')}>
              {[3, 4, 5, 6, 7, 8].map((n) => (
                <option key={n} value={n}>
                  Niveau {n}
                </option>
              ))}
            </select>
            {messageErreur('niveau')}
          </p>
          <p>
            <input
              id="nouvelEmployeurApresRupture"
              name="nouvelEmployeurApresRupture"
              type="checkbox"
            />
            <label htmlFor="nouvelEmployeurApresRupture">
              Nouvel employeur après une rupture (L6222-18-2)
            </label>
          </p>
          <p>
            <input id="dureeReduite" name="dureeReduite" type="checkbox" />
            <label htmlFor="dureeReduite">
              Durée réduite par convention tripartite (L6222-7-1)
            </label>
          </p>
        </fieldset>
        <fieldset>
          <legend>Le niveau de prise en charge</legend>
          <p>
            <label htmlFor="npecAnnuel">NPEC annuel en euros (si connu)</label>
            <input id="npecAnnuel" name="npecAnnuel" inputMode="decimal" {...aria('npecAnnuel')} />
            {messageErreur('npecAnnuel')}
          </p>
          <p>
            <label htmlFor="rncp">Code RNCP (sinon)</label>
            <input id="rncp" name="rncp" placeholder="RNCP35185" {...aria('rncp')} />
            {messageErreur('rncp')}
          </p>
          <p>
            <label htmlFor="idcc">IDCC de l'employeur</label>
            <input id="idcc" name="idcc" inputMode="numeric" {...aria('idcc')} />
            {messageErreur('idcc')}
          </p>
          <p>
            <label htmlFor="partDistanciel">Part des enseignements à distance (en %) *</label>
            <input
              id="partDistanciel"
              name="partDistanciel"
              type="number"
              min="0"
              max="100"
              defaultValue="0"
              {...aria('partDistanciel')}
            />
            {messageErreur('partDistanciel')}
          </p>
          <p>
            <input id="certificationExemptee" name="certificationExemptee" type="checkbox" />
            <label htmlFor="certificationExemptee">
              Certification exemptée de minoration (arrêté)
            </label>
          </p>
          <p>
            <label htmlFor="rqth">
              Majoration RQTH demandée, en euros par an (si apprenti RQTH)
            </label>
            <input id="rqth" name="rqth" inputMode="decimal" />
          </p>
        </fieldset>
        <fieldset>
          <legend>Frais annexes financés par le CFA</legend>
          {(
            [
              ['nuitees', 'Nombre de nuitées'],
              ['repas', 'Nombre de repas'],
              ['premierEquipement', 'Premier équipement demandé (€)'],
              ['mobiliteInternationale', 'Mobilité internationale demandée (€)'],
            ] as const
          ).map(([id, libelle]) => (
            <p key={id}>
              <label htmlFor={id}>{libelle}</label>
              <input id={id} name={id} inputMode="decimal" />
            </p>
          ))}
        </fieldset>
        <button type="submit" disabled={enCours}>
          {enCours ? 'Calcul en cours…' : 'Simuler'}
        </button>
      </form>

      <section aria-live="polite" aria-labelledby="titre-resultat" className="resultat">
        {probleme ? (
          <>
            <h2 id="titre-resultat" ref={titreResultat} tabIndex={-1}>
              La simulation n'a pas pu être faite
            </h2>
            <p className="alerte" role="alert">
              {probleme.detail}
            </p>
          </>
        ) : null}
        {resultat ? <ResultatSimulation r={resultat} titre={titreResultat} /> : null}
      </section>
    </>
  );
}

function ResultatSimulation({
  r,
  titre,
}: {
  r: Resultat;
  titre: React.RefObject<HTMLHeadingElement | null>;
}) {
  return (
    <>
      <h2 id="titre-resultat" ref={titre} tabIndex={-1}>
        Résultat de la simulation
      </h2>
      {r.manquantes.length > 0 ? (
        <div className="information" role="status">
          <p>Pour affiner le calcul, renseignez :</p>
          <ul>
            {r.manquantes.map((m) => (
              <li key={m.champ}>
                <a href={`#${m.champ}`}>{m.message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {r.npec && r.priseEnCharge ? (
        <>
          <dl className="montants">
            <dt>NPEC annuel</dt>
            <dd>
              {euros(r.npec.annuel)} —{' '}
              <span className={`source-${r.npec.source.type}`}>{r.npec.source.libelle}</span>
            </dd>
            <dt>NPEC après modulations</dt>
            <dd>{euros(r.npec.applique)}</dd>
            <dt>Prise en charge totale</dt>
            <dd>{euros(r.priseEnCharge.total)}</dd>
            <dt>Participation de l'employeur</dt>
            <dd>{euros(r.participationEmployeur ?? 0)}</dd>
            <dt>Frais annexes</dt>
            <dd>{euros(r.fraisAnnexes.total)}</dd>
            <dt>Total versé par l'OPCO au CFA</dt>
            <dd>
              <strong>{euros(r.valeur ?? 0)}</strong>
            </dd>
          </dl>
          <table>
            <caption>Prise en charge par année d'exécution</caption>
            <thead>
              <tr>
                <th scope="col">Du</th>
                <th scope="col">Au</th>
                <th scope="col">Jours</th>
                <th scope="col">Montant</th>
              </tr>
            </thead>
            <tbody>
              {r.priseEnCharge.parAnnee.map((a) => (
                <tr key={a.du}>
                  <td>{dateFr(a.du)}</td>
                  <td>{dateFr(a.au)}</td>
                  <td>{a.jours}</td>
                  <td>{euros(a.montant)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Échéancier des versements de l'OPCO au CFA</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Montant</th>
                <th scope="col">Motif</th>
              </tr>
            </thead>
            <tbody>
              {r.echeancier.map((v, i) => (
                <tr key={i}>
                  <td>{v.date ? dateFr(v.date) : '—'}</td>
                  <td>{euros(v.montant)}</td>
                  <td>{v.motif}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {r.explication ? (
        <section aria-labelledby="titre-explication">
          <h3 id="titre-explication">Explication du calcul</h3>
          <ul className="explication">
            <Explication noeud={r.explication} />
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="titre-textes">
        <h3 id="titre-textes">Textes appliqués</h3>
        <ul className="citations">
          {r.citations.map((c) => (
            <li key={c.article}>
              <a href={c.lien}>Article {c.article}</a> — {c.titre}
              {c.du ? ` (version en vigueur depuis le ${dateFr(c.du)})` : ''} —{' '}
              <a href={c.urlLegifrance} rel="noreferrer" target="_blank">
                Légifrance<span className="visuellement-cache"> (nouvelle fenêtre)</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
