import { useEffect, useState } from 'react';
import type {
  ComparaisonResultatJson,
  ResultatDispositifJson,
} from '../../partage/simulation-dispositifs.schema.ts';
import {
  PageSimulation,
  lecteurFormulaire,
  type OutilsChamps,
} from '../composants/PageSimulation.tsx';

/**
 * The simulators of the schemes served by the generic rules engine (issue 14), one form
 * description per scheme; the page scaffolding is the shared PageSimulation.
 */
type TypeChamp = 'date' | 'nombre' | 'euros' | 'case' | 'bareme';
interface Champ {
  nom: string;
  libelle: string;
  type: TypeChamp;
  obligatoire?: boolean;
}
interface Formulaire {
  sousTitre: string;
  chapo: string;
  bouton: string;
  groupes: { legende: string; champs: Champ[] }[];
}

const c = (nom: string, libelle: string, type: TypeChamp, obligatoire = false): Champ => ({
  nom,
  libelle,
  type,
  obligatoire,
});

const PLAN: Champ[] = [
  c('dateDebut', "Date de début de l'action", 'date', true),
  c('effectif', "Effectif de l'entreprise", 'nombre', true),
  c('heures', 'Durée par stagiaire, en heures', 'nombre', true),
  c('stagiaires', 'Nombre de stagiaires', 'nombre'),
  c('coutPedagogique', 'Coût pédagogique total, en euros HT', 'euros', true),
  c('salaireHoraire', 'Rémunération horaire chargée, en euros', 'euros'),
  c('fraisAnnexes', 'Frais annexes, en euros', 'euros'),
  c('dejaConsomme', "Part de l'enveloppe annuelle déjà engagée, en euros", 'euros'),
];

