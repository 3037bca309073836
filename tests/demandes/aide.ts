import { demandeSchema, type DemandeFormulaire } from '../../src/partage/demandes.schema.ts';
import type { ContexteDemande, SessionDemande } from '../../src/domaine/demandes/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';

export const SIRET_ENTREPRISE = '12345678900011';
export const SIRET_ORGANISME = '98765432100019';
/** Atlas (France compétences code 03, slug atlas): the barème atlas_217 is its own. */
export const OPCO = '03';

const entreprise = {
  siret: SIRET_ENTREPRISE,
  denomination: 'Bureau Martin',
  codeIdcc: '1486',
  effectif: 8,
};
const action = {
  intitule: 'Excel avancé',
  organismeSiret: SIRET_ORGANISME,
  organismeDenomination: 'Formations Dupont',
};

export function planSaisi() {
  return {
    type: 'plan_moins_50' as const,
    opco: OPCO,
    entreprise: { ...entreprise },
    bareme: 'atlas_217',
    action: { ...action },
    dateDebut: '2025-03-10',
    dateFin: '2025-03-12',
    heures: 21,
    stagiaires: 2,
    coutPedagogique: 3000,
  };
}

export function ssctSaisi() {
  return {
    type: 'formation_ssct_cse' as const,
    opco: OPCO,
    entreprise: { ...entreprise },
    action: { ...action, intitule: 'Formation SSCT des élus du CSE' },
    dateDebut: '2025-04-07',
    dateFin: '2025-04-11',
    jours: 5,
    heures: 35,
    stagiaires: 1,
    coutPedagogique: 1200,
    membreCse: true,
  };
}

export function tutoratSaisi() {
  return {
    type: 'aide_tutorale' as const,
    opco: OPCO,
    entreprise: { ...entreprise },
    tuteur: { nom: 'Martin', prenom: 'Paul', dateNaissance: '1975-05-02' },
    dateDebut: '2025-09-01',
    dateFin: '2026-02-28',
    formationHeures: 20,
    formationCout: 600,
    tutoratMois: 6,
  };
}

export function acSaisi(session = 1) {
  return {
    type: 'action_collective' as const,
    opco: OPCO,
    entreprise: { ...entreprise },
    session,
    stagiaires: 2,
  };
}

export function demande<T extends object>(
  s: T,
  modif: (x: T) => void = () => {},
): DemandeFormulaire {
  modif(s);
  return demandeSchema.parse(s);
}

export function session(modif: Partial<SessionDemande> = {}): SessionDemande {
  return {
    id: 1,
    opco: OPCO,
    intitule: 'Management de proximité',
    dateDebut: '2025-06-02',
    placesRestantes: 10,
    prixCentimes: 90_000,
    tauxFinancement: 0.8,
    idccEligibles: [],
    effectifMax: 49,
    annulee: false,
    ...modif,
  };
}

export function contexte(modif: Partial<ContexteDemande> = {}): ContexteDemande {
  return {
    droit: moteurDeTest().droit,
    opcoAttendu: OPCO,
    slugOpco: 'atlas',
    session: null,
    dejaConsommeCentimes: 0,
    ...modif,
  };
}
