import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { libelleChamp, libellesChamps, libelleValeur } from '../../partage/libelles.ts';
import { situationApprentissageSchema } from '../../partage/simulation-apprentissage.schema.ts';
import '../../partage/zod-fr.ts';
import { ChampDate, lireDate } from '../composants/ChampDate.tsx';
import { Echeancier, type Versement } from '../composants/Echeancier.tsx';
import { LienTexte } from '../composants/LienTexte.tsx';
import { date, euros, nombre, phrase, pourcent } from '../format.ts';
import { TableauAdaptable } from '../composants/TableauAdaptable.tsx';

/** Shapes of POST /api/v1/simulations/apprentissage (the web talks to the server only by HTTP). */
interface Reference {
  article: string;
  titre: string;
  url: string;
}
interface Noeud {
  nature: string;
  code: string;
  libelle: string;
  valeur: number | string | boolean | null;
  unite?: string;
  formule?: string;
  depuis?: string;
  references?: Reference[];
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
  dateEvaluation: string;
  valeur: number | null;
  npec: { annuel: number; applique: number; source: { type: string; libelle: string } } | null;
  priseEnCharge: {
    total: number;
    parAnnee: { du: string; au: string; jours: number; montant: number }[];
  } | null;
  participationEmployeur: number | null;
  fraisAnnexes: { total: number; detail: Record<string, number> };
  echeancier: Versement[];
  explication: Noeud | null;
  citations: Citation[];
  manquantes: { champ: string; message: string }[];
}
interface ErreurChamp {
  champ: string;
  message: string;
}
interface Probleme {
  detail: string;
  erreurs?: ErreurChamp[];
}

/** The fields of the form: id of the input, path in the request body, kind of value. */
type Nature = 'date' | 'texte' | 'nombre' | 'pourcent' | 'case';
const CHAMPS: readonly { id: string; chemin: string; nature: Nature }[] = [
  { id: 'dateConclusion', chemin: 'dateConclusion', nature: 'date' },
  { id: 'dateDebut', chemin: 'dateDebut', nature: 'date' },
  { id: 'dateFin', chemin: 'dateFin', nature: 'date' },
  { id: 'dateRupture', chemin: 'dateRupture', nature: 'date' },
  { id: 'dateNouveauContrat', chemin: 'dateNouveauContrat', nature: 'date' },
  { id: 'niveau', chemin: 'niveau', nature: 'nombre' },
  { id: 'nouvelEmployeurApresRupture', chemin: 'nouvelEmployeurApresRupture', nature: 'case' },
  { id: 'dureeReduite', chemin: 'dureeReduite', nature: 'case' },
  { id: 'npecAnnuel', chemin: 'npecAnnuel', nature: 'nombre' },
  { id: 'rncp', chemin: 'rncp', nature: 'texte' },
  { id: 'idcc', chemin: 'idcc', nature: 'texte' },
  { id: 'partDistanciel', chemin: 'partDistanciel', nature: 'pourcent' },
  { id: 'certificationExemptee', chemin: 'certificationExemptee', nature: 'case' },
  { id: 'rqth', chemin: 'rqth.montantMajoration', nature: 'nombre' },
  { id: 'nuitees', chemin: 'fraisAnnexes.nuitees', nature: 'nombre' },
  { id: 'repas', chemin: 'fraisAnnexes.repas', nature: 'nombre' },
  { id: 'premierEquipement', chemin: 'fraisAnnexes.premierEquipement', nature: 'nombre' },
  {
    id: 'mobiliteInternationale',
    chemin: 'fraisAnnexes.mobiliteInternationale',
    nature: 'nombre',
  },
];

/** The label of a field, as shown above it and in its error messages. */
const libelle = (chemin: string) => libellesChamps[chemin] ?? chemin;

/** The input id a body path is typed into (« body.fraisAnnexes.nuitees » → « nuitees »). */
function idDuChamp(champ: string): string | null {
  const chemin = champ.replace(/^body\./, '');
  return (
    CHAMPS.find((c) => c.chemin === chemin)?.id ??
    CHAMPS.find((c) => chemin.startsWith(`${c.chemin}.`) || c.chemin.startsWith(`${chemin}.`))
      ?.id ??
    null
  );
}

/** Field names the server may quote in a sentence (« saisir npecAnnuel ») put into words. */
function sansCodes(texte: string): string {
  return phrase(
    texte.replace(/\b(npecAnnuel|partDistanciel|dateConclusion|dateDebut|dateFin)\b/g, (c) => {
      const l = libelleChamp(c);
      return l ? `« ${l} »` : c;
    }),
  );
}

