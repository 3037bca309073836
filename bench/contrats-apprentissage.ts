/**
 * Generated apprenticeship contracts for the differential runs: every period since 2019 (and
 * every law boundary), ruptures (with and without a new contract), RQTH, distance learning,
 * exempted certifications, reduced duration, new employer, frais annexes, NPEC entered, found in
 * the referential or left to the amorçage value. Deterministic (LCG seeded).
 */
import {
  ajouterMois,
  iso,
  jour,
  type NpecReferentiel,
  type SituationApprentissage,
} from '../src/moteur/index.ts';

function generateur(graine: number) {
  let s = graine >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Days around which the law changes: contracts concluded there are over-represented. */
const BORNES = [
  '2019-01-01',
  '2019-12-31',
  '2020-01-01',
  '2020-03-31',
  '2020-04-01',
  '2020-12-31',
  '2021-01-01',
  '2022-08-31',
  '2022-09-01',
  '2025-06-30',
  '2025-07-01',
  '2025-11-29',
  '2025-11-30',
  '2025-12-09',
  '2025-12-10',
].map(jour);

export interface ContratGenere {
  situation: SituationApprentissage;
  referentiel: NpecReferentiel | null;
}

function conclusion(alea: () => number): number {
  if (alea() < 0.25) {
    const b = BORNES[Math.floor(alea() * BORNES.length)] ?? BORNES[0]!;
    return Math.max(jour('2019-01-01'), b + Math.floor(alea() * 5) - 2);
  }
  const debut = jour('2019-01-01');
  return debut + Math.floor(alea() * (jour('2027-12-31') - debut));
}

function options(s: SituationApprentissage, alea: () => number, debut: number, fin: number) {
  if (alea() < 0.15) s.rqth = { montantMajoration: Math.round(alea() * 600000) / 100 };
  if (alea() < 0.12) s.dureeReduite = true;
  if (alea() < 0.1) s.certificationExemptee = true;
  if (alea() < 0.08) s.nouvelEmployeurApresRupture = true;
  if (alea() < 0.3) {
    const r = debut + Math.floor(alea() * (fin - debut + 1));
    s.dateRupture = iso(r);
    if (alea() < 0.3) s.dateNouveauContrat = iso(r + 1 + Math.floor(alea() * 200));
  }
  if (alea() < 0.3)
    s.fraisAnnexes = {
      ...(alea() < 0.7 ? { nuitees: Math.floor(alea() * 60) } : {}),
      ...(alea() < 0.7 ? { repas: Math.floor(alea() * 200) } : {}),
      ...(alea() < 0.5 ? { premierEquipement: Math.round(alea() * 90000) / 100 } : {}),
      ...(alea() < 0.3 ? { mobiliteInternationale: Math.round(alea() * 300000) / 100 } : {}),
    };
}

export function genererContrats(n: number, graine: number): ContratGenere[] {
  const alea = generateur(graine);
  const out: ContratGenere[] = [];
  for (let i = 0; i < n; i++) {
    const c = conclusion(alea);
    const debut = c + Math.floor(alea() * 90) - (alea() < 0.1 ? 30 : 0);
    const mois = alea() < 0.3 ? 3 + Math.floor(alea() * 10) : 6 + Math.floor(alea() * 31);
    const fin = Math.max(debut + 1, ajouterMois(debut, mois) - 1 + Math.floor(alea() * 40) - 20);
    const s: SituationApprentissage = {
      dateConclusion: iso(c),
      dateDebut: iso(debut),
      dateFin: iso(Math.max(fin, c)),
      niveau: (3 + Math.floor(alea() * 6)) as SituationApprentissage['niveau'],
      partDistanciel: alea() < 0.25 ? 0.7 + alea() * 0.3 : alea() * 0.5,
    };
    const npec = alea();
    let referentiel: NpecReferentiel | null = null;
    if (npec < 0.75) s.npecAnnuel = 1500 + Math.floor(alea() * 1500000) / 100;
    else if (npec < 0.88)
      referentiel = {
        montant: 2000 + Math.floor(alea() * 1200) * 10,
        rncp: 'RNCP35185',
        cpne: '42',
        idcc: '1486',
        applicableDepuis: s.dateConclusion,
        fichier: 'npec.xlsx',
        version: 'v1',
        statut: null,
      };
    else if (alea() < 0.5) s.rncp = 'RNCP35185';
    options(s, alea, debut, jour(s.dateFin));
    out.push({ situation: s, referentiel });
  }
  return out;
}
