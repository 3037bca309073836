export { OPCO_NON_COMMUNIQUE, reponseSiro, siretInterrogeable } from './reponse.ts';
