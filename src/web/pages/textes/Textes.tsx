import { ArticleTexte } from './ArticleTexte.tsx';
import { RechercheTextes } from './RechercheTextes.tsx';

/** The /textes area: search at /textes, one page per article at /textes/<article>. */
export function Textes({ chemin }: { chemin: string }) {
  const reste = chemin.replace(/^\/textes\/?/, '');
  if (reste === '') return <RechercheTextes />;
  return <ArticleTexte article={decodeURIComponent(reste.split('/')[0] ?? '')} />;
}
