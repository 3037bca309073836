import type { Dossier, Evenement } from './types.ts';

/**
 * The contract object of DECA, the State's national base of apprenticeship contracts (D6224-4,
 * R6332-33), as its read API gives it back (operations.md §4.1): the shape the OPCO's deposit
 * export follows. The OPCO → DECA deposit specification itself is not public (operations.md
 * §4.2 [U]); the conventions taken here are listed in docs/dossiers.md (« Export DECA »).
 */
export interface ContratDeca {
  /** The platform's dossier id (as `numeroInterne` of the API CFA): not a DECA field. */
  numeroInterne: string;
  alternant: {
    nom: string;
    prenom: string;
    sexe: 'F' | 'M';
    dateNaissance: string;
    departementNaissance: string | null;
    nationalite: string | null;
    handicap: boolean;
    courriel: string | null;
    telephone: string | null;
    adresse: { numero: string | null; voie: string; codePostal: string };
    derniereClasse: string | null;
  };
  formation: {
    dateDebutFormation: string;
    dateFinFormation: string;
    codeDiplome: string | null;
    rncp: string | null;
    intituleOuQualification: string;
    typeDiplome: string | null;
  };
  etablissementFormation: { siret: string };
  organismeFormationResponsable: { uaiCfa: string | null; siret: string };
  detailsContrat: {
    /** DECA number: given by DECA at deposit, the platform assigns none (null). */
    noContrat: string | null;
    dateDebutContrat: string;
    dateFinContrat: string | null;
    dateEffetAvenant: string | null;
    noAvenant: string | null;
    statut: StatutDeca;
    typeContrat: string;
    dispositif: 'APPR' | 'PROF';
    dateConclusion: string;
  };
  employeur: {
    siret: string;
    denomination: string;
    adresse: { codePostal: string };
    naf: string;
    codeIdcc: string;
    nombreDeSalaries: number;
    courriel: string | null;
    telephone: string | null;
    typeEmployeur: string;
  };
  rupture: {
    dateEffetRupture: string;
    codeMotifRupture: string;
    commentaireRupture: string | null;
    dateSignalement: string;
  } | null;
}

/** `detailsContrat.statut` of DECA: "" for a deposited contract in force (or amended, or ended). */
export type StatutDeca = '' | 'Rompu' | 'Annulé';

/** Our lifecycle → DECA's status (convention `dossiers.deca_statut`). */
export function statutDeca(d: Dossier): StatutDeca {
  if (d.etat === 'rompu') return 'Rompu';
  if (d.etat === 'annule') return 'Annulé';
  return '';
}

/** The date the contract was deposited: engaged, or professionalisation accepted by silence. */
export function dateDepot(evenements: readonly Evenement[]): string | null {
  for (const e of evenements)
    if (e.type === 'engage' || (e.type === 'decision_implicite' && e.sens === 'acceptation'))
      return e.date;
  return null;
}

/**
 * True when a DECA-relevant event (deposit, avenant, rupture, annulation) was recorded between
 * `du` and `au` (bounds included, null = open): what a period's export carries (R6332-33: at
 * deposit, modification and end).
 */
export function mouvementDecaDans(
  evenements: readonly Evenement[],
  du: string | null,
  au: string | null,
): boolean {
  return evenements.some(
    (e) =>
      (e.type === 'engage' ||
        (e.type === 'decision_implicite' && e.sens === 'acceptation') ||
        e.type === 'avenant' ||
        e.type === 'rupture' ||
        e.type === 'annule') &&
      (du === null || e.date >= du) &&
      (au === null || e.date <= au),
  );
}

const ouNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/**
 * The DECA contract object of a deposited dossier, in its current state (after its avenants,
 * rupture or annulation); null when the contract was never deposited (refused, in progress).
 */
