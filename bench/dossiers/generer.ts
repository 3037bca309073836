import { ajouterMois, iso, jour } from '../../src/moteur/index.ts';
import type { CerfaFa13 } from '../../src/partage/cerfa-fa13.schema.ts';
import type {
  Certification,
  OppositionEmployeur,
  OrganismeFormation,
} from '../../src/domaine/referentiels-formation/index.ts';

/** Deterministic pseudo-random numbers (mulberry32), so that two runs instruct the same set. */
function aleatoire(graine: number): () => number {
  let a = graine >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const provenance = { source: 'banc', millesime: '2026', importId: null };
const siret = (n: number, base: number) => String(base + n).padStart(14, '0');

export interface JeuDossiers {
  dossiers: CerfaFa13[];
  organismes: OrganismeFormation[];
  certifications: Certification[];
  oppositions: OppositionEmployeur[];
}

/**
 * `n` apprenticeship contracts concluded between 2025-07-01 and 2026-06-30: ages 15 to 31,
 * durations 5 to 40 months, levels 3 to 7, pay above or (sometimes) below the minimum, a few
 * employers under opposition, CFAs without Qualiopi, unknown or closed certifications.
 */
export function genererDossiers(n: number, graine = 42): JeuDossiers {
  const r = aleatoire(graine);
  const certifications: Certification[] = Array.from({ length: 400 }, (_, i) => ({
    codeRncp: `RNCP${30000 + i}`,
    intitule: `Certification ${i}`,
    niveau: 3 + (i % 5),
    actifDu: '2020-01-01',
    actifAu: i % 50 === 0 ? '2025-12-31' : null,
    ouverteApprentissage: i % 97 !== 0,
    provenance,
  }));
  const organismes: OrganismeFormation[] = Array.from({ length: 300 }, (_, i) => ({
    siret: siret(i, 77700000000000),
    nda: null,
    uai: null,
    raisonSociale: `CFA ${i}`,
    dateDeclaration: i % 40 === 0 ? '2025-09-01' : '2018-01-01',
    certificats:
      i % 40 === 0
        ? []
        : [{ categories: ['action_formation', 'apprentissage'], du: '2021-01-01', au: null }],
    provenance,
  }));
  const oppositions: OppositionEmployeur[] = Array.from({ length: 200 }, (_, i) => ({
    siret: siret(i * 97, 55500000000000),
    nature: 'opposition',
    du: '2024-01-01',
    au: null,
    reference: `DREETS ${i}`,
    provenance,
  }));
  const debut0 = jour('2025-07-01');
  const dossiers: CerfaFa13[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const debut = debut0 + Math.floor(r() * 365);
    const conclusion = debut - Math.floor(r() * 20);
    const mois = 5 + Math.floor(r() * 36);
    const fin = ajouterMois(debut, mois) - 1;
    const naissance = debut - Math.floor((15 + r() * 17) * 365.25);
    const niveau = 3 + Math.floor(r() * 5);
    const sous = r() < 0.05;
    const rem = [];
    for (let a = 0; a * 12 < mois; a++) {
      const du = ajouterMois(debut, 12 * a);
      const au = Math.min(fin, ajouterMois(debut, 12 * (a + 1)) - 1);
      rem.push({
        du: iso(du),
        au: iso(au),
        tauxPourcent: 100,
        base: 'SMIC' as const,
        montantMensuel: sous ? 500 : 1900,
      });
    }
    const dateDebut = iso(debut);
    dossiers[k] = {
      formulaire: 'FA13',
      opco: '03',
      employeur: {
        privePublic: 'prive',
        siret: siret(Math.floor(r() * 20000), 55500000000000),
        denomination: 'Employeur',
        adresse: { voie: 'rue', codePostal: '75011', commune: 'Paris' },
        telephone: '0123456789',
        courriel: 'e@example.fr',
        typeEmployeur: '11',
        employeurSpecifique: '0',
        naf: '10.71C',
        nombreDeSalaries: 10,
        codeIdcc: '843',
      },
      apprenti: {
        nom: 'Nom',
        prenom: 'Prénom',
        sexe: 'F',
        dateNaissance: iso(naissance),
        nationalite: '1',
        regimeSocial: '2',
        adresse: { voie: 'rue', codePostal: '75011', commune: 'Paris' },
        courriel: 'a@example.fr',
        handicap: r() < 0.03,
        equivalenceJeunes: false,
        extensionBoe: false,
        sportifHautNiveau: false,
        projetCreationRepriseEntreprise: false,
        situationAvantContrat: '1',
        dernierDiplome: '41',
        derniereClasse: '01',
        premierCycleSecondaireAcheve: r() < 0.5,
        ...(r() < 0.9 ? { responsableLegal: { nom: 'Parent', prenom: 'Prénom' } } : {}),
      },
      maitres: [
        {
          nom: 'Maitre',
          prenom: 'Prénom',
          dateNaissance: iso(debut - Math.floor((17 + r() * 40) * 365.25)),
          emploiOccupe: 'Emploi',
          niveauDiplome: '4',
          diplomeDuDomaineEtNiveau: r() < 0.5,
          anneesExperience: Math.floor(r() * 20),
        },
      ],
      attestationEligibiliteMaitre: true,
      contrat: {
        modeContractuel: '1',
        typeContrat: '11',
        dateConclusion: iso(conclusion),
        dateDebut,
        dateDebutFormationPratique: dateDebut,
        dateFin: iso(fin),
        dureeHebdoHeures: 35,
        dureeHebdoMinutes: 0,
        travailRisque: false,
        remunerations: rem,
      },
      formation: {
        cfaEntreprise: false,
        organisme: { siret: siret(Math.floor(r() * 300), 77700000000000), denomination: 'CFA' },
        rncp: `RNCP${30000 + Math.floor(r() * 420)}`,
        intitule: 'Certification',
        diplomePrepare: '54',
        niveau,
        dateDebut: iso(debut + Math.floor(r() * 30)),
        dateFinExamens: iso(fin),
        // At least 25 % of the contract (L6211-2; 35 h a week), as most real contracts.
        dureeHeures: Math.max(800, Math.ceil(((fin - debut + 1) / 7) * 35 * 0.27)),
        heuresDistance: r() < 0.1 ? 700 : 0,
      },
      mentionParticipationEmployeur: niveau >= 6,
      couts: { npecAnnuel: 4000 + Math.floor(r() * 11000) },
      pieces: { conventionFormation: true, conventionTripartite: false, annexePedagogique: false },
    };
  }
  return { dossiers, organismes, certifications, oppositions };
}
