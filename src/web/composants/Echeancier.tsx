import { Bar, Tooltip } from 'recharts';
import { date, euros, nombre } from '../format.ts';
import { GraphiqueBarres } from './GraphiqueBarres.tsx';
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
      <GraphiqueBarres
        libelle={`Diagramme en barres : ${resume}`}
        donnees={donnees}
        hauteur={280}
        cleX="etiquette"
        inclinaison={{ angle: -40, hauteur: 70 }}
        largeurY={64}
        infobulle={
          <Tooltip
            formatter={(n) => [euros(Number(n)), 'Montant']}
            labelFormatter={(_l, charge) => {
              const v = charge[0]?.payload as Versement | undefined;
              return v?.date ? date(v.date) : 'Frais annexes';
            }}
          />
        }
      >
        <Bar dataKey="montant" name="Montant" fill="#000091" isAnimationActive={false} />
      </GraphiqueBarres>
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
