import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { lireJson, messageProbleme } from '../api.ts';
import { ChampDate, lireDate } from '../composants/ChampDate.tsx';
import { date, nombre, phrase, pourcent } from '../format.ts';
import { TableauAdaptable } from '../composants/TableauAdaptable.tsx';

interface OpcoRef {
  code: string;
  nom: string;
}
interface Source {
  nom: string;
  fichier: string;
  millesime: string;
  dateEffet: string;
  demo: boolean;
}
interface Reponse {
  statut: string;
  siret: string | null;
  idcc: { code: string; titre: string | null } | null;
  opco: OpcoRef | null;
  opcoGestion: OpcoRef | null;
  repartition: { opco: OpcoRef; nbSiret: number; part: number; majoritaire: boolean }[];
  minoritaires: { opco: OpcoRef }[];
  sources: Source[];
  demo: boolean;
  explication: string;
  aFaire: string | null;
}
interface ReponseSiren {
  siren: string;
  etablissements: Reponse[];
  sources: Source[];
  demo: boolean;
  explication: string;
  aFaire: string | null;
}
interface Convention {
  idcc: string;
  titre: string;
  titreCourt: string | null;
  opcoMajoritaire: OpcoRef | null;
}

type Resultat =
  | { type: 'reponse'; valeur: Reponse }
  | { type: 'siren'; valeur: ReponseSiren }
  | { type: 'conventions'; q: string; valeur: Convention[] };

const LIBELLES_STATUT: Record<string, string> = {
  trouve: 'OPCO trouvé',
  siret_inconnu: 'SIRET inconnu de la table',
  idcc_plusieurs_opco: 'IDCC partagé entre plusieurs OPCO',
  idcc_echappement: 'IDCC d’échappement (sans convention)',
  sans_opco: 'Aucun OPCO',
  siret_invalide: 'SIRET invalide',
};

/** What the search box holds: SIRET (14 digits), SIREN (9), IDCC (1–4), otherwise words. */
export function natureRecherche(
  saisie: string,
): { param: 'siret' | 'siren' | 'idcc'; valeur: string } | null {
  const s = saisie.replace(/[\s.]/g, '');
  if (/^[0-9]{14}$/.test(s)) return { param: 'siret', valeur: s };
  if (/^[0-9]{9}$/.test(s)) return { param: 'siren', valeur: s };
  if (/^[0-9]{1,4}$/.test(s)) return { param: 'idcc', valeur: s };
  return null;
}

/** The server prefixes demo answers with a warning the page already shows in its own box. */
const PREFIXE_DEMO = /^Données de démonstration \([^)]*\) : /;
function sansAvertissementDemo(texte: string): string {
  const reste = texte.replace(PREFIXE_DEMO, '');
  return reste === texte ? texte : `${reste.charAt(0).toUpperCase()}${reste.slice(1)}`;
}

function AvertissementDemo() {
  return (
    <p className="information">
      Données de démonstration : échantillon synthétique au format officiel, pas la table de France
      compétences.
    </p>
  );
}

const nomOpco = (o: OpcoRef | null) => (o ? `${o.nom} (code ${o.code})` : 'aucun');
const nomIdcc = (i: Reponse['idcc']) =>
  i ? `IDCC ${i.code}${i.titre ? ` — ${i.titre.replace(/^_+|_+$/g, '')}` : ''}` : 'aucune déclarée';

function Statut({ statut }: { statut: string }) {
  return <span className={`statut statut-${statut}`}>{LIBELLES_STATUT[statut] ?? statut}</span>;
}