export function contratDeca(d: Dossier, evenements: readonly Evenement[]): ContratDeca | null {
  if (dateDepot(evenements) === null) return null;
  const avenants = evenements.filter((e) => e.type === 'avenant');
  const dernierAvenant = avenants.at(-1);
  const rupture = evenements.filter((e) => e.type === 'rupture').at(-1);
  const c = d.cerfa;
  const e = c.employeur;
  const employeur: ContratDeca['employeur'] = {
    siret: e.siret,
    denomination: e.denomination,
    adresse: { codePostal: e.adresse.codePostal },
    naf: e.naf,
    codeIdcc: e.codeIdcc,
    nombreDeSalaries: e.nombreDeSalaries,
    courriel: ouNull(e.courriel),
    telephone: ouNull(e.telephone),
    typeEmployeur: e.typeEmployeur,
  };
  const detailsCommuns = {
    noContrat: null,
    dateDebutContrat: c.contrat.dateDebut,
    dateEffetAvenant: dernierAvenant?.type === 'avenant' ? dernierAvenant.dateEffet : null,
    noAvenant: avenants.length > 0 ? String(avenants.length) : null,
    statut: statutDeca(d),
    typeContrat: c.contrat.typeContrat,
    dateConclusion: c.contrat.dateConclusion,
  };
  const ruptureDeca: ContratDeca['rupture'] =
    rupture?.type === 'rupture' && d.etat === 'rompu'
      ? {
          dateEffetRupture: rupture.dateEffet,
          codeMotifRupture: rupture.motif,
          commentaireRupture: null,
          dateSignalement: rupture.date,
        }
      : null;
  const organisme = c.formation.organisme;
  const communs = {
    numeroInterne: d.id,
    etablissementFormation: {
      siret:
        (c.formulaire === 'FA13' ? c.formation.lieuFormation?.siret : undefined) ?? organisme.siret,
    },
    organismeFormationResponsable: { uaiCfa: ouNull(organisme.uai), siret: organisme.siret },
    employeur,
    rupture: ruptureDeca,
  };
  if (c.formulaire === 'FA13') {
    const a = c.apprenti;
    return {
      ...communs,
      alternant: {
        nom: a.nom,
        prenom: a.prenom,
        sexe: a.sexe,
        dateNaissance: a.dateNaissance,
        departementNaissance: ouNull(a.departementNaissance),
        nationalite: a.nationalite,
        handicap: a.handicap,
        courriel: ouNull(a.courriel),
        telephone: ouNull(a.telephone),
        adresse: {
          numero: ouNull(a.adresse.numero),
          voie: a.adresse.voie,
          codePostal: a.adresse.codePostal,
        },
        derniereClasse: a.derniereClasse,
      },
      formation: {
        dateDebutFormation: c.formation.dateDebut,
        dateFinFormation: c.formation.dateFinExamens,
        codeDiplome: ouNull(c.formation.codeDiplome),
        rncp: ouNull(c.formation.rncp),
        intituleOuQualification: c.formation.intitule,
        typeDiplome: c.formation.diplomePrepare,
      },
      detailsContrat: { ...detailsCommuns, dateFinContrat: c.contrat.dateFin, dispositif: 'APPR' },
    };
  }
  const s = c.salarie;
  return {
    ...communs,
    alternant: {
      nom: s.nom,
      prenom: s.prenom,
      sexe: s.sexe,
      dateNaissance: s.dateNaissance,
      departementNaissance: null,
      nationalite: null,
      handicap: s.handicap,
      courriel: s.courriel,
      telephone: null,
      adresse: {
        numero: ouNull(s.adresse.numero),
        voie: s.adresse.voie,
        codePostal: s.adresse.codePostal,
      },
      derniereClasse: null,
    },
    formation: {
      dateDebutFormation: c.formation.dateDebut,
      dateFinFormation: c.formation.dateFin,
      codeDiplome: null,
      rncp: ouNull(c.formation.rncp),
      intituleOuQualification: c.formation.intitule,
      typeDiplome: c.formation.typeQualification,
    },
    detailsContrat: {
      ...detailsCommuns,
      dateFinContrat: ouNull(c.contrat.dateFin),
      dispositif: 'PROF',
    },
  };
}