export const FORMULAIRES: Record<string, Formulaire> = {
  'contrat-professionnalisation': {
    sousTitre: 'Contrat de professionnalisation',
    chapo:
      "Forfait horaire de la branche ou, à défaut, 9,15 € par heure (15 € pour les publics prioritaires et les GEIQ, D6332-86), durée de l'action et part de formation (L6325-11 à L6325-14), délai de décision de l'OPCO où le silence vaut acceptation (D6325-2).",
    bouton: 'Calculer la prise en charge',
    groupes: [
      {
        legende: 'Le contrat',
        champs: [
          c('dateConclusion', 'Date de conclusion', 'date', true),
          c('dateDebut', "Date de début d'exécution", 'date'),
          c('dateReception', "Date de réception par l'OPCO", 'date'),
          c(
            'dureeActionMois',
            "Durée de l'action de professionnalisation, en mois",
            'nombre',
            true,
          ),
          c('heuresFormation', 'Heures de formation', 'nombre', true),
          c('heuresTotales', 'Durée totale du contrat, en heures', 'nombre', true),
          c('forfaitHoraireBranche', 'Forfait horaire fixé par la branche, en euros', 'euros'),
          c('accordBrancheDuree', "Accord de branche : action jusqu'à 24 mois", 'case'),
          c('accordBrancheFormation', 'Accord de branche : formation au-delà de 25 %', 'case'),
          c('effectif', "Effectif de l'entreprise", 'nombre'),
          c('fraisReels', 'Coûts réels du contrat, en euros', 'euros'),
        ],
      },
      {
        legende: 'Le bénéficiaire',
        champs: [
          c('age', 'Âge', 'nombre', true),
          c('demandeurEmploi', "Demandeur d'emploi", 'case'),
          c('inscritPlusDUnAn', "Inscrit depuis plus d'un an", 'case'),
          c('minimaSociaux', 'Bénéficiaire du RSA, de l’ASS, de l’AAH ou ancien CUI', 'case'),
          c('sansDiplome', 'Sans second cycle validé ni diplôme professionnel', 'case'),
          c('geiq', "Parcours d'insertion en GEIQ", 'case'),
        ],
      },
    ],
  },
  'aide-tutorale': {
    sousTitre: 'Aide à la fonction tutorale',
    chapo:
      "Formation du tuteur : 15 € par heure, 40 heures au plus (D6332-92) ; tutorat : 230 € par mois, 6 mois au plus, 345 € si le tuteur a 45 ans ou plus ou accompagne un public prioritaire ; maître d'apprentissage : 230 € par mois, 12 mois au plus (D6332-93).",
    bouton: "Calculer l'aide",
    groupes: [
      {
        legende: 'Le tuteur',
        champs: [
          c('dateDebut', 'Date de début', 'date', true),
          c('ageTuteur', 'Âge du tuteur', 'nombre'),
          c('tuteurEmployeur', "L'employeur est le tuteur", 'case'),
          c('effectif', "Effectif de l'entreprise", 'nombre'),
          c('beneficiairesSimultanes', 'Bénéficiaires suivis en même temps', 'nombre'),
          c('formationHeures', 'Heures de formation du tuteur', 'nombre'),
          c('formationCout', 'Dépenses réelles de formation, en euros', 'euros'),
          c('tutoratMois', 'Mois de tutorat (contrat de professionnalisation)', 'nombre'),
          c('publicPrioritaire', 'Personne accompagnée prioritaire (L6325-1-1)', 'case'),
          c('maitreApprentissageMois', "Mois d'exercice de maître d'apprentissage", 'nombre'),
        ],
      },
    ],
  },
  'pro-a': {
    sousTitre: 'Pro-A (avenants conclus avant le 1er janvier 2026)',
    chapo:
      "Reconversion ou promotion par alternance : salariés en CDI, CUI-CDI, sportifs professionnels ou en activité partielle, sous le grade de licence ; forfait de branche ou 9,15 € par heure ; rémunération au plus le SMIC horaire si l'accord de branche étendu le prévoit.",
    bouton: 'Calculer la prise en charge',
    groupes: [
      {
        legende: "Le salarié et l'avenant",
        champs: [
          c('dateAvenant', "Date de conclusion de l'avenant", 'date', true),
          c('cdi', 'Salarié en CDI', 'case'),
          c('cuiCdi', 'CUI à durée indéterminée', 'case'),
          c('cddSportif', 'Sportif ou entraîneur professionnel en CDD', 'case'),
          c('activitePartielle', 'En activité partielle', 'case'),
          c('niveauQualification', 'Niveau de la plus haute certification (0 à 8)', 'nombre'),
          c('certificationEligible', "Certification sur la liste de l'accord de branche", 'case'),
          c('cleaOuVae', 'Socle CléA ou VAE', 'case'),
          c('publicPrioritaire', 'Public prioritaire (L6325-1-1)', 'case'),
          c('dureeMois', 'Durée, en mois', 'nombre', true),
          c('heuresFormation', 'Heures de formation', 'nombre', true),
          c('heuresTotales', 'Durée totale, en heures', 'nombre', true),
          c('forfaitHoraireBranche', 'Forfait horaire de branche, en euros', 'euros'),
          c('remunerationPriseEnCharge', "L'accord prévoit la prise en charge du salaire", 'case'),
          c('remunerationHoraire', 'Rémunération horaire chargée, en euros', 'euros'),
        ],
      },
    ],
  },
  'periode-reconversion': {
    sousTitre: 'Période de reconversion (depuis le 1er janvier 2026)',
    chapo:
      "150 à 450 heures sur 12 mois au plus (2 100 heures sur 36 mois par accord), forfait de branche ou 9,15 € par heure depuis le 1er février 2026, rémunération et frais annexes si l'accord le prévoit, CPF mobilisable à moitié pour une période interne.",
    bouton: 'Calculer la prise en charge',
    groupes: [
      {
        legende: 'La période',
        champs: [
          c('dateAccord', "Date de l'accord écrit", 'date', true),
          c('dateDebut', 'Date de début', 'date'),
          c('externe', 'Période externe (autre entreprise)', 'case'),
          c('contratAccueilCdd', "Contrat d'accueil en CDD", 'case'),
          c('dureeCddMois', 'Durée du CDD, en mois', 'nombre'),
          c('socleClea', 'Socle CléA', 'case'),
          c('heuresFormation', 'Heures de formation', 'nombre', true),
          c('dureeMois', 'Période de réalisation, en mois', 'nombre', true),
          c('accordDureeLongue', "Accord d'entreprise ou de branche sur la durée", 'case'),
          c('forfaitBranche', 'Forfait par période de la branche, en euros', 'euros'),
          c('fraisPedagogiques', 'Frais pédagogiques réels, en euros', 'euros'),
          c('droitsCpf', 'Droits CPF du salarié, en euros', 'euros'),
          c('accordRemuneration', "L'accord prévoit l'écart de rémunération", 'case'),
          c('ecartRemuneration', 'Écart de rémunération, en euros', 'euros'),
          c('accordFraisAnnexes', "L'accord prévoit les frais annexes", 'case'),
          c('fraisAnnexes', 'Frais annexes, en euros', 'euros'),
        ],
      },
    ],
  },
  'plan-moins-50': {
    sousTitre: "Plan de développement des compétences (moins de 50 salariés), barème d'un OPCO",
    chapo:
      "Le barème publié par l'OPCO ou la branche, en vigueur à la date de début : enveloppe annuelle par tranche d'effectif, plafonds horaires, rémunération au plus le SMIC horaire (D6332-39), frais annexes, « dans la limite des fonds disponibles ».",
    bouton: 'Calculer la prise en charge',
    groupes: [
      {
        legende: "L'entreprise et l'action",
        champs: [c('bareme', 'Barème', 'bareme', true), ...PLAN],
      },
    ],
  },
  'action-collective': {
    sousTitre: "Inscription à une session d'action collective",
    chapo:
      "Les conditions publiées par l'OPCO pour la session : places restantes, effectif et branche éligibles, prix négocié et taux de financement (L6332-1, R6332-23).",
    bouton: 'Calculer la prise en charge',
    groupes: [
      {
        legende: "La session et l'entreprise",
        champs: [
          c('dateSession', 'Date de début de la session', 'date', true),
          c('placesRestantes', 'Places restantes', 'nombre', true),
          c('stagiaires', 'Stagiaires à inscrire', 'nombre'),
          c('effectif', "Effectif de l'entreprise", 'nombre', true),
          c('effectifMax', 'Effectif maximal des entreprises éligibles', 'nombre'),
          c('prixNegocie', 'Prix négocié par stagiaire, en euros', 'euros', true),
          c('tauxFinancement', 'Taux de financement, de 0 à 1', 'euros', true),
        ],
      },
    ],
  },
  'abondement-cpf': {
    sousTitre: "Abondement du CPF par l'OPCO",
    chapo:
      "Quand le coût dépasse les droits du compte, l'OPCO peut abonder en droits complémentaires (L6323-4 II 3°), sur la section des moins de 50 salariés (L6332-17 2°), selon le taux et le plafond fixés par son conseil d'administration.",
    bouton: "Calculer l'abondement",
    groupes: [
      {
        legende: 'La formation et le compte',
        champs: [
          c('dateDemande', 'Date de la demande', 'date', true),
          c('coutFormation', 'Coût de la formation, en euros', 'euros', true),
          c('droitsCpf', 'Droits inscrits sur le CPF, en euros', 'euros'),
          c('effectif', "Effectif de l'employeur", 'nombre', true),
          c('tauxOpco', "Part abondée par l'OPCO, de 0 à 1", 'euros'),
          c('plafondOpco', "Plafond d'abondement de l'OPCO, en euros", 'euros'),
          c('fondsConventionnels', 'Financé par des contributions conventionnelles', 'case'),
        ],
      },
    ],
  },
  'formation-ssct-cse': {
    sousTitre: 'Formation SSCT des membres du CSE (moins de 50 salariés)',
    chapo:
      'Coûts pédagogiques, rémunération au plus le SMIC horaire, frais annexes (R6332-40), depuis le 31 mars 2022 ; durée minimale de 5 jours au premier mandat, 3 au renouvellement (L2315-18).',
    bouton: 'Calculer la prise en charge',
    groupes: [
      {
        legende: 'La formation',
        champs: [
          c('dateDebut', 'Date de début', 'date', true),
          c('effectif', "Effectif de l'entreprise", 'nombre', true),
          c('membreCse', 'Membre de la délégation du CSE ou référent', 'case'),
          c('salarieCompetent', 'Salarié désigné compétent en prévention', 'case'),
          c('premierMandat', 'Premier mandat', 'case'),
          c('jours', 'Durée, en jours', 'nombre', true),
          c('heures', 'Durée par stagiaire, en heures', 'nombre', true),
          c('stagiaires', 'Nombre de stagiaires', 'nombre'),
          c('coutPedagogique', 'Coûts pédagogiques, en euros HT', 'euros', true),
          c('plafondHorairePedagogique', "Plafond horaire de l'OPCO, en euros", 'euros'),
          c('salaireHoraire', 'Rémunération horaire chargée, en euros', 'euros'),
          c('fraisAnnexes', 'Frais annexes, en euros', 'euros'),
        ],
      },
    ],
  },
};

