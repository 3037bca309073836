import { barresEmpilees, GraphiqueBarres } from '../../composants/GraphiqueBarres.tsx';
import { e, libellesSections, useDonnees, type Utilisations } from './commun.ts';
import { TableauFinances } from './TableauFinances.tsx';

/**
 * France compétences and the State: each OPCO's use of its allocation (dotation, engaged, paid),
 * per section and year — a chart and the same figures in a table. Never an OPCO's own accounts.
 */
export function FinancesNational() {
  const { donnees, erreur } = useDonnees<Utilisations>('/api/v1/finances/dotations', 0);
  if (erreur) return <p className="information">Dotations : {erreur}</p>;
  if (!donnees) return <p role="status">Chargement des dotations…</p>;
  const lignes = donnees.lignes.map((l) => ({
    ...l,
    etiquette: `${l.opco} · ${libellesSections[l.section] ?? l.section} ${l.annee}`,
    paye: l.payeCentimes / 100,
    engageNonPaye: (l.engageCentimes - l.payeCentimes) / 100,
    reste: Math.max(0, l.dotationCentimes - l.engageCentimes) / 100,
    taux:
      l.dotationCentimes > 0
        ? `${((100 * l.engageCentimes) / l.dotationCentimes).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`
        : '—',
  }));
  const dotation = donnees.lignes.reduce((n, l) => n + l.dotationCentimes, 0);
  const engage = donnees.lignes.reduce((n, l) => n + l.engageCentimes, 0);
  return (
    <section aria-labelledby="finances-national" className="finances">
      <h2 id="finances-national">Utilisation des dotations par OPCO</h2>
      <p>
        Fonds mutualisés alloués par France compétences : ce que chaque OPCO a engagé et payé, par
        section et par année.
      </p>
      {lignes.length === 0 ? (
        <p>Aucune dotation importée.</p>
      ) : (
        <>
          <figure>
            <figcaption>
              Dotation de chaque OPCO : payé, engagé non payé, reste à engager
            </figcaption>
            <GraphiqueBarres
              libelle={`Diagramme en barres empilées : ${e(engage)} engagés sur ${e(dotation)} de dotations ; le détail est dans le tableau qui suit.`}
              donnees={lignes}
              hauteur={280}
              cleX="etiquette"
              inclinaison={{ angle: -30, hauteur: 90 }}
              largeurY={80}
            >
              {barresEmpilees([
                { cle: 'paye', nom: 'Payé' },
                { cle: 'engageNonPaye', nom: 'Engagé non payé' },
                { cle: 'reste', nom: 'Reste à engager' },
              ])}
            </GraphiqueBarres>
          </figure>
          <TableauFinances
            libelle="Utilisation des dotations par OPCO"
            lignes={lignes}
            cle={(l) => `${l.opco}-${l.section}-${l.annee}`}
            colonnes={[
              { entete: 'OPCO', cellule: (l) => l.opco },
              { entete: 'Section', cellule: (l) => libellesSections[l.section] ?? l.section },
              { entete: 'Année', cellule: (l) => l.annee },
              { entete: 'Dotation', cellule: (l) => e(l.dotationCentimes) },
              { entete: 'Engagé', cellule: (l) => e(l.engageCentimes) },
              { entete: 'Payé', cellule: (l) => e(l.payeCentimes) },
              { entete: 'Part engagée', cellule: (l) => l.taux },
            ]}
          />
        </>
      )}
    </section>
  );
}
