import type { ResultatContributionsJson } from '../../partage/simulation-contributions.schema.ts';
import { PageSimulation, lecteurFormulaire } from '../composants/PageSimulation.tsx';

const euros = (centimes: number) =>
  (centimes / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });

function corps(f: FormData) {
  const { nombre, coche } = lecteurFormulaire(f);
  return {
    date: String(f.get('date') ?? ''),
    assiette: nombre('assiette'),
    effectif: nombre('effectif'),
    partAlternants: (nombre('partAlternants') ?? 0) / 100,
    alsaceMoselle: coche('alsaceMoselle'),
    cdd: coche('cdd'),
  };
}

const ligne = (libelle: string, c: number | null) =>
  c === null ? null : (
    <>
      <dt>{libelle}</dt>
      <dd>{euros(c)}</dd>
    </>
  );

export function SimulerContributions() {
  return (
    <PageSimulation<ResultatContributionsJson>
      url="/api/v1/simulations/contributions"
      titreDocument="Simuler un financement — Contributions à la formation — Plateforme OPCO"
      sousTitre="Contributions de l'employeur à la formation"
      chapo="Pour un mois de paie : contribution à la formation professionnelle (CFP), taxe d'apprentissage, contribution supplémentaire à l'apprentissage (CSA) et contribution CPF des CDD, aux taux en vigueur, avec l'explication et les textes."
      idAide="aide-contributions"
      libelleBouton="Calculer les contributions"
      titreResultat="Contributions du mois"
      corps={corps}
      explication={(r) => r.explication}
      citations={(r) => r.citations}
      champs={({ erreur, aria }) => (
        <fieldset>
          <legend>L'entreprise et le mois</legend>
          <p>
            <label htmlFor="date">Mois de paie (une date du mois) *</label>
            <input id="date" name="date" type="date" required {...aria('date')} />
            {erreur('date')}
          </p>
          <p>
            <label htmlFor="assiette">Rémunérations brutes du mois, en euros *</label>
            <input
              id="assiette"
              name="assiette"
              inputMode="decimal"
              required
              {...aria('assiette')}
            />
            {erreur('assiette')}
          </p>
          <p>
            <label htmlFor="effectif">Effectif de l'entreprise *</label>
            <input
              id="effectif"
              name="effectif"
              inputMode="numeric"
              required
              {...aria('effectif')}
            />
            {erreur('effectif')}
          </p>
          <p>
            <label htmlFor="partAlternants">Part d'alternants dans l'effectif, en %</label>
            <input
              id="partAlternants"
              name="partAlternants"
              inputMode="decimal"
              defaultValue="0"
              {...aria('partAlternants')}
            />
            {erreur('partAlternants')}
          </p>
          <p>
            <input id="alsaceMoselle" name="alsaceMoselle" type="checkbox" />
            <label htmlFor="alsaceMoselle">Établissement en Alsace-Moselle</label>
          </p>
          <p>
            <input id="cdd" name="cdd" type="checkbox" />
            <label htmlFor="cdd">Rémunérations de titulaires de CDD (CPF-CDD)</label>
          </p>
        </fieldset>
      )}
      resultat={(resultat) => (
        <dl className="montants">
          {ligne('Contribution à la formation professionnelle (CFP)', resultat.cfp)}
          {ligne(
            resultat.taSolde === null
              ? "Taxe d'apprentissage"
              : "Taxe d'apprentissage, part principale",
            resultat.taBase,
          )}
          {ligne("Solde de la taxe d'apprentissage", resultat.taSolde)}
          {ligne("Contribution supplémentaire à l'apprentissage (CSA)", resultat.csa)}
          {ligne("Taxe d'apprentissage et CSA, total arrondi", resultat.taTotal)}
          {ligne('Contribution CPF des titulaires de CDD', resultat.cpfCdd)}
          <dt>Total</dt>
          <dd>
            <strong>{euros(resultat.total)}</strong>
          </dd>
        </dl>
      )}
    />
  );
}