const euros = (e: number) => e.toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' });

function useBaremes() {
  const [baremes, setBaremes] = useState<{ id: string; libelle: string | null }[]>([]);
  useEffect(() => {
    void fetch('/api/v1/baremes/plan-moins-50')
      .then((r) => (r.ok ? r.json() : []))
      .then((j: { id: string; libelle: string | null }[]) => setBaremes(j));
  }, []);
  return baremes;
}

function ChampSaisi({
  champ,
  outils,
  baremes,
}: {
  champ: Champ;
  outils: OutilsChamps;
  baremes: { id: string; libelle: string | null }[];
}) {
  const { erreur, aria } = outils;
  const libelle = `${champ.libelle}${champ.obligatoire ? ' *' : ''}`;
  if (champ.type === 'case')
    return (
      <p>
        <input id={champ.nom} name={champ.nom} type="checkbox" />
        <label htmlFor={champ.nom}>{champ.libelle}</label>
      </p>
    );
  return (
    <p>
      <label htmlFor={champ.nom}>{libelle}</label>
      {champ.type === 'bareme' ? (
        <select id={champ.nom} name={champ.nom} required {...aria(champ.nom)}>
          {baremes.map((b) => (
            <option key={b.id} value={b.id}>
              {b.libelle ?? b.id}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={champ.nom}
          name={champ.nom}
          {...(champ.type === 'date'
            ? { type: 'date' }
            : { inputMode: champ.type === 'euros' ? ('decimal' as const) : ('numeric' as const) })}
          required={champ.obligatoire}
          {...aria(champ.nom)}
        />
      )}
      {erreur(champ.nom)}
    </p>
  );
}

function corpsDe(champs: readonly Champ[]) {
  return (f: FormData) => {
    const { texte, nombre, coche } = lecteurFormulaire(f);
    const corps: Record<string, unknown> = {};
    for (const ch of champs) {
      if (ch.type === 'case') {
        if (coche(ch.nom)) corps[ch.nom] = true;
      } else if (ch.type === 'date' || ch.type === 'bareme') {
        const v = texte(ch.nom);
        if (v !== undefined) corps[ch.nom] = v;
      } else {
        const v = nombre(ch.nom);
        if (v !== undefined) corps[ch.nom] = v;
      }
    }
    return corps;
  };
}

function Champs({ formulaire, outils }: { formulaire: Formulaire; outils: OutilsChamps }) {
  const baremes = useBaremes();
  return (
    <>
      {formulaire.groupes.map((g) => (
        <fieldset key={g.legende}>
          <legend>{g.legende}</legend>
          {g.champs.map((ch) => (
            <ChampSaisi key={ch.nom} champ={ch} outils={outils} baremes={baremes} />
          ))}
        </fieldset>
      ))}
    </>
  );
}

function Motifs({ titre, motifs }: { titre: string; motifs: ResultatDispositifJson['refus'] }) {
  if (motifs.length === 0) return null;
  return (
    <div className={titre === 'Motifs du refus' ? 'alerte' : 'information'} role="status">
      <p>{titre} :</p>
      <ul>
        {motifs.map((m) => (
          <li key={m.code}>
            {m.motif} ({m.references.map((r) => r.article).join(', ')})
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SimulerDispositif({ slug }: { slug: string }) {
  const formulaire = FORMULAIRES[slug];
  if (!formulaire) return <p>Simulateur inconnu.</p>;
  const champs = formulaire.groupes.flatMap((g) => g.champs);
  return (
    <PageSimulation<ResultatDispositifJson>
      key={slug}
      url={`/api/v1/simulations/${slug}`}
      titreDocument={`Simuler un financement — ${formulaire.sousTitre} — Plateforme OPCO`}
      sousTitre={formulaire.sousTitre}
      chapo={formulaire.chapo}
      idAide={`aide-${slug}`}
      libelleBouton={formulaire.bouton}
      titreResultat={(r) => (r.eligible ? 'Prise en charge' : 'Prise en charge refusée')}
      corps={corpsDe(champs)}
      explication={(r) => r.explication}
      citations={(r) => r.citations}
      champs={(outils) => <Champs formulaire={formulaire} outils={outils} />}
      resultat={(r) => (
        <>
          {r.bareme ? (
            <p>
              Barème appliqué : {r.bareme.libelle ?? r.bareme.id}
              {r.bareme.depuis
                ? ` (version du ${r.bareme.depuis.split('-').reverse().join('/')})`
                : ''}
              {r.bareme.tranche
                ? `, enveloppe annuelle de ${euros(r.bareme.tranche.enveloppe)}`
                : ''}
            </p>
          ) : null}
          <dl className="montants">
            <dt>Montant pris en charge par l'OPCO</dt>
            <dd>
              <strong>{r.montant === null ? 'non calculable' : euros(r.montant)}</strong>
            </dd>
          </dl>
          <Motifs titre="Motifs du refus" motifs={r.refus} />
          <Motifs titre="À savoir" motifs={r.avertissements} />
        </>
      )}
    />
  );
}

export function ComparerPlanMoins50() {
  return (
    <PageSimulation<ComparaisonResultatJson>
      url="/api/v1/comparaisons/plan-moins-50"
      titreDocument="Simuler un financement — Comparer les barèmes du plan < 50 — Plateforme OPCO"
      sousTitre="Comparer les OPCO : plan de développement des compétences (moins de 50 salariés)"
      chapo="Le même profil d'entreprise et la même action, simulés avec le barème de chaque OPCO et branche en vigueur à la date de début, du plus favorable au moins favorable."
      idAide="aide-comparer"
      libelleBouton="Comparer les barèmes"
      titreResultat="Prise en charge selon chaque barème"
      corps={corpsDe(PLAN)}
      champs={(outils) => (
        <fieldset>
          <legend>L'entreprise et l'action</legend>
          {PLAN.map((ch) => (
            <ChampSaisi key={ch.nom} champ={ch} outils={outils} baremes={[]} />
          ))}
        </fieldset>
      )}
      resultat={(r) => (
        <div className="defilement">
          <table>
            <caption>Un barème par ligne</caption>
            <thead>
              <tr>
                <th scope="col">Barème</th>
                <th scope="col">Prise en charge</th>
              </tr>
            </thead>
            <tbody>
              {r.resultats.map((x) => (
                <tr key={x.bareme.id}>
                  <th scope="row">{x.bareme.libelle ?? x.bareme.id}</th>
                  <td>
                    {x.eligible && x.montant !== null
                      ? euros(x.montant)
                      : `Refusé : ${x.refus.map((m) => m.motif).join(' ; ')}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    />
  );
}
