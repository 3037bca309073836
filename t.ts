import { evaluerSalaireApprenti } from './src/moteur/index.ts';
import { contexte } from './tests/dossiers/aide.ts';
const c = contexte();
const s = { dateNaissance: '2006-03-15', dateConclusion: '2025-08-25', dateDebut: '2025-09-01', dateFin: '2027-08-31' };
for (let i = 0; i < 5000; i++) evaluerSalaireApprenti(c.droit, s);
const t = performance.now();
for (let i = 0; i < 20000; i++) evaluerSalaireApprenti(c.droit, s);
console.log(((performance.now() - t) / 20000 * 1000).toFixed(1), 'µs');
