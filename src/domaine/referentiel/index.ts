export { normaliserOpcos, opcoSchema, type Opco, type ResultatNormalisation } from './opco.ts';
