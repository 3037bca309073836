import { cerfaEj20Schema, type CerfaEj20 } from '../../src/partage/cerfa-ej20.schema.ts';
import { cerfaFa13Schema, type CerfaFa13 } from '../../src/partage/cerfa-fa13.schema.ts';
import type { ContexteDossier } from '../../src/domaine/dossiers/index.ts';
import type { ReferentielsDossier } from '../../src/domaine/referentiels-formation/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';

export const SIRET_EMPLOYEUR = '12345678900011';
export const SIRET_CFA = '98765432100019';
export const OPCO = '03';

/** A compliant apprenticeship contract (BTS, 2 years, from 2025-09-01), as the form sends it. */
export function fa13Saisi() {
  return {
    formulaire: 'FA13' as const,
    opco: OPCO,
    employeur: {
      siret: SIRET_EMPLOYEUR,
      denomination: 'Boulangerie Martin',
      adresse: { numero: '3', voie: 'rue des Lilas', codePostal: '75011', commune: 'Paris' },
      telephone: '01 23 45 67 89',
      courriel: 'contact@boulangerie-martin.fr',
      typeEmployeur: '11',
      naf: '10.71C',
      nombreDeSalaries: 8,
      codeIdcc: '843',
    },
    apprenti: {
      nom: 'Durand',
      prenom: 'Léa',
      sexe: 'F' as const,
      dateNaissance: '2006-03-15',
      nationalite: '1',
      regimeSocial: '2',
      adresse: { voie: 'avenue de la République', codePostal: '75011', commune: 'Paris' },
      courriel: 'lea.durand@example.fr',
      situationAvantContrat: '1',
      dernierDiplome: '41',
      derniereClasse: '01',
    },
    maitres: [
      {
        nom: 'Martin',
        prenom: 'Paul',
        dateNaissance: '1980-05-02',
        emploiOccupe: 'Boulanger',
        niveauDiplome: '3',
        diplomeDuDomaineEtNiveau: false,
        anneesExperience: 15,
      },
    ],
    attestationEligibiliteMaitre: true as const,
    contrat: {
      modeContractuel: '1',
      typeContrat: '11',
      dateConclusion: '2025-08-25',
      dateDebut: '2025-09-01',
      dateDebutFormationPratique: '2025-09-01',
      dateFin: '2027-08-31',
      dureeHebdoHeures: 35,
      travailRisque: false,
      remunerations: [
        { du: '2025-09-01', au: '2026-08-31', tauxPourcent: 50, montantMensuel: 900 },
        { du: '2026-09-01', au: '2027-03-31', tauxPourcent: 55, montantMensuel: 1000 },
        { du: '2027-04-01', au: '2027-08-31', tauxPourcent: 66, montantMensuel: 1200 },
      ],
    },
    formation: {
      organisme: { siret: SIRET_CFA, uai: '0751234A', denomination: 'CFA des métiers de bouche' },
      rncp: 'RNCP35185',
      intitule: 'BTS Management en hôtellerie-restauration',
      diplomePrepare: '54',
      niveau: 5,
      dateDebut: '2025-09-15',
      dateFinExamens: '2027-06-30',
      dureeHeures: 1350,
      heuresDistance: 0,
    },
    couts: { npecAnnuel: 8000 },
    pieces: { conventionFormation: true },
  };
}

export function fa13(modif: (s: ReturnType<typeof fa13Saisi>) => void = () => {}): CerfaFa13 {
  const s = fa13Saisi();
  modif(s);
  return cerfaFa13Schema.parse(s);
}

export function ej20Saisi() {
  return {
    formulaire: 'EJ20' as const,
    opco: OPCO,
    employeur: {
      siret: SIRET_EMPLOYEUR,
      denomination: 'Boulangerie Martin',
      adresse: { voie: 'rue des Lilas', codePostal: '75011', commune: 'Paris' },
      telephone: '01 23 45 67 89',
      courriel: 'contact@boulangerie-martin.fr',
      typeEmployeur: '11',
      naf: '10.71C',
      nombreDeSalaries: 8,
      codeIdcc: '843',
    },
    salarie: {
      nom: 'Petit',
      prenom: 'Hugo',
      sexe: 'M' as const,
      dateNaissance: '2003-02-10',
      adresse: { voie: 'rue Oberkampf', codePostal: '75011', commune: 'Paris' },
      courriel: 'hugo.petit@example.fr',
      public: 'jeune_16_25',
      situationAvantContrat: '11',
      dernierDiplome: '41',
    },
    tuteur: {
      nom: 'Martin',
      prenom: 'Paul',
      dateNaissance: '1980-05-02',
      emploiOccupe: 'Boulanger',
      anneesExperience: 10,
    },
    contrat: {
      nature: 'CDD',
      typeContrat: '11',
      dateConclusion: '2025-08-25',
      dateDebut: '2025-09-01',
      dateFin: '2026-08-31',
      dateFinAction: '2026-08-31',
      dureeHebdoHeures: 35,
      emploiOccupe: 'Vendeur en boulangerie',
      salaireMensuel: 1400,
    },
    formation: {
      organisme: { siret: SIRET_CFA, denomination: 'CFA des métiers de bouche' },
      typeQualification: '2',
      intitule: 'CQP vendeur en boulangerie-pâtisserie',
      dateDebut: '2025-09-08',
      dateFin: '2026-06-30',
      dureeHeures: 500,
    },
    pieces: { conventionFormation: true },
  };
}

export function ej20(modif: (s: ReturnType<typeof ej20Saisi>) => void = () => {}): CerfaEj20 {
  const s = ej20Saisi();
  modif(s);
  return cerfaEj20Schema.parse(s);
}

const provenance = { source: 'test', millesime: '2025', importId: null };

/** Referentials where everything is in order for the fixtures above. */
export function referentielsConformes(): ReferentielsDossier {
  return {
    organisme: {
      siret: SIRET_CFA,
      nda: '11755555575',
      uai: '0751234A',
      raisonSociale: 'CFA des métiers de bouche',
      dateDeclaration: '2015-01-01',
      certificats: [
        { categories: ['action_formation', 'apprentissage'], du: '2022-01-01', au: '2027-12-31' },
      ],
      provenance,
    },
    certification: {
      codeRncp: 'RNCP35185',
      intitule: 'BTS Management en hôtellerie-restauration',
      niveau: 5,
      actifDu: '2021-01-01',
      actifAu: '2030-12-31',
      ouverteApprentissage: true,
      provenance,
    },
    oppositions: [],
    opcoAttendu: OPCO,
  };
}

export function contexte(r: Partial<ReferentielsDossier> = {}): ContexteDossier {
  const moteur = moteurDeTest();
  return {
    droit: moteur.droit,
    moteur,
    referentiels: { ...referentielsConformes(), ...r },
    npec: null,
  };
}
