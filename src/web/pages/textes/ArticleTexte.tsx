import { useEffect, useState, type FormEvent } from 'react';
import type {
  CitationsArticle,
  DiffArticle,
  TexteEnVigueur,
  VersionResume,
  VersionsArticle,
} from '../../../partage/textes.ts';
import { ChampDate, lireDate } from '../../composants/ChampDate.tsx';
import { LienTexte } from '../../composants/LienTexte.tsx';
import { date as dateFr, nombre, periode, phrase } from '../../format.ts';
import { Lien, naviguer } from '../../routeur.tsx';
import { aujourdhui, cheminArticle, etatEnMots, useJson, useParametres } from './outils.ts';
import { structurer } from './structure.ts';

const GENRES = {
  parametre: 'Paramètres',
  regle: 'Règles',
  cas_de_test: 'Cas de test',
} as const;

/** /textes/<article>?date=…: the text at a date, the timeline, the diff, who cites it. */
export function ArticleTexte({ article }: { article: string }) {
  const params = useParametres();
  const date = params.get('date') ?? aujourdhui();
  const base = `/api/v1/textes/${encodeURIComponent(article)}`;
  const { donnees: texte, erreur: erreurTexte } = useJson<TexteEnVigueur>(
    `${base}?date=${encodeURIComponent(date)}`,
  );
  const { donnees: versions, erreur: erreurVersions } = useJson<VersionsArticle>(
    `${base}/versions`,
  );
  const { donnees: citations } = useJson<CitationsArticle>(`${base}/citations`);
  useEffect(() => {
    document.title = `Article ${article} — Plateforme OPCO`;
  }, [article]);

  const affichee = texte?.version.idLegiarti ?? null;
  const titreArticle = versions?.article ?? article;

  return (
    <>
      <nav aria-label="Fil d'Ariane" className="fil">
        <Lien href="/textes">Textes et règles</Lien> › Article {titreArticle}
      </nav>
      <h1>Article {titreArticle} du Code du travail</h1>
      {versions?.renvoi && (
        <p className="information">
          L'article {versions.renvoi.demande} porte aujourd'hui le numéro {versions.renvoi.article}.
        </p>
      )}
      {versions && versions.sections.length > 0 && (
        <p className="sections">{versions.sections.join(' › ')}</p>
      )}
      {erreurVersions && (
        <p className="alerte" role="alert">
          {erreurVersions}
        </p>
      )}

      <ChoixDate key={date} article={article} initiale={date} />

      <section aria-labelledby="titre-texte">
        <h2 id="titre-texte">Texte en vigueur le {dateFr(date)}</h2>
        {erreurTexte && (
          <p className="alerte" role="alert">
            {erreurTexte}
          </p>
        )}
        {texte && (
          <>
            <p className="meta" role="status">
              Version {texte.version.numero ?? ''}, en vigueur{' '}
              {periode(texte.version.du, texte.version.au)} —{' '}
              <span className={`etat etat-${texte.version.etat.toLowerCase()}`}>
                {etatEnMots(texte.version.etat)}
              </span>{' '}
              — <a href={texte.version.url}>{texte.version.idLegiarti} sur Légifrance</a>
            </p>
            {texte.version.texte !== null ? (
              <div className="texte-article">
                <TexteStructure texte={texte.version.texte} />
                <p className="source">Source : {texte.version.sourceTexte}</p>
              </div>
            ) : (
              <p className="information">
                Le texte de cette version n'est dans aucune publication importée ; ses dates et son
                identifiant sont connus.{' '}
                <a href={texte.version.url}>Lire cette version sur Légifrance</a>.
              </p>
            )}
            {texte.version.remarque && (
              <p className="information">{phrase(texte.version.remarque)}</p>
            )}
          </>
        )}
      </section>

      {versions && (
        <Frise article={titreArticle} versions={versions.versions} affichee={affichee} />
      )}
      {versions && (
        <Comparaison article={titreArticle} versions={versions.versions} affichee={affichee} />
      )}

      <section aria-labelledby="titre-citations">
        <h2 id="titre-citations">Paramètres et règles qui citent cet article</h2>
        {citations === null ? (
          <p>Chargement…</p>
        ) : citations.citants.length === 0 ? (
          <p>Aucun paramètre, aucune règle ni aucun cas de test ne cite cet article.</p>
        ) : (
          (Object.keys(GENRES) as (keyof typeof GENRES)[]).map((g) => {
            const liste = citations.citants.filter((c) => c.genre === g);
            if (liste.length === 0) return null;
            return (
              <div key={g}>
                <h3>{GENRES[g]}</h3>
                <ul className="citants">
                  {liste.map((c) => (
                    <li key={c.identifiant}>
                      <code>{c.identifiant}</code>
                      {c.dates.length > 0 && <> — cité pour {c.dates.map(dateFr).join(', ')}</>}
                      {c.via.length > 0 && <> — par {c.via.join(', ')}</>}
                    </li>
                  ))}
                </ul>
              </div>
            );
          })
        )}
      </section>
    </>
  );
}

