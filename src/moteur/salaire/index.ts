export {
  evaluerSalaireApprenti,
  salaireApprentiRapide,
  salaireMinimumApprenti,
  verifierAgeMinimum,
} from './salaire-apprenti.ts';
export { smicMensuel, type SmicMensuel } from './smic.ts';
export type * from './types.ts';
