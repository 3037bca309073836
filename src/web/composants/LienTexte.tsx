import type { ReactNode } from 'react';
import { Lien } from '../routeur.tsx';

/**
 * A citation of an article in the UI (e.g. in a simulation's explanation): links to the page of
 * the article as it stood on the evaluation date, /textes/<article>?date=<date>, where the version
 * in force that day is shown. The engine's citations carry the same link (domaine/textes lienTexte).
 */
export function LienTexte({
  article,
  date,
  children,
  courant = false,
}: {
  article: string;
  date: string;
  children?: ReactNode;
  /** The link points to the version on display (aria-current). */
  courant?: boolean;
}) {
  const href = `/textes/${encodeURIComponent(article)}?date=${encodeURIComponent(date)}`;
  return (
    <Lien href={href} {...(courant ? { 'aria-current': 'true' as const } : {})}>
      {children ?? `art. ${article}`}
    </Lien>
  );
}