/** Reads the form into the request body; what cannot be read becomes a field error. */
function lireFormulaire(f: FormData): { corps: Record<string, unknown>; erreurs: ErreurChamp[] } {
  const corps: Record<string, unknown> = {};
  const erreurs: ErreurChamp[] = [];
  const poser = (chemin: string, v: unknown) => {
    const [a, b] = chemin.split('.') as [string, string | undefined];
    if (b === undefined) corps[a] = v;
    else corps[a] = { ...((corps[a] as Record<string, unknown> | undefined) ?? {}), [b]: v };
  };
  for (const c of CHAMPS) {
    const brut = String(f.get(c.id) ?? '').trim();
    if (c.nature === 'case') {
      if (f.get(c.id)) poser(c.chemin, true);
      continue;
    }
    if (brut === '') {
      if (c.nature === 'pourcent') poser(c.chemin, 0);
      continue;
    }
    if (c.nature === 'date') {
      const iso = lireDate(brut);
      if (iso) poser(c.chemin, iso);
      else
        erreurs.push({ champ: `body.${c.chemin}`, message: 'date attendue au format jj/mm/aaaa' });
      continue;
    }
    if (c.nature === 'texte') {
      poser(c.chemin, brut);
      continue;
    }
    const n = Number(brut.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'));
    if (!Number.isFinite(n)) {
      erreurs.push({ champ: `body.${c.chemin}`, message: 'saisissez un nombre' });
      continue;
    }
    if (c.nature === 'pourcent') {
      if (n < 0 || n > 100) {
        erreurs.push({ champ: `body.${c.chemin}`, message: 'un pourcentage entre 0 et 100' });
        // A valid stand-in, so that the schema still checks the other fields (not sent).
        poser(c.chemin, 0);
      } else poser(c.chemin, n / 100);
      continue;
    }
    poser(c.chemin, n);
  }
  return { corps, erreurs };
}

/** Client-side check with the very schema the API applies; messages in French (libelles.ts). */
function verifier(corps: Record<string, unknown>): ErreurChamp[] {
  const r = situationApprentissageSchema.safeParse(corps);
  if (r.success) return [];
  return r.error.issues.map((i) => ({
    champ: ['body', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
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

  const erreursDe = (id: string) =>
    (probleme?.erreurs ?? []).filter((e) => idDuChamp(e.champ) === id).map((e) => e.message);
  const aria = (id: string) =>
    erreursDe(id).length > 0 ? { 'aria-invalid': true, 'aria-describedby': `erreur-${id}` } : {};
  const messageErreur = (id: string) => {
    const e = erreursDe(id);
    return e.length > 0 ? (
      <span id={`erreur-${id}`} className="erreur-champ">
        {e.join(' ; ')}
      </span>
    ) : null;
  };
  const champDate = (id: string, suffixe: string, obligatoire: boolean) => (
    <p key={id}>
      <ChampDate
        id={id}
        name={id}
        libelle={`${libelle(id)} ${suffixe}`}
        required={obligatoire}
        {...aria(id)}
      />
      {messageErreur(id)}
    </p>
  );

  async function soumettre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const { corps, erreurs } = lireFormulaire(new FormData(ev.currentTarget));
    // Both checks at once: what the form could not read, then the schema on the rest.
    const refus = [
      ...erreurs,
      ...verifier(corps).filter((e) => !erreurs.some((x) => x.champ === e.champ)),
    ];
    if (refus.length > 0) {
      setResultat(null);
      setProbleme({ detail: 'La saisie est à corriger.', erreurs: refus });
      return;
    }
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
    } catch {
      setProbleme({ detail: 'Le serveur ne répond pas : réessayez dans un instant.' });
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
          {champDate('dateConclusion', '*', true)}
          {champDate('dateDebut', '*', true)}
          {champDate('dateFin', '*', true)}
          {champDate('dateRupture', '(facultatif)', false)}
          {champDate('dateNouveauContrat', '(facultatif)', false)}
          <p>
            <label htmlFor="niveau">{libelle('niveau')} *</label>
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
              {libelle('nouvelEmployeurApresRupture')} (L6222-18-2)
            </label>
          </p>
          <p>
            <input id="dureeReduite" name="dureeReduite" type="checkbox" />
            <label htmlFor="dureeReduite">{libelle('dureeReduite')} (L6222-7-1)</label>
          </p>
        </fieldset>
        <fieldset>
          <legend>Le niveau de prise en charge</legend>
          <p>
            <label htmlFor="npecAnnuel">{libelle('npecAnnuel')} (si connu)</label>
            <input id="npecAnnuel" name="npecAnnuel" inputMode="decimal" {...aria('npecAnnuel')} />
            {messageErreur('npecAnnuel')}
          </p>
          <p>
            <label htmlFor="rncp">{libelle('rncp')} (sinon)</label>
            <input id="rncp" name="rncp" placeholder="RNCP35185" {...aria('rncp')} />
            {messageErreur('rncp')}
          </p>
          <p>
            <label htmlFor="idcc">{libelle('idcc')}</label>
            <input id="idcc" name="idcc" inputMode="numeric" {...aria('idcc')} />
            {messageErreur('idcc')}
          </p>
          <p>
            <label htmlFor="partDistanciel">{libelle('partDistanciel')} *</label>
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
              {libelle('certificationExemptee')} (arrêté)
            </label>
          </p>
          <p>
            <label htmlFor="rqth">{libelle('rqth.montantMajoration')} (si apprenti RQTH)</label>
            <input id="rqth" name="rqth" inputMode="decimal" {...aria('rqth')} />
            {messageErreur('rqth')}
          </p>
        </fieldset>
        <fieldset>
          <legend>Frais annexes financés par le CFA</legend>
          {(
            [
              'fraisAnnexes.nuitees',
              'fraisAnnexes.repas',
              'fraisAnnexes.premierEquipement',
              'fraisAnnexes.mobiliteInternationale',
            ] as const
          ).map((chemin) => {
            const id = chemin.split('.')[1] ?? chemin;
            return (
              <p key={id}>
                <label htmlFor={id}>{libelle(chemin)}</label>
                <input id={id} name={id} inputMode="decimal" {...aria(id)} />
                {messageErreur(id)}
              </p>
            );
          })}
        </fieldset>
        <button type="submit" disabled={enCours}>
          {enCours ? 'Calcul en cours…' : 'Simuler'}
        </button>
      </form>

      <section aria-live="polite" aria-labelledby="titre-resultat" className="resultat">
        {probleme ? <Refus probleme={probleme} titre={titreResultat} /> : null}
        {resultat ? <ResultatSimulation r={resultat} titre={titreResultat} /> : null}
      </section>
    </>
  );
}

/** Why the simulation was not made: one line per field, naming it and leading to it. */
function Refus({
  probleme,
  titre,
}: {
  probleme: Probleme;
  titre: RefObject<HTMLHeadingElement | null>;
}) {
  const erreurs = probleme.erreurs ?? [];
  return (
    <>
      <h2 id="titre-resultat" ref={titre} tabIndex={-1}>
        La simulation n'a pas pu être faite
      </h2>
      <div className="alerte" role="alert">
        {erreurs.length === 0 ? (
          <p>{phrase(probleme.detail)}</p>
        ) : (
          <>
            <p>
              {erreurs.length > 1
                ? `${nombre(erreurs.length)} champs sont à corriger :`
                : 'Un champ est à corriger :'}
            </p>
            <ul>
              {erreurs.map((e, i) => {
                const id = idDuChamp(e.champ);
                const nom = libelleChamp(e.champ) ?? 'Saisie';
                const texte = `${nom} : ${sansCodes(e.message)}`;
                return <li key={i}>{id ? <a href={`#${id}`}>{texte}</a> : texte}</li>;
              })}
            </ul>
          </>
        )}
      </div>
    </>
  );
}

/** « 7e et 10e mois », « 40 %, 30 % et 20 % ». */
function enumeration(elements: string[]): string {
  if (elements.length <= 1) return elements.join('');
  return `${elements.slice(0, -1).join(', ')} et ${elements[elements.length - 1]}`;
}

/** Entries of the request that are shares (0..1), shown as percentages. */
const ENTREES_EN_PART = new Set(['partDistanciel']);

/** The value of an explanation node in words: amounts, percentages, labels, never a raw code. */
export function valeurAffichee(n: Noeud): string {
  const v = n.valeur;
  const unite = n.unite ?? '';
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (unite.startsWith('liste ') && typeof v === 'string') {
    const sous = unite.slice('liste '.length);
    const items = v
      .split('/')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    const nombres = items.map(Number);
    if (nombres.some((x) => !Number.isFinite(x))) return enumeration(items.map(libelleValeur));
    if (sous === '/1') return enumeration(nombres.map(pourcent));
    if (sous === 'mois') return `${enumeration(nombres.map((x) => `${nombre(x)}e`))} mois`;
    return `${enumeration(nombres.map(nombre))} ${sous}`;
  }
  if (typeof v === 'string') return phrase(libelleValeur(v));
  if (unite === '€' || unite === 'EUR') return euros(v);
  if (unite === '/1' || ENTREES_EN_PART.has(n.code)) return pourcent(v);
  if (unite === 'EUR/heure') return `${euros(v)} de l'heure`;
  if (unite === 'niveau') return `niveau ${nombre(v)}`;
  if (unite === 'salaries') return `${nombre(v)} salariés`;
  if (['jours', 'mois', 'ans', 'heures'].includes(unite)) return `${nombre(v)} ${unite}`;
  return nombre(v);
}

function Articles({ references, date: d }: { references: Reference[]; date: string }) {
  const articles = [...new Set(references.map((r) => r.article))];
  if (articles.length === 0) return null;
  const liens: ReactNode[] = [];
  articles.forEach((a, i) => {
    if (i > 0) liens.push(i === articles.length - 1 ? ' et ' : ', ');
    liens.push(
      <LienTexte key={a} article={a} date={d}>
        {a}
      </LienTexte>,
    );
  });
  return (
    <span className="formule">
      {' '}
      — {articles.length > 1 ? 'articles' : 'article'} {liens}
    </span>
  );
}

/** A constant of a rule (a coded value such as `annee_suivante`) is named « valeur », never by its code. */
function libelleNoeud(noeud: Noeud): string {
  return /^[a-z0-9]+(_[a-z0-9]+)+$/.test(noeud.libelle) ? 'Valeur' : phrase(noeud.libelle);
}

function Explication({ noeud, date: d }: { noeud: Noeud; date: string }) {
  return (
    <li>
      <span className={`noeud noeud-${noeud.nature}`}>{libelleNoeud(noeud)}</span> :{' '}
      <strong>{valeurAffichee(noeud)}</strong>
      {noeud.formule ? <span className="formule"> (calcul : {noeud.formule})</span> : null}
      {noeud.depuis ? (
        <span className="formule"> — en vigueur depuis le {date(noeud.depuis)}</span>
      ) : null}
      {noeud.references ? <Articles references={noeud.references} date={d} /> : null}
      {noeud.convention ? (
        <span className="convention"> — lecture retenue par la plateforme (convention)</span>
      ) : null}
      {noeud.enfants && noeud.enfants.length > 0 ? (
        <ul>
          {noeud.enfants.map((e, i) => (
            <Explication key={`${e.code}-${i}`} noeud={e} date={d} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function ResultatSimulation({
  r,
  titre,
}: {
  r: Resultat;
  titre: RefObject<HTMLHeadingElement | null>;
}) {
  return (
    <>
      <h2 id="titre-resultat" ref={titre} tabIndex={-1}>
        Résultat de la simulation
      </h2>
      {r.valeur !== null ? (
        <p className="total-verse">
          <span>Total versé par l'OPCO au CFA</span>{' '}
          <strong data-testid="total">{euros(r.valeur)}</strong>
        </p>
      ) : null}
      {r.manquantes.length > 0 ? (
        <div className="information" role="status">
          <p>Pour affiner le calcul, renseignez :</p>
          <ul>
            {r.manquantes.map((m) => (
              <li key={m.champ}>
                <a href={`#${idDuChamp(m.champ) ?? m.champ}`}>{sansCodes(m.message)}</a>
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
              <span className={`source-${r.npec.source.type}`}>
                {phrase(r.npec.source.libelle)}
              </span>
            </dd>
            <dt>NPEC après modulations</dt>
            <dd>{euros(r.npec.applique)}</dd>
            <dt>Prise en charge</dt>
            <dd>{euros(r.priseEnCharge.total)}</dd>
            <dt>Participation de l'employeur (déduite)</dt>
            <dd>{euros(r.participationEmployeur ?? 0)}</dd>
            <dt>Frais annexes</dt>
            <dd>{euros(r.fraisAnnexes.total)}</dd>
          </dl>
          <Echeancier versements={r.echeancier.map((v) => ({ ...v, motif: phrase(v.motif) }))} />
          <TableauAdaptable libelle="Prise en charge par année d'exécution">
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
                    <td className="date">{date(a.du)}</td>
                    <td className="date">{date(a.au)}</td>
                    <td className="nombre">{nombre(a.jours)}</td>
                    <td className="nombre">{euros(a.montant)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableauAdaptable>
        </>
      ) : null}
      {r.explication ? (
        <section aria-labelledby="titre-explication">
          <h3 id="titre-explication">Explication du calcul</h3>
          <ul className="explication">
            <Explication noeud={r.explication} date={r.dateEvaluation} />
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="titre-textes">
        <h3 id="titre-textes">Textes appliqués</h3>
        <ul className="citations">
          {r.citations.map((c) => (
            <li key={c.article}>
              <LienTexte article={c.article} date={r.dateEvaluation}>
                Article {c.article}
              </LienTexte>{' '}
              — {phrase(c.titre)}
              {c.du ? ` (version en vigueur depuis le ${date(c.du)})` : ''} —{' '}
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
