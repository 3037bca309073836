import type { Noeud } from '../explication.ts';
import type { Citation } from '../citations.ts';

export type Niveau = 3 | 4 | 5 | 6 | 7 | 8;

/** The contract to simulate, as the API and the CLI receive it (euros, ISO dates). */
export interface SituationApprentissage {
  dateConclusion: string;
  dateDebut: string;
  dateFin: string;
  dateRupture?: string | undefined;
  /** Signature of a new apprenticeship contract after the rupture: ends the maintained funding. */
  dateNouveauContrat?: string | undefined;
  niveau: Niveau;
  npecAnnuel?: number | undefined;
  rncp?: string | undefined;
  idcc?: string | undefined;
  /** Share of CFA teaching done at distance, 0–1. */
  partDistanciel: number;
  certificationExemptee?: boolean | undefined;
  rqth?: { montantMajoration: number } | undefined;
  dureeReduite?: boolean | undefined;
  nouvelEmployeurApresRupture?: boolean | undefined;
  fraisAnnexes?:
    | {
        nuitees?: number | undefined;
        repas?: number | undefined;
        premierEquipement?: number | undefined;
        mobiliteInternationale?: number | undefined;
      }
    | undefined;
}

/** An NPEC found in France compétences' referential (resolved by the caller through a port). */
export interface NpecReferentiel {
  montant: number;
  rncp: string;
  cpne: string;
  idcc: string;
  applicableDepuis: string;
  fichier: string;
  version: string;
  statut: string | null;
}

export type SourceNpec =
  | { type: 'saisie'; libelle: string }
  | ({ type: 'referentiel'; libelle: string } & Omit<NpecReferentiel, 'montant'>)
  | { type: 'amorcage'; libelle: string; niveau: Niveau; depuis: string };

export interface Manquante {
  champ: string;
  message: string;
}

export interface Versement {
  date?: string;
  montant: number;
  motif: string;
}

export interface ResultatApprentissage {
  dateEvaluation: string;
  /** The engine's target value: what the OPCO pays in total (sum of the schedule). */
  valeur: number | null;
  unite: '€';
  npec: { annuel: number; applique: number; source: SourceNpec } | null;
  priseEnCharge: {
    total: number;
    parAnnee: { du: string; au: string; jours: number; montant: number }[];
  } | null;
  participationEmployeur: number | null;
  fraisAnnexes: {
    total: number;
    detail: {
      nuitees: number;
      repas: number;
      premierEquipement: number;
      mobiliteInternationale: number;
    };
  };
  echeancier: Versement[];
  explication: Noeud | null;
  citations: Citation[];
  manquantes: Manquante[];
}