function Repartition({ r }: { r: Reponse }) {
  if (r.repartition.length <= 1) return null;
  return (
    <TableauAdaptable libelle="Répartition entre OPCO">
      <table>
        <caption>Répartition des établissements de cet IDCC entre OPCO</caption>
        <thead>
          <tr>
            <th scope="col">OPCO</th>
            <th scope="col" className="nombre">
              Nombre de SIRET
            </th>
            <th scope="col" className="nombre">
              Part
            </th>
          </tr>
        </thead>
        <tbody>
          {r.repartition.map((p) => (
            <tr key={p.opco.code}>
              <th scope="row">
                {p.opco.nom}
                {p.majoritaire ? ' (majoritaire)' : ''}
                {r.minoritaires.some((m) => m.opco.code === p.opco.code) ? ' (cas isolés)' : ''}
              </th>
              <td className="nombre">{nombre(p.nbSiret)}</td>
              <td className="nombre">{pourcent(p.part)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableauAdaptable>
  );
}

function CarteReponse({ r, titre }: { r: Reponse; titre: string }) {
  return (
    <article className="carte-reponse" aria-label={titre}>
      <h3>{titre}</h3>
      {r.demo && <AvertissementDemo />}
      <dl className="faits">
        <dt>Statut</dt>
        <dd>
          <Statut statut={r.statut} />
        </dd>
        <dt>OPCO</dt>
        <dd data-testid="opco">{nomOpco(r.opco)}</dd>
        {r.opcoGestion && (
          <>
            <dt>OPCO de gestion</dt>
            <dd>{nomOpco(r.opcoGestion)}</dd>
          </>
        )}
        {r.siret && (
          <>
            <dt>SIRET</dt>
            <dd>{r.siret}</dd>
          </>
        )}
        {r.idcc && (
          <>
            <dt>Convention collective</dt>
            <dd>{nomIdcc(r.idcc)}</dd>
          </>
        )}
      </dl>
      <p className="explication">{phrase(sansAvertissementDemo(r.explication))}</p>
      {r.aFaire && (
        <p className="a-faire">
          <strong>Que faire ?</strong> {phrase(r.aFaire)}
        </p>
      )}
      <Repartition r={r} />
      <Sources sources={r.sources} />
    </article>
  );
}

/** True when every establishment gives the same value. */
function commun<T>(liste: readonly Reponse[], f: (r: Reponse) => T): boolean {
  const premier = liste[0];
  if (!premier) return false;
  const v = JSON.stringify(f(premier));
  return liste.every((r) => JSON.stringify(f(r)) === v);
}

/**
 * A SIREN's answer: what all its establishments share (status, OPCO, convention…) is said once,
 * then each establishment with only what sets it apart.
 */
function ReponseSirenVue({ v }: { v: ReponseSiren }) {
  const e = v.etablissements;
  const premier = e[0];
  const memeStatut = commun(e, (r) => r.statut);
  const memeOpco = commun(e, (r) => r.opco);
  const memeGestion = commun(e, (r) => r.opcoGestion);
  const memeIdcc = commun(e, (r) => r.idcc);
  const toutCommun = memeStatut && memeOpco && memeGestion && memeIdcc;
  return (
    <article className="carte-reponse" aria-label={`Réponse pour le SIREN ${v.siren}`}>
      <h3>SIREN {v.siren}</h3>
      {v.demo && <AvertissementDemo />}
      <p className="explication">{phrase(sansAvertissementDemo(v.explication))}</p>
      {v.aFaire && (
        <p className="a-faire">
          <strong>Que faire ?</strong> {phrase(v.aFaire)}
        </p>
      )}
      {premier && (memeStatut || memeOpco || memeGestion || memeIdcc) && (
        <>
          <h4>
            {e.length > 1 ? `Commun aux ${nombre(e.length)} établissements` : 'Son établissement'}
          </h4>
          <dl className="faits" data-testid="faits-communs">
            {memeStatut && (
              <>
                <dt>Statut</dt>
                <dd>
                  <Statut statut={premier.statut} />
                </dd>
              </>
            )}
            {memeOpco && (
              <>
                <dt>OPCO</dt>
                <dd data-testid="opco">{nomOpco(premier.opco)}</dd>
              </>
            )}
            {memeGestion && premier.opcoGestion && (
              <>
                <dt>OPCO de gestion</dt>
                <dd>{nomOpco(premier.opcoGestion)}</dd>
              </>
            )}
            {memeIdcc && (
              <>
                <dt>Convention collective</dt>
                <dd>{nomIdcc(premier.idcc)}</dd>
              </>
            )}
          </dl>
          {toutCommun && <Repartition r={premier} />}
        </>
      )}
      {e.length > 0 && (
        <>
          <h4>Établissements</h4>
          <ul className="etablissements">
            {e.map((r) => (
              <li key={r.siret}>
                <span className="siret">SIRET {r.siret}</span>
                {!toutCommun && (
                  <dl className="faits">
                    {!memeStatut && (
                      <>
                        <dt>Statut</dt>
                        <dd>
                          <Statut statut={r.statut} />
                        </dd>
                      </>
                    )}
                    {!memeOpco && (
                      <>
                        <dt>OPCO</dt>
                        <dd>{nomOpco(r.opco)}</dd>
                      </>
                    )}
                    {!memeGestion && (
                      <>
                        <dt>OPCO de gestion</dt>
                        <dd>{r.opcoGestion ? nomOpco(r.opcoGestion) : 'le même'}</dd>
                      </>
                    )}
                    {!memeIdcc && (
                      <>
                        <dt>Convention collective</dt>
                        <dd>{nomIdcc(r.idcc)}</dd>
                      </>
                    )}
                  </dl>
                )}
                {!toutCommun && (
                  <p className="explication">{phrase(sansAvertissementDemo(r.explication))}</p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <Sources sources={v.sources} />
    </article>
  );
}

function Sources({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return null;
  return (
    <>
      <h4>Sources</h4>
      <ul className="sources">
        {sources.map((s) => (
          <li key={`${s.nom}-${s.millesime}`}>
            {s.nom === 'siro' ? 'Table SIRET-OPCO' : 'Table IDCC → OPCO'} ({s.fichier}), millésime{' '}
            {s.millesime}, en vigueur depuis le {date(s.dateEffet)}
            {s.demo ? ' — démonstration' : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

function Recherche() {
  const idSaisie = useId();
  const idDate = useId();
  const [saisie, setSaisie] = useState('');
  const [saisieDate, setSaisieDate] = useState('');
  const [resultat, setResultat] = useState<Resultat | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);

  const chercher = async (texte: string) => {
    setErreur(null);
    setEnCours(true);
    try {
      const n = natureRecherche(texte);
      const iso = lireDate(saisieDate);
      if (iso === undefined)
        throw new Error('À la date : date attendue au format jj/mm/aaaa (par exemple 01/06/2026).');
      const d = iso ? `&date=${encodeURIComponent(iso)}` : '';
      if (n?.param === 'siren')
        setResultat({
          type: 'siren',
          valeur: await lireJson<ReponseSiren>(`/api/v1/rattachement?siren=${n.valeur}${d}`),
        });
      else if (n)
        setResultat({
          type: 'reponse',
          valeur: await lireJson<Reponse>(`/api/v1/rattachement?${n.param}=${n.valeur}${d}`),
        });
      else {
        const r = await lireJson<{ resultats: Convention[] }>(
          `/api/v1/conventions?q=${encodeURIComponent(texte)}&limite=10${d}`,
        );
        setResultat({ type: 'conventions', q: texte, valeur: r.resultats });
      }
    } catch (e) {
      setResultat(null);
      setErreur(messageProbleme(e));
    } finally {
      setEnCours(false);
    }
  };

  const soumettre = (e: FormEvent) => {
    e.preventDefault();
    if (saisie.trim() !== '') void chercher(saisie);
  };

  return (
    <section aria-labelledby="titre-recherche">
      <h2 id="titre-recherche">Rechercher</h2>
      <form role="search" onSubmit={soumettre} className="formulaire-recherche">
        <div>
          <label htmlFor={idSaisie}>
            SIRET, SIREN, IDCC ou mots de l’intitulé de la convention
          </label>
          <input
            id={idSaisie}
            name="q"
            value={saisie}
            onChange={(e) => setSaisie(e.target.value)}
            placeholder="ex. 732 829 320 00074, 1486 ou « hôtels cafés »"
            autoComplete="off"
          />
        </div>
        <div>
          <ChampDate
            id={idDate}
            libelle="À la date (facultatif)"
            value={saisieDate}
            onChange={(e) => setSaisieDate(e.target.value)}
          />
        </div>
        <button type="submit" disabled={enCours}>
          Chercher
        </button>
      </form>
      <div aria-live="polite" aria-busy={enCours} className="resultat">
        {erreur && (
          <p role="alert" className="alerte">
            {erreur}
          </p>
        )}
        {resultat?.type === 'reponse' && <CarteReponse r={resultat.valeur} titre="Réponse" />}
        {resultat?.type === 'siren' && <ReponseSirenVue v={resultat.valeur} />}
        {resultat?.type === 'conventions' && (
          <>
            <p>
              {resultat.valeur.length === 0
                ? `Aucune convention ne correspond à « ${resultat.q} ».`
                : `${nombre(resultat.valeur.length)} convention${resultat.valeur.length > 1 ? 's' : ''} pour « ${resultat.q} » :`}
            </p>
            <ul className="conventions">
              {resultat.valeur.map((c) => (
                <li key={c.idcc}>
                  <button
                    type="button"
                    className="lien-bouton"
                    onClick={() => {
                      setSaisie(c.idcc);
                      void chercher(c.idcc);
                    }}
                  >
                    IDCC {c.idcc} — {c.titreCourt ?? c.titre}
                  </button>
                  {c.opcoMajoritaire ? ` : ${c.opcoMajoritaire.nom}` : ' : aucun OPCO'}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

interface EtatLot {
  total: number;
  traites: number;
  parStatut: Record<string, number>;
  url: string | null;
}

/** Counts the SIRET lines of a CSV the way the server reads them (header and blanks skipped). */
function compterSirets(texte: string): number {
  let n = 0;
  texte.split(/\r?\n/).forEach((l, k) => {
    const v =
      l
        .split(/[,;\t]/)[0]
        ?.trim()
        .replace(/^"|"$/g, '') ?? '';
    if (v === '' || (k === 0 && /[a-z]/i.test(v))) return;
    n++;
  });
  return n;
}

function Lot() {
  const idFichier = useId();
  const champ = useRef<HTMLInputElement>(null);
  const [etat, setEtat] = useState<EtatLot | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);

  useEffect(
    () => () => {
      if (etat?.url) URL.revokeObjectURL(etat.url);
    },
    [etat?.url],
  );

  const lancer = async (e: FormEvent) => {
    e.preventDefault();
    const f = champ.current?.files?.[0];
    if (!f) {
      setErreur('Choisissez un fichier CSV contenant un SIRET par ligne.');
      return;
    }
    setErreur(null);
    setEnCours(true);
    try {
      const texte = await f.text();
      const total = compterSirets(texte);
      const parStatut: Record<string, number> = {};
      setEtat({ total, traites: 0, parStatut, url: null });
      const r = await fetch('/api/v1/rattachement/lot', {
        method: 'POST',
        headers: { 'content-type': 'text/csv', accept: 'text/csv' },
        body: texte,
      });
      if (!r.ok || !r.body) {
        const corps: unknown = await r.json().catch(() => null);
        throw new Error(messageProbleme(corps, r.statusText));
      }
      const lecteur = r.body.pipeThrough(new TextDecoderStream()).getReader();
      const morceaux: string[] = [];
      let reste = '';
      let traites = -1; // the header line
      for (;;) {
        const { done, value } = await lecteur.read();
        if (done) break;
        morceaux.push(value);
        const lignes = (reste + value).split('\n');
        reste = lignes.pop() ?? '';
        for (const l of lignes) {
          traites++;
          if (traites === 0) continue;
          const statut = l.split(',')[1] ?? '';
          parStatut[statut] = (parStatut[statut] ?? 0) + 1;
        }
        setEtat({ total, traites: Math.max(traites, 0), parStatut: { ...parStatut }, url: null });
      }
      const url = URL.createObjectURL(new Blob(morceaux, { type: 'text/csv' }));
      setEtat({ total, traites: Math.max(traites, 0), parStatut: { ...parStatut }, url });
    } catch (err) {
      setErreur(messageProbleme(err));
    } finally {
      setEnCours(false);
    }
  };

  return (
    <section aria-labelledby="titre-lot">
      <h2 id="titre-lot">En masse</h2>
      <p>
        Un fichier CSV avec un SIRET par ligne (première colonne, en-tête facultatif), jusqu’à un
        million de lignes. Le résultat est un CSV téléchargeable, une ligne par SIRET.
      </p>
      <form onSubmit={(e) => void lancer(e)}>
        <label htmlFor={idFichier}>Fichier CSV de SIRET</label>
        <input id={idFichier} ref={champ} type="file" accept=".csv,text/csv,text/plain" />
        <button type="submit" disabled={enCours}>
          Lancer le rattachement
        </button>
      </form>
      <div aria-live="polite" className="resultat">
        {erreur && (
          <p role="alert" className="alerte">
            {erreur}
          </p>
        )}
        {etat && (
          <>
            <label htmlFor="progression-lot">
              {nombre(etat.traites)} / {nombre(etat.total)} SIRET traités
            </label>
            <progress id="progression-lot" max={Math.max(etat.total, 1)} value={etat.traites} />
            {etat.url && (
              <>
                <ul className="bilan-lot">
                  {Object.entries(etat.parStatut).map(([s, n]) => (
                    <li key={s}>
                      {LIBELLES_STATUT[s] ?? s} : {nombre(n)}
                    </li>
                  ))}
                </ul>
                <p>
                  <a href={etat.url} download="rattachement-opco.csv">
                    Télécharger le résultat (CSV)
                  </a>
                </p>
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}

export function TrouverMonOpco() {
  useEffect(() => {
    document.title = 'Trouver mon OPCO — Plateforme OPCO';
  }, []);
  return (
    <>
      <h1>Trouver mon OPCO</h1>
      <p className="chapo">
        L’OPCO d’un établissement par son SIRET, d’une entreprise par son SIREN, d’une convention
        collective par son IDCC ou son intitulé — à toute date, avec l’explication et les sources.
      </p>
      <Recherche />
      <Lot />
    </>
  );
}
