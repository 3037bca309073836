import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { lireJson } from '../api.ts';

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

function pourcent(p: number): string {
  return `${(p * 100).toLocaleString('fr-FR', { maximumFractionDigits: 3 })} %`;
}

function CarteReponse({ r, titre }: { r: Reponse; titre: string }) {
  return (
    <article className="carte-reponse" aria-label={titre}>
      <h3>{titre}</h3>
      {r.demo && (
        <p className="information">
          Données de démonstration : échantillon synthétique au format officiel, pas la table de
          France compétences.
        </p>
      )}
      <dl className="faits">
        <dt>Statut</dt>
        <dd>
          <span className={`statut statut-${r.statut}`}>
            {LIBELLES_STATUT[r.statut] ?? r.statut}
          </span>
        </dd>
        <dt>OPCO</dt>
        <dd data-testid="opco">{r.opco ? `${r.opco.nom} (code ${r.opco.code})` : 'aucun'}</dd>
        {r.opcoGestion && (
          <>
            <dt>OPCO de gestion</dt>
            <dd>
              {r.opcoGestion.nom} (code {r.opcoGestion.code})
            </dd>
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
            <dd>
              IDCC {r.idcc.code}
              {r.idcc.titre ? ` — ${r.idcc.titre}` : ''}
            </dd>
          </>
        )}
      </dl>
      <p className="explication">{r.explication}</p>
      {r.aFaire && (
        <p className="a-faire">
          <strong>Que faire ?</strong> {r.aFaire}
        </p>
      )}
      {r.repartition.length > 1 && (
        <table>
          <caption>Répartition des établissements de cet IDCC entre OPCO</caption>
          <thead>
            <tr>
              <th scope="col">OPCO</th>
              <th scope="col">Établissements</th>
              <th scope="col">Part</th>
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
                <td>{p.nbSiret.toLocaleString('fr-FR')}</td>
                <td>{pourcent(p.part)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Sources sources={r.sources} />
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
            {s.millesime}, en vigueur depuis le {s.dateEffet}
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
  const [date, setDate] = useState('');
  const [resultat, setResultat] = useState<Resultat | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);

  const chercher = async (texte: string) => {
    setErreur(null);
    setEnCours(true);
    try {
      const n = natureRecherche(texte);
      const d = date ? `&date=${encodeURIComponent(date)}` : '';
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
      setErreur(e instanceof Error ? e.message : String(e));
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
          <label htmlFor={idDate}>À la date (facultatif)</label>
          <input id={idDate} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
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
        {resultat?.type === 'siren' && (
          <>
            <p className="explication">{resultat.valeur.explication}</p>
            {resultat.valeur.aFaire && <p className="a-faire">{resultat.valeur.aFaire}</p>}
            {resultat.valeur.etablissements.map((e) => (
              <CarteReponse key={e.siret} r={e} titre={`Établissement ${e.siret ?? ''}`} />
            ))}
          </>
        )}
        {resultat?.type === 'conventions' && (
          <>
            <p>
              {resultat.valeur.length === 0
                ? `Aucune convention ne correspond à « ${resultat.q} ».`
                : `${resultat.valeur.length} convention(s) pour « ${resultat.q} » :`}
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
        throw new Error(
          corps && typeof corps === 'object' && 'detail' in corps
            ? String(corps.detail)
            : r.statusText,
        );
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
      setErreur(err instanceof Error ? err.message : String(err));
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
              {etat.traites.toLocaleString('fr-FR')} / {etat.total.toLocaleString('fr-FR')} SIRET
              traités
            </label>
            <progress id="progression-lot" max={Math.max(etat.total, 1)} value={etat.traites} />
            {etat.url && (
              <>
                <ul className="bilan-lot">
                  {Object.entries(etat.parStatut).map(([s, n]) => (
                    <li key={s}>
                      {LIBELLES_STATUT[s] ?? s} : {n.toLocaleString('fr-FR')}
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
