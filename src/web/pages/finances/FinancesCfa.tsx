import { useState } from 'react';
import { Bar, Tooltip } from 'recharts';
import { GraphiqueBarres } from '../../composants/GraphiqueBarres.tsx';
import { euros, nombre } from '../../format.ts';
import { e, useDonnees, type Factures, type SynthesesCfa } from './commun.ts';
import { DepotCertificats, DepotFactures } from './Depots.tsx';
import { ListeFactures } from './ListeFactures.tsx';
import { TableauFinances } from './TableauFinances.tsx';

type SyntheseOpco = SynthesesCfa['opcos'][number];

/** One OPCO seen by the CFA: engaged, invoiced, paid, expected, and the expected cash by month. */
function FinancementOpco({ o }: { o: SyntheseOpco }) {
  const attendu = o.attendu.map((a) => ({ mois: a.mois, montant: a.montantCentimes / 100 }));
  const total = o.attendu.reduce((s, a) => s + a.montantCentimes, 0);
  return (
    <div>
      <h4>OPCO {o.opco}</h4>
      <dl className="faits">
        <dt>Engagé</dt>
        <dd>{e(o.engageCentimes)}</dd>
        <dt>Facturé</dt>
        <dd>{e(o.factureCentimes)}</dd>
        <dt>Payé</dt>
        <dd>{e(o.payeCentimes)}</dd>
        <dt>Attendu</dt>
        <dd>{e(total)}</dd>
      </dl>
      <figure>
        <figcaption>Trésorerie attendue par mois (échéances non payées)</figcaption>
        <GraphiqueBarres
          libelle={`Diagramme en barres : ${e(total)} attendus sur ${nombre(attendu.length)} mois ; le détail est dans le tableau qui suit.`}
          donnees={attendu}
          hauteur={220}
          cleX="mois"
          largeurY={72}
          infobulle={<Tooltip formatter={(n) => [euros(Number(n)), 'Attendu']} />}
        >
          <Bar dataKey="montant" name="Attendu" fill="#1d4f91" />
        </GraphiqueBarres>
      </figure>
      <TableauFinances
        libelle={`Trésorerie attendue de l’OPCO ${o.opco}`}
        lignes={o.attendu}
        cle={(a) => a.mois}
        colonnes={[
          { entete: 'Mois', cellule: (a) => a.mois.split('-').reverse().join('/') },
          { entete: 'Attendu', cellule: (a) => e(a.montantCentimes) },
        ]}
      />
    </div>
  );
}

/** The CFA: per OPCO, engaged, invoiced, paid, and the cash expected month by month (chart). */
export function FinancesCfa({ organisationId }: { organisationId: string }) {
  const base = `/api/v1/finances/cfa/${organisationId}`;
  const [version, setVersion] = useState(0);
  const synthese = useDonnees<SynthesesCfa>(`${base}/synthese`, version);
  const factures = useDonnees<Factures>(`${base}/factures`, version);
  if (synthese.erreur) return <p className="information">Finances : {synthese.erreur}</p>;
  if (!synthese.donnees) return <p role="status">Chargement des finances…</p>;
  return (
    <section aria-labelledby={`finances-${organisationId}`} className="finances">
      <h3 id={`finances-${organisationId}`}>Financements par OPCO</h3>
      {synthese.donnees.opcos.length === 0 && <p>Aucun engagement.</p>}
      {synthese.donnees.opcos.map((o) => (
        <FinancementOpco key={o.opco} o={o} />
      ))}
      <p>
        <a href={`${base}/export?format=xlsx`}>Exporter en XLSX</a> ·{' '}
        <a href={`${base}/export?format=csv`}>Exporter les échéances en CSV</a>
      </p>
      <h3>Déposer des factures (CSV)</h3>
      <DepotFactures url={`${base}/factures`} apres={() => setVersion((v) => v + 1)} />
      <h3>Déposer des certificats de réalisation (CSV)</h3>
      <DepotCertificats url={`${base}/certificats`} apres={() => setVersion((v) => v + 1)} />
      <h3>Mes factures</h3>
      <ListeFactures factures={factures.donnees} />
    </section>
  );
}