/** The text with its divisions (I., 1°, a)) as indented paragraphs. */
function TexteStructure({ texte }: { texte: string }) {
  return (
    <>
      {structurer(texte).map((b, i) => (
        <p key={i} className={`alinea niveau-${Math.min(b.niveau, 3)}`}>
          {b.marqueur && <span className="marqueur">{b.marqueur}</span>} {b.texte}
        </p>
      ))}
    </>
  );
}

/** The versions as a timeline: an ordered list, oldest first, each with its period and state. */
function Frise({
  article,
  versions,
  affichee,
}: {
  article: string;
  versions: VersionResume[];
  affichee: string | null;
}) {
  return (
    <section aria-labelledby="titre-frise">
      <h2 id="titre-frise">Versions de l'article ({nombre(versions.length)})</h2>
      <ol
        className="frise"
        aria-label="Chronologie des versions, de la plus ancienne à la plus récente"
      >
        {versions.map((v) => {
          const morteNee = v.au !== null && v.au <= v.du;
          const courante = v.idLegiarti === affichee;
          const classes = ['jalon', morteNee ? 'jalon-mort-ne' : '', courante ? 'courante' : '']
            .filter(Boolean)
            .join(' ');
          return (
            <li key={v.idLegiarti} className={classes}>
              <p className="jalon-dates">
                <time dateTime={v.du}>{dateFr(v.du)}</time>
                {morteNee ? null : v.au ? (
                  <>
                    {' '}
                    → <time dateTime={v.au}>{dateFr(v.au)}</time>
                  </>
                ) : (
                  ' → aujourd’hui'
                )}
              </p>
              <p className="jalon-titre">
                {morteNee ? (
                  <span>Version {v.numero ?? ''} — jamais entrée en vigueur</span>
                ) : (
                  <LienTexte article={article} date={v.du} courant={courante}>
                    Version {v.numero ?? ''}
                    <span className="visuellement-cache"> {periode(v.du, v.au)}</span>
                  </LienTexte>
                )}{' '}
                <span className={`etat etat-${v.etat.toLowerCase()}`}>{etatEnMots(v.etat)}</span>
              </p>
              <p className="meta">
                {v.texteDisponible ? 'Texte disponible' : 'Texte non importé'}
                {courante ? ' — version affichée' : ''}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Comparaison({
  article,
  versions,
  affichee,
}: {
  article: string;
  versions: VersionResume[];
  affichee: string | null;
}) {
  const params = useParametres();
  const avecTexte = versions.filter((v) => v.texteDisponible);
  // By default: the displayed version against the previous one with a text (or the next one).
  const trouve = avecTexte.findIndex((v) => v.idLegiarti === affichee);
  const idx = trouve >= 0 ? trouve : avecTexte.length - 1;
  const defautDe = idx > 0 ? avecTexte[idx - 1] : avecTexte[0];
  const defautA = idx > 0 ? avecTexte[idx] : avecTexte[1];
  const [de, setDe] = useState(params.get('de') ?? defautDe?.idLegiarti ?? '');
  const [a, setA] = useState(params.get('a') ?? defautA?.idLegiarti ?? '');
  // The diff shown is the one named in the address (?de=…&a=…): it can be shared and bookmarked.
  const deDemande = params.get('de');
  const aDemande = params.get('a');
  const {
    donnees: diff,
    erreur,
    enCours,
  } = useJson<DiffArticle>(
    deDemande && aDemande && avecTexte.length >= 2
      ? `/api/v1/textes/${encodeURIComponent(article)}/diff?de=${encodeURIComponent(deDemande)}&a=${encodeURIComponent(aDemande)}`
      : null,
  );

  if (avecTexte.length < 2)
    return (
      <section aria-labelledby="titre-diff">
        <h2 id="titre-diff">Comparer deux versions</h2>
        <p>
          Il faut le texte de deux versions pour les comparer ; les publications importées n'en
          portent que {avecTexte.length}.
        </p>
      </section>
    );

  const comparer = (e: FormEvent) => {
    e.preventDefault();
    const date = params.get('date');
    naviguer(cheminArticle(article, { ...(date ? { date } : {}), de, a }));
  };
  const libelle = (v: VersionResume) => `Version ${v.numero ?? ''} ${periode(v.du, v.au)}`;

  return (
    <section aria-labelledby="titre-diff">
      <h2 id="titre-diff">Comparer deux versions</h2>
      <form onSubmit={comparer} className="choix-diff">
        <label htmlFor="diff-de">Version de départ</label>
        <select id="diff-de" value={de} onChange={(e) => setDe(e.target.value)}>
          {avecTexte.map((v) => (
            <option key={v.idLegiarti} value={v.idLegiarti}>
              {libelle(v)}
            </option>
          ))}
        </select>
        <label htmlFor="diff-a">Version d'arrivée</label>
        <select id="diff-a" value={a} onChange={(e) => setA(e.target.value)}>
          {avecTexte.map((v) => (
            <option key={v.idLegiarti} value={v.idLegiarti}>
              {libelle(v)}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Comparer</button>
      </form>
      <div aria-live="polite">
        {enCours && <p>Comparaison en cours…</p>}
        {erreur && (
          <p className="alerte" role="alert">
            {erreur}
          </p>
        )}
        {diff && (
          <>
            <p className="resume-diff">
              De la version {diff.de.numero ?? diff.de.idLegiarti} ({dateFr(diff.de.du)}) à la
              version {diff.a.numero ?? diff.a.idLegiarti} ({dateFr(diff.a.du)}) :{' '}
              {diff.motsSupprimes} mot{diff.motsSupprimes > 1 ? 's' : ''} supprimé
              {diff.motsSupprimes > 1 ? 's' : ''}, {diff.motsAjoutes} mot
              {diff.motsAjoutes > 1 ? 's' : ''} ajouté{diff.motsAjoutes > 1 ? 's' : ''}.
            </p>
            <p className="legende">
              Légende : <del className="suppression">texte supprimé</del>{' '}
              <ins className="ajout">texte ajouté</ins>
            </p>
            <p className="texte-article diff">
              {diff.segments.map((s, i) =>
                s.type === 'supprime' ? (
                  <del key={i} className="suppression">
                    {s.texte}
                  </del>
                ) : s.type === 'ajoute' ? (
                  <ins key={i} className="ajout">
                    {s.texte}
                  </ins>
                ) : (
                  <span key={i}>{s.texte}</span>
                ),
              )}
            </p>
          </>
        )}
      </div>
    </section>
  );
}

function ChoixDate({ article, initiale }: { article: string; initiale: string }) {
  const [saisieDate, setSaisieDate] = useState(dateFr(initiale));
  const [erreur, setErreur] = useState<string | null>(null);
  const changerDate = (e: FormEvent) => {
    e.preventDefault();
    const iso = lireDate(saisieDate);
    if (!iso) {
      setErreur('Date attendue au format jj/mm/aaaa (par exemple 01/07/2025).');
      return;
    }
    setErreur(null);
    naviguer(cheminArticle(article, { date: iso }));
  };
  return (
    <form onSubmit={changerDate} className="choix-date" noValidate>
      <ChampDate
        id="date-texte"
        libelle="Lire le texte en vigueur le"
        value={saisieDate}
        onChange={(e) => setSaisieDate(e.target.value)}
        required
        {...(erreur ? { 'aria-invalid': true, 'aria-describedby': 'erreur-date-texte' } : {})}
      />{' '}
      <button type="submit">Afficher</button>
      {erreur && (
        <span id="erreur-date-texte" className="erreur-champ" role="alert">
          {erreur}
        </span>
      )}
    </form>
  );
}
