import type { NoeudJson } from '../../partage/explication.schema.ts';

/** Explanation tree and cited texts of a simulation (shapes of src/partage). */
const euros = (n: number) => n.toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });
export const dateFr = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

function valeurAffichee(n: NoeudJson): string {
  if (n.valeur === null) return '—';
  if (typeof n.valeur === 'boolean') return n.valeur ? 'oui' : 'non';
  if (typeof n.valeur === 'number' && n.unite === '€') return euros(n.valeur);
  if (typeof n.valeur === 'number' && n.unite === '/1')
    return `${(Math.round(n.valeur * 100000) / 1000).toLocaleString('fr-FR')} %`;
  if (typeof n.valeur === 'number')
    return `${n.valeur.toLocaleString('fr-FR')}${n.unite && !n.unite.startsWith('liste') ? ` ${n.unite}` : ''}`;
  return n.valeur;
}

function Noeud({ noeud }: { noeud: NoeudJson }) {
  return (
    <li>
      <span className={`noeud noeud-${noeud.nature}`}>{noeud.libelle}</span> :{' '}
      <strong>{noeud.texte ?? valeurAffichee(noeud)}</strong>
      {noeud.formule ? <span className="formule"> ({noeud.formule})</span> : null}
      {noeud.depuis ? (
        <span className="formule"> — en vigueur depuis le {dateFr(noeud.depuis)}</span>
      ) : null}
      {noeud.references && noeud.references.length > 0 ? (
        <span className="formule"> — {noeud.references.map((r) => r.article).join(', ')}</span>
      ) : null}
      {noeud.convention ? (
        <span className="convention"> — convention (voir docs/conventions.md)</span>
      ) : null}
      {noeud.enfants && noeud.enfants.length > 0 ? (
        <ul>
          {noeud.enfants.map((e, i) => (
            <Noeud key={`${e.code}-${i}`} noeud={e} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function Explication({ noeud }: { noeud: NoeudJson }) {
  return (
    <section aria-labelledby="titre-explication">
      <h3 id="titre-explication">Explication du calcul</h3>
      <ul className="explication">
        <Noeud noeud={noeud} />
      </ul>
    </section>
  );
}

export interface CitationJson {
  article: string;
  titre: string;
  du: string | null;
  lien: string;
  urlLegifrance: string;
}

export function TextesAppliques({ citations }: { citations: readonly CitationJson[] }) {
  return (
    <section aria-labelledby="titre-textes">
      <h3 id="titre-textes">Textes appliqués</h3>
      <ul className="citations">
        {citations.map((c) => (
          <li key={c.article}>
            {c.lien.startsWith('/') ? (
              <a href={c.lien}>Article {c.article}</a>
            ) : (
              <a href={c.lien} rel="noreferrer" target="_blank">
                {c.article}
                <span className="visuellement-cache"> (Journal officiel, nouvelle fenêtre)</span>
              </a>
            )}{' '}
            — {c.titre}
            {c.du ? ` (version en vigueur depuis le ${dateFr(c.du)})` : ''}
            {c.lien.startsWith('/') ? (
              <>
                {' '}
                —{' '}
                <a href={c.urlLegifrance} rel="noreferrer" target="_blank">
                  Légifrance<span className="visuellement-cache"> (nouvelle fenêtre)</span>
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
