import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { euros, nombre } from '../format.ts';

/**
 * A bar chart of amounts in euros, drawn as one image for assistive technologies (role="img"
 * with `libelle`, a sentence that sums it up; the figures are in a table next to it). The bars
 * (`<Bar>`, `<Legend>`) are the children; the grid, the axes and the tooltip are shared.
 */
export function GraphiqueBarres({
  libelle,
  donnees,
  hauteur,
  cleX,
  inclinaison,
  largeurY,
  infobulle,
  children,
}: {
  libelle: string;
  donnees: readonly object[];
  hauteur: number;
  /** Field of each datum labelling the x axis. */
  cleX: string;
  /** Slanted x labels (all shown): their angle and the axis height they need. */
  inclinaison?: { angle: number; hauteur: number };
  largeurY: number;
  /** Replaces the default tooltip (the amount in euros). */
  infobulle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="graphique" role="img" aria-label={libelle}>
      <ResponsiveContainer width="100%" height={hauteur}>
        <BarChart
          data={[...donnees]}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey={cleX}
            tick={{ fontSize: 11 }}
            {...(inclinaison
              ? {
                  interval: 0,
                  angle: inclinaison.angle,
                  textAnchor: 'end',
                  height: inclinaison.hauteur,
                }
              : {})}
          />
          <YAxis
            width={largeurY}
            tick={{ fontSize: 12 }}
            tickFormatter={(n: number) => `${nombre(n)} €`}
          />
          {infobulle ?? <Tooltip formatter={(n) => euros(Number(n))} />}
          {children}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Colours of stacked money: paid (green), committed (amber), still available (blue). */
const couleursEmpilees = ['#1d6b3a', '#e0a100', '#7aa7d6'] as const;

/**
 * Stacked bars of a budget, with their legend: paid, committed, then what remains, from the
 * bottom up (`barres`: the fields of each datum and their names, in that order).
 */
export function barresEmpilees(barres: readonly { cle: string; nom: string }[]): ReactNode {
  return [
    <Legend key="legende" />,
    ...barres.map((b, i) => (
      <Bar
        key={b.cle}
        dataKey={b.cle}
        name={b.nom}
        stackId="pile"
        fill={couleursEmpilees[i % couleursEmpilees.length]}
      />
    )),
  ];
}
