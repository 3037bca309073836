/**
 * What a person reads instead of a field path or a code: the labels of the input fields (shared
 * by the API's validation messages and the web forms) and the words for the coded values of the
 * law parameters. zod's messages in French are in zod-fr.ts.
 */
import { libellesChampsDossiers } from './dossiers-libelles.ts';
import { libellesChampsDemandes } from './demandes-libelles.ts';

/**
 * Label of each input field, by its path inside the body or the query string (without the
 * « body. » / « query. » prefix). The web forms show these very labels, so that a message names
 * the field the way the person sees it.
 */
export const libellesChamps: Readonly<Record<string, string>> = {
  // POST /api/v1/simulations/apprentissage
  dateConclusion: 'Date de conclusion',
  dateDebut: "Date de début d'exécution",
  dateFin: 'Date de fin prévue',
  dateRupture: 'Date de rupture',
  dateNouveauContrat: 'Après une rupture : signature d’un nouveau contrat',
  dateEvaluation: "Date d'évaluation",
  niveau: 'Niveau de la certification',
  npecAnnuel: 'NPEC annuel en euros',
  rncp: 'Code RNCP',
  idcc: "IDCC de l'employeur",
  partDistanciel: 'Part des enseignements à distance (en %)',
  certificationExemptee: 'Certification exemptée de minoration',
  dureeReduite: 'Durée réduite par convention tripartite',
  nouvelEmployeurApresRupture: 'Nouvel employeur après une rupture',
  rqth: 'Majoration RQTH',
  'rqth.montantMajoration': 'Majoration RQTH demandée, en euros par an',
  fraisAnnexes: 'Frais annexes',
  'fraisAnnexes.nuitees': 'Nombre de nuitées',
  'fraisAnnexes.repas': 'Nombre de repas',
  'fraisAnnexes.premierEquipement': 'Premier équipement demandé (€)',
  'fraisAnnexes.mobiliteInternationale': 'Mobilité internationale demandée (€)',
  // GET /api/v1/rattachement, /api/v1/conventions, /api/v1/textes…
  siret: 'SIRET',
  siren: 'SIREN',
  date: 'Date',
  q: 'Recherche',
  limite: 'Nombre maximal de résultats',
  article: "Numéro d'article",
  de: 'Version de départ',
  a: "Version d'arrivée",
  sirets: 'Liste des SIRET',
  // POST /api/v1/entreprises/inscription
  denomination: 'Nom de l’entreprise',
  courriel: 'Courriel',
  motDePasse: 'Mot de passe',
  attestation: 'Déclaration sur l’honneur',
  // POST /api/v1/dossiers and the dossier commands (CERFA fields)
  ...libellesChampsDossiers,
  // POST /api/v1/demandes (demandes de prise en charge)
  ...libellesChampsDemandes,
};

/** Path of a field without its context and list indexes: « body.fraisAnnexes.nuitees » → « fraisAnnexes.nuitees ». */
function cheminRelatif(champ: string): string {
  return champ
    .split('.')
    .filter((p) => p !== '' && !/^\d+$/.test(p))
    .filter(
      (p, i) => !(i === 0 && ['body', 'query', 'querystring', 'params', 'headers'].includes(p)),
    )
    .join('.');
}

/** The label of a field path (« body.dateFin » → « Date de fin prévue »), null when unknown. */
export function libelleChamp(champ: string): string | null {
  const relatif = cheminRelatif(champ);
  return libellesChamps[relatif] ?? null;
}

/** One validation error as a sentence naming the field: « Date de fin prévue : … ». */
export function messageChamp(champ: string, message: string): string {
  const libelle = libelleChamp(champ);
  const nom = libelle ?? champ;
  return `${nom} : ${message}`;
}

/** Words for the coded values of text parameters of the law (droit/parametres, unite: texte). */
export const libellesValeurs: Readonly<Record<string, string>> = {
  jours_effectues: 'au prorata des jours effectués',
  mois_commences: 'chaque mois commencé est dû',
  distanciel_puis_rqth: 'minoration pour la formation à distance, puis majoration RQTH',
  rqth_puis_distanciel: 'majoration RQTH, puis minoration pour la formation à distance',
  depot: 'après le dépôt du contrat',
  facture: 'après réception de la facture du CFA',
  dixieme_mois: 'au dixième mois',
  annee_suivante: "avec l'avance de l'année suivante (la dernière année : sur attestation)",
};

/** A coded value in words; an unknown code is at least shown without its underscores. */
export function libelleValeur(code: string): string {
  return libellesValeurs[code] ?? code.replace(/_/g, ' ');
}
