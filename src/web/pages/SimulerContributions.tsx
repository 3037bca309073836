import { useEffect, type FormEvent } from 'react';
import type { ResultatContributionsJson } from '../../partage/simulation-contributions.schema.ts';
import { Explication, TextesAppliques } from '../composants/Explication.tsx';
import { useSimulation } from '../composants/useSimulation.ts';

const euros = (centimes: number) =>
  (centimes / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });

export function SimulerContributions() {
  const { resultat, probleme, enCours, titre, simuler, erreurDe, aria } =
    useSimulation<ResultatContributionsJson>('/api/v1/simulations/contributions');
  useEffect(() => {
    document.title = 'Simuler un financement — Contributions à la formation — Plateforme OPCO';
  }, []);
  const erreur = (champ: string) => {
    const e = erreurDe(champ);
    return e ? (
      <span id={`erreur-${champ}`} className="erreur-champ">
        {e}
      </span>
    ) : null;
  };

  function soumettre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const nombre = (k: string) => {
      const v = String(f.get(k) ?? '').trim();
      return v === '' ? undefined : Number(v.replace(',', '.'));
    };
    void simuler({
      date: String(f.get('date') ?? ''),
      assiette: nombre('assiette'),
      effectif: nombre('effectif'),
      partAlternants: (nombre('partAlternants') ?? 0) / 100,
      alsaceMoselle: f.get('alsaceMoselle') !== null,
      cdd: f.get('cdd') !== null,
    });
  }

  const ligne = (libelle: string, c: number | null) =>
    c === null ? null : (
      <>
        <dt>{libelle}</dt>
        <dd>{euros(c)}</dd>
      </>
    );
  return (
    <>
      <h1>Simuler un financement</h1>
      <h2>Contributions de l'employeur à la formation</h2>
      <p className="chapo">
        Pour un mois de paie : contribution à la formation professionnelle (CFP), taxe
        d'apprentissage, contribution supplémentaire à l'apprentissage (CSA) et contribution CPF des
        CDD, aux taux en vigueur, avec l'explication et les textes.
      </p>
      <form onSubmit={soumettre} noValidate aria-describedby="aide-contributions">
        <p id="aide-contributions">Les champs marqués d'un astérisque (*) sont obligatoires.</p>
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
        <button type="submit" disabled={enCours}>
          {enCours ? 'Calcul en cours…' : 'Calculer les contributions'}
        </button>
      </form>

      <section aria-live="polite" aria-labelledby="titre-resultat" className="resultat">
        {probleme ? (
          <>
            <h2 id="titre-resultat" ref={titre} tabIndex={-1}>
              Le calcul n'a pas pu être fait
            </h2>
            <p className="alerte" role="alert">
              {probleme.detail}
            </p>
          </>
        ) : null}
        {resultat ? (
          <>
            <h2 id="titre-resultat" ref={titre} tabIndex={-1}>
              Contributions du mois
            </h2>
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
            <Explication noeud={resultat.explication} />
            <TextesAppliques citations={resultat.citations} />
          </>
        ) : null}
      </section>
    </>
  );
}
