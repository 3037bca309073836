import { useState, type FormEvent } from 'react';
import { barresEmpilees, GraphiqueBarres } from '../../composants/GraphiqueBarres.tsx';
import { date, nombre } from '../../format.ts';
import { appeler, messageErreur } from '../comptes/client.ts';
import {
  e,
  libellesOrigines,
  libellesSections,
  libellesStatuts,
  useDonnees,
  type Budgets,
  type Factures,
  type Lots,
  type ResultatLot,
} from './commun.ts';
import { FranceCompetencesOpco } from './FranceCompetencesOpco.tsx';
import { HorsLivreOpco } from './HorsLivreOpco.tsx';
import { ListeFactures } from './ListeFactures.tsx';
import { TableauFinances } from './TableauFinances.tsx';

/** Budgets per section, origin and branch: stacked bars and the same figures in a table. */
function BudgetsOpco({ base, budgets }: { base: string; budgets: Budgets }) {
  const lignes = budgets.lignes.map((l) => ({
    ...l,
    etiquette: `${libellesSections[l.section] ?? l.section}${l.branche ? ` · IDCC ${l.branche}` : ''}${l.origine === 'mutualises' ? '' : ` (${libellesOrigines[l.origine] ?? l.origine})`}`,
    disponible: l.disponibleCentimes / 100,
    engage: (l.engageCentimes + l.aPayerCentimes) / 100,
    paye: l.payeCentimes / 100,
  }));
  const totalPaye = lignes.reduce((s, l) => s + l.payeCentimes, 0);
  const totalEngage = lignes.reduce((s, l) => s + l.engageCentimes + l.aPayerCentimes, 0);
  return (
    <>
      <figure>
        <figcaption>
          Par section, origine des fonds et branche : disponible, engagé, payé
        </figcaption>
        <GraphiqueBarres
          libelle={`Diagramme en barres empilées : ${e(totalEngage)} engagés et ${e(totalPaye)} payés ; le détail est dans le tableau qui suit.`}
          donnees={lignes}
          hauteur={260}
          cleX="etiquette"
          inclinaison={{ angle: -30, hauteur: 80 }}
          largeurY={72}
        >
          {barresEmpilees([
            { cle: 'paye', nom: 'Payé' },
            { cle: 'engage', nom: 'Engagé' },
            { cle: 'disponible', nom: 'Disponible' },
          ])}
        </GraphiqueBarres>
      </figure>
      <TableauFinances
        libelle="Budgets par section et branche"
        lignes={lignes}
        cle={(l) => `${l.section}-${l.origine}-${l.branche ?? ''}`}
        colonnes={[
          { entete: 'Section', cellule: (l) => l.etiquette },
          { entete: 'Dotation', cellule: (l) => e(l.dotationCentimes) },
          { entete: 'Disponible', cellule: (l) => e(l.disponibleCentimes) },
          { entete: 'Engagé', cellule: (l) => e(l.engageCentimes) },
          { entete: 'À payer', cellule: (l) => e(l.aPayerCentimes) },
          { entete: 'Payé', cellule: (l) => e(l.payeCentimes) },
        ]}
      />
      <p>
        <a href={`${base}/export?format=xlsx`}>Exporter en XLSX</a> ·{' '}
        <a href={`${base}/export?format=csv`}>Exporter les budgets en CSV</a>
      </p>
    </>
  );
}

/** Runs a payment run for a date, then lists the runs and their SEPA files. */
function LotsOpco({
  base,
  organisationId,
  lots,
  apres,
}: {
  base: string;
  organisationId: string;
  lots: Lots | null;
  apres: () => void;
}) {
  const [dateLot, setDateLot] = useState(new Date().toISOString().slice(0, 10));
  const [resultat, setResultat] = useState<string | null>(null);
  async function executer(ev: FormEvent) {
    ev.preventDefault();
    try {
      const r = await appeler<ResultatLot>('POST', `${base}/lots`, { dateExecution: dateLot });
      setResultat(
        r.statut === 'sans_coordonnees_debiteur'
          ? 'Aucun compte bancaire débiteur enregistré : lot non exécuté.'
          : `Lot ${r.lotId} : ${nombre(r.nombrePaiements)} paiement(s) pour ${e(r.montantCentimes)}${r.dejaTermine ? ' (déjà exécuté)' : ''}.`,
      );
      apres();
    } catch (x) {
      setResultat(messageErreur(x));
    }
  }
  return (
    <>
      <form onSubmit={(ev) => void executer(ev)} className="formulaire-ligne">
        <label htmlFor={`date-lot-${organisationId}`}>Date d’exécution</label>
        <input
          id={`date-lot-${organisationId}`}
          type="date"
          value={dateLot}
          onChange={(x) => setDateLot(x.target.value)}
          required
        />
        <button type="submit">Exécuter le lot</button>
      </form>
      {resultat && <p role="status">{resultat}</p>}
      {lots && lots.lots.length > 0 ? (
        <TableauFinances
          libelle="Lots de paiement"
          lignes={lots.lots}
          cle={(l) => l.id}
          colonnes={[
            { entete: 'Lot', cellule: (l) => l.id },
            { entete: 'Date', cellule: (l) => date(l.dateExecution) },
            { entete: 'Statut', cellule: (l) => libellesStatuts[l.statut] ?? l.statut },
            { entete: 'Paiements', cellule: (l) => nombre(l.nombrePaiements) },
            { entete: 'Montant', cellule: (l) => e(l.montantCentimes) },
            {
              entete: 'Fichier SEPA',
              cellule: (l) =>
                l.empreinteFichier ? (
                  <a href={`${base}/lots/${l.id}/fichier`}>pain.001 (XML)</a>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      ) : (
        <p>Aucun lot de paiement.</p>
      )}
    </>
  );
}

/** The OPCO's comptable: budgets per section and branch (chart + table), runs and their files, invoices. */
export function FinancesOpco({ organisationId }: { organisationId: string }) {
  const [version, setVersion] = useState(0);
  const base = `/api/v1/finances/opco/${organisationId}`;
  const budgets = useDonnees<Budgets>(`${base}/budgets`, version);
  const lots = useDonnees<Lots>(`${base}/lots`, version);
  const factures = useDonnees<Factures>(`${base}/factures`, version);
  const recharger = () => setVersion((v) => v + 1);

  if (budgets.erreur) return <p className="information">Finances : {budgets.erreur}</p>;
  if (!budgets.donnees) return <p role="status">Chargement des finances…</p>;
  return (
    <section aria-labelledby={`finances-${organisationId}`} className="finances">
      <h3 id={`finances-${organisationId}`}>Budgets consommés</h3>
      <BudgetsOpco base={base} budgets={budgets.donnees} />

      <h3>Lots de paiement</h3>
      <LotsOpco base={base} organisationId={organisationId} lots={lots.donnees} apres={recharger} />

      <h3>Factures reçues</h3>
      <ListeFactures factures={factures.donnees} />

      <h3>Engagements non comptabilisés</h3>
      <HorsLivreOpco base={base} version={version} apres={recharger} />

      <FranceCompetencesOpco base={base} apres={recharger} />
    </section>
  );
}
