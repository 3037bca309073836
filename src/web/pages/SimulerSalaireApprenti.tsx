import type { ResultatSalaireApprentiJson } from '../../partage/simulation-salaire.schema.ts';
import { dateFr } from '../composants/Explication.tsx';
import {
  PageSimulation,
  lecteurFormulaire,
  type OutilsChamps,
} from '../composants/PageSimulation.tsx';

const euros = (centimes: number) =>
  (centimes / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });
const TRANCHES: Record<string, string> = {
  '16_17_ans': 'moins de 18 ans',
  '18_20_ans': '18 à 20 ans',
  '21_25_ans': '21 à 25 ans',
  '26_ans_et_plus': '26 ans et plus',
};

function corps(f: FormData) {
  const { texte, nombre } = lecteurFormulaire(f);
  const corps: Record<string, unknown> = {};
  for (const k of ['dateNaissance', 'dateDebut', 'dateFin', 'dateConclusion'])
    if (texte(k)) corps[k] = texte(k);
  for (const k of [
    'premierCycleSecondaireAcheve',
    'licenceProfessionnelle',
    'diplomeMemeNiveau',
    'mayotte',
  ])
    if (f.get(k)) corps[k] = true;
  if (nombre('dureeCycleMois') !== undefined) corps.dureeCycleMois = nombre('dureeCycleMois');
  if (nombre('salaireMinimumConventionnel') !== undefined)
    corps.salaireMinimumConventionnel = nombre('salaireMinimumConventionnel');
  const precedent = nombre('tauxContratPrecedent');
  if (precedent !== undefined) corps.tauxContratPrecedent = precedent / 100;
  const motif = texte('motifProlongation');
  if (motif) corps.prolongation = { motif, depuis: texte('debutProlongation') ?? '' };
  return corps;
}

function Champs({ erreur, aria }: OutilsChamps) {
  const date = (id: string, libelle: string, obligatoire = false) => (
    <p>
      <label htmlFor={id}>{libelle}</label>
      <input id={id} name={id} type="date" required={obligatoire} {...aria(id)} />
      {erreur(id)}
    </p>
  );
  const case_ = (id: string, libelle: string) => (
    <p>
      <input id={id} name={id} type="checkbox" />
      <label htmlFor={id}>{libelle}</label>
    </p>
  );
  return (
    <>
      <fieldset>
        <legend>L'apprenti et le contrat</legend>
        {date('dateNaissance', 'Date de naissance *', true)}
        {date('dateDebut', "Date de début d'exécution *", true)}
        {date('dateFin', 'Date de fin prévue *', true)}
        {date('dateConclusion', 'Date de conclusion (par défaut, le début)')}
        {case_(
          'premierCycleSecondaireAcheve',
          'Premier cycle du secondaire accompli (dès 15 ans, L6222-1)',
        )}
        {case_('mayotte', 'Employeur à Mayotte (SMIC de Mayotte)')}
      </fieldset>
      <fieldset>
        <legend>Cas particuliers (facultatif)</legend>
        <p>
          <label htmlFor="dureeCycleMois">
            Durée du cycle de formation, en mois, si le contrat est plus court ou plus long
          </label>
          <input
            id="dureeCycleMois"
            name="dureeCycleMois"
            inputMode="numeric"
            {...aria('dureeCycleMois')}
          />
          {erreur('dureeCycleMois')}
        </p>
        <p>
          <label htmlFor="motifProlongation">Prolongation de l'apprentissage</label>
          <select id="motifProlongation" name="motifProlongation" defaultValue="">
            <option value="">Aucune</option>
            <option value="echec_examen">Après un échec à l'examen (D6222-28)</option>
            <option value="handicap">Apprenti handicapé, +15 points (R6222-48)</option>
          </select>
        </p>
        {date('debutProlongation', 'Premier jour de la prolongation')}
        {case_('licenceProfessionnelle', 'Licence professionnelle (D6222-32)')}
        {case_('diplomeMemeNiveau', "Contrat d'un an au plus, diplôme de même niveau (D6222-30)")}
        <p>
          <label htmlFor="tauxContratPrecedent">
            Taux de la dernière année d'un contrat précédent réussi, en % du SMIC (D6222-29)
          </label>
          <input
            id="tauxContratPrecedent"
            name="tauxContratPrecedent"
            inputMode="decimal"
            {...aria('tauxContratPrecedent')}
          />
          {erreur('tauxContratPrecedent')}
        </p>
        <p>
          <label htmlFor="salaireMinimumConventionnel">
            Salaire minimum conventionnel mensuel de l'emploi, en euros (dès 21 ans)
          </label>
          <input
            id="salaireMinimumConventionnel"
            name="salaireMinimumConventionnel"
            inputMode="decimal"
            {...aria('salaireMinimumConventionnel')}
          />
          {erreur('salaireMinimumConventionnel')}
        </p>
      </fieldset>
    </>
  );
}

export function SimulerSalaireApprenti() {
  return (
    <PageSimulation<ResultatSalaireApprentiJson>
      url="/api/v1/simulations/salaire-apprenti"
      titreDocument="Simuler un financement — Salaire minimum de l'apprenti — Plateforme OPCO"
      sousTitre="Salaire minimum de l'apprenti"
      chapo="Le salaire minimum de l'apprenti, période par période : tranche d'âge (relevée le premier jour du mois qui suit l'anniversaire), année d'exécution, relèvements du SMIC, avec l'explication et les textes (Code du travail, décrets et arrêtés du SMIC)."
      idAide="aide-salaire"
      libelleBouton="Calculer le salaire minimum"
      titreResultat="Salaire minimum, période par période"
      corps={corps}
      explication={(r) => r.explication}
      citations={(r) => r.citations}
      champs={(outils) => <Champs {...outils} />}
      resultat={(resultat) => (
        <>
          <p>L'apprenti a {resultat.ageDebut} ans au début du contrat.</p>
          {resultat.avertissements.length > 0 ? (
            <div className="information" role="status">
              <ul>
                {resultat.avertissements.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="defilement">
            <table>
              <caption>Salaire minimum mensuel brut par période</caption>
              <thead>
                <tr>
                  <th scope="col">Période</th>
                  <th scope="col">Tranche d'âge</th>
                  <th scope="col">Année</th>
                  <th scope="col">Taux</th>
                  <th scope="col">Base</th>
                  <th scope="col">Salaire minimum</th>
                </tr>
              </thead>
              <tbody>
                {resultat.periodes.map((p) => (
                  <tr key={p.du}>
                    <td>
                      du {dateFr(p.du)} au {dateFr(p.au)}
                    </td>
                    <td>{TRANCHES[p.tranche] ?? p.tranche}</td>
                    <td>
                      {p.anneeExecution}
                      {p.anneeRetenue !== p.anneeExecution
                        ? ` (taux de la ${p.anneeRetenue}e)`
                        : ''}
                    </td>
                    <td>{p.tauxPourcent.toLocaleString('fr-FR')} %</td>
                    <td>
                      {p.base === 'SMIC' ? 'SMIC' : 'salaire conventionnel'}{' '}
                      {euros(p.baseMensuelleCentimes)}
                    </td>
                    <td>
                      <strong>{euros(p.montantMensuelCentimes)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    />
  );
}
