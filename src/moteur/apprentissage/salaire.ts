/** The apprentice minimum wage now lives in src/moteur/salaire/ (periods, explanation, citations). */
export {
  evaluerSalaireApprenti,
  salaireMinimumApprenti,
  verifierAgeMinimum,
} from '../salaire/index.ts';
