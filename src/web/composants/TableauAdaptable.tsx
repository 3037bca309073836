import type { ReactNode } from 'react';

/**
 * A table that scrolls on its own when it is wider than a phone's screen, never the page. The
 * scrolling area is reachable with the keyboard and named (WCAG 2.1.1, RGAA 7.3).
 */
export function TableauAdaptable({ libelle, children }: { libelle: string; children: ReactNode }) {
  return (
    <div className="tableau-adaptable" tabIndex={0} role="region" aria-label={libelle}>
      {children}
    </div>
  );
}
