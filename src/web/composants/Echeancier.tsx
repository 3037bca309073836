import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { date, euros, nombre } from '../format.ts';
import { TableauAdaptable } from './TableauAdaptable.tsx';

export interface Versement {
  date?: string;
  montant: number;
  motif: string;
}

/** Short x-axis label of a payment: its date (dd/mm/yy), or what it is when it has none. */
function etiquette(v: Versement): string {
  return v.date ? date(v.date).replace(/\/\d{2}(\d{2})$/, '/$1') : 'Frais annexes';
}

/**
 * The payment schedule as a bar chart, then as a table: the chart is one image for assistive
 * technologies (role="img" with a sentence that sums it up), the table below holds every figure.
 */
export function Echeancier({ versements }: { versements: Versement[] }) {
  const donnees = versements.map((v, i) => ({ cle: `${i}`, etiquette: etiquette(v), ...v }));
  const total = versements.reduce((s, v) => s + v.montant, 0);
  const datees = versements.filter((v) => v.date);
  const premier = datees[0];
  const dernier = datees[datees.length - 1];
  const resume =
    `${nombre(versements.length)} versement${versements.length > 1 ? 's' : ''} pour ${euros(total)}` +
    (premier?.date && dernier?.date ? `, du ${date(premier.date)} au ${date(dernier.date)}` : '') +
    ' ; le détail est dans le tableau qui suit.';
  return (
    <figure className="echeancier" aria-labelledby="titre-echeancier">
      <figcaption id="titre-echeancier">Échéancier des versements de l'OPCO au CFA</figcaption>
      <div className="graphique" role="img" aria-label={`Diagramme en barres : ${resume}`}>
        <ResponsiveContainer width="100%" height={280}>
          <BarChart
            data={donnees}
            margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="etiquette"
              tick={{ fontSize: 11 }}
              interval={0}
              angle={-40}
              textAnchor="end"
              height={70}
            />
            <YAxis
              width={64}
              tick={{ fontSize: 12 }}
              tickFormatter={(n: number) => `${nombre(n)} €`}
            />
            <Tooltip
              formatter={(n) => [euros(Number(n)), 'Montant']}
              labelFormatter={(_l, charge) => {
                const v = charge[0]?.payload as Versement | undefined;
                return v?.date ? date(v.date) : 'Frais annexes';
              }}
            />
            <Bar dataKey="montant" name="Montant" fill="#000091" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="resume-graphique">{resume}</p>
      <TableauAdaptable libelle="Tableau de l'échéancier">
        <table>
          <caption className="visuellement-cache">Échéancier des versements (tableau)</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Montant</th>
              <th scope="col">Motif</th>
            </tr>
          </thead>
          <tbody>
            {versements.map((v, i) => (
              <tr key={i}>
                <td className="date">{v.date ? date(v.date) : '—'}</td>
                <td className="nombre">{euros(v.montant)}</td>
                <td>{v.motif}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableauAdaptable>
    </figure>
  );
}
