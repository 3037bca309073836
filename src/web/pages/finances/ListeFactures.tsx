import { date } from '../../format.ts';
import { e, libellesStatuts, type Factures } from './commun.ts';
import { TableauFinances } from './TableauFinances.tsx';

type Facture = Factures['factures'][number];

/** Lines of an invoice not matched, with the reason of each. */
export function LignesNonAppariees({ lignes }: { lignes: Facture['lignes'] }) {
  const refusees = lignes.filter((l) => !l.apparie);
  if (refusees.length === 0) return null;
  return (
    <ul>
      {refusees.map((l) => (
        <li key={l.rang}>
          Ligne {l.rang} ({l.dossierId}) : {l.motif}
        </li>
      ))}
    </ul>
  );
}

/** Invoices received (OPCO) or sent (CFA): what is matched, what is not, and why. */
export function ListeFactures({ factures }: { factures: Factures | null }) {
  if (!factures) return <p role="status">Chargement des factures…</p>;
  if (factures.factures.length === 0) return <p>Aucune facture.</p>;
  return (
    <TableauFinances
      libelle="Factures et appariement"
      lignes={factures.factures}
      cle={(f) => String(f.id)}
      colonnes={[
        { entete: 'Référence', cellule: (f) => f.referenceCfa },
        { entete: 'Date', cellule: (f) => date(f.dateFacture) },
        { entete: 'Montant', cellule: (f) => e(f.montantCentimes) },
        { entete: 'Statut', cellule: (f) => libellesStatuts[f.statut] ?? f.statut },
        {
          entete: 'Lignes non appariées et pourquoi',
          cellule: (f) =>
            f.lignes.every((l) => l.apparie) ? (
              'Toutes appariées'
            ) : (
              <LignesNonAppariees lignes={f.lignes} />
            ),
        },
      ]}
    />
  );
}
