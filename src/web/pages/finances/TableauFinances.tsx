import type { ReactNode } from 'react';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';

/** A column: its header and what a row shows in it. */
export interface ColonneFinances<L> {
  entete: string;
  cellule: (ligne: L) => ReactNode;
}

/**
 * The one table of the money pages: a named scrolling region, a header row, and one row per
 * line whose first column is the row header (`<th scope="row">`).
 */
export function TableauFinances<L>({
  libelle,
  colonnes,
  lignes,
  cle,
}: {
  libelle: string;
  colonnes: readonly ColonneFinances<L>[];
  lignes: readonly L[];
  cle: (ligne: L) => string;
}) {
  return (
    <TableauAdaptable libelle={libelle}>
      <table>
        <thead>
          <tr>
            {colonnes.map((c) => (
              <th key={c.entete} scope="col">
                {c.entete}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lignes.map((l) => (
            <tr key={cle(l)}>
              {colonnes.map((c, i) =>
                i === 0 ? (
                  <th key={c.entete} scope="row">
                    {c.cellule(l)}
                  </th>
                ) : (
                  <td key={c.entete}>{c.cellule(l)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableauAdaptable>
  );
}
