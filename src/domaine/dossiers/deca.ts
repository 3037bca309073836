import type { Dossier, Evenement, Raison } from './types.ts';

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
  /**
   * The refusal and its reasons (D6224-4: the OPCO informs the Ministry of a refusal and its
   * motives), null for a deposited contract. Not a field of DECA's read object (convention
   * `dossiers.deca_refus`, docs/dossiers.md): the names of the motive fields are those of the
   * public-sector deposit flow (CELIA → AGECAP, « Non déposable », operations.md §2.1).
   */
  refus: RefusDeca | null;
}

/** A refused contract's decision, as exported with it (convention `dossiers.deca_refus`). */
export interface RefusDeca {
  dateDecision: string;
  /** Refused by the automatic instruction or by silence (true), or by a gestionnaire (false). */
  automatique: boolean;
  /** Implicit refusal: no decision within the 20 days (R6224-3). */
  implicite: boolean;
  /** The reasons' messages, joined by « ; » (AGECAP's `libelleMotifNonDepot`). */
  libelleMotifNonDepot: string;
  /** Always null: the reasons are in `motifs` (AGECAP's `commentaireMotifNonDepot`). */
  commentaireMotifNonDepot: string | null;
  /** Each reason: the check's code, its message and the articles it applies. */
  motifs: { code: string; message: string; articles: { article: string; id: string }[] }[];
}

/**
 * `detailsContrat.statut` of DECA: "" for a deposited contract in force (or amended, or ended);
 * `Non déposable` (AGECAP's word, not a DECA status) for a refused one.
 */
export type StatutDeca = '' | 'Rompu' | 'Annulé' | 'Non déposable';

/** Our lifecycle → DECA's status (conventions `dossiers.deca_statut`, `dossiers.deca_refus`). */
export function statutDeca(d: Dossier): StatutDeca {
  if (d.etat === 'rompu') return 'Rompu';
  if (d.etat === 'annule') return 'Annulé';
  if (d.etat === 'refuse') return 'Non déposable';
  return '';
}

/** The refusal decision among the events (the last one), with its reasons. */
export function refusDeca(evenements: readonly Evenement[]): RefusDeca | null {
  let refus: Extract<Evenement, { type: 'refuse' }> | null = null;
  let implicite = false;
  for (const e of evenements) {
    if (e.type === 'refuse') refus = e;
    if (e.type === 'decision_implicite') implicite = e.sens === 'refus';
  }
  if (!refus) return null;
  const motifs = refus.raisons.map((r: Raison) => ({
    code: r.code,
    message: r.message,
    articles: r.articles.map((a) => ({
      article: a.alinea ? `${a.article} ${a.alinea}` : a.article,
      id: a.id,
    })),
  }));
  return {
    dateDecision: refus.date,
    automatique: refus.automatique,
    implicite,
    libelleMotifNonDepot: motifs.map((m) => m.message).join(' ; '),
    commentaireMotifNonDepot: null,
    motifs,
  };
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
        e.type === 'annule' ||
        e.type === 'refuse') &&
      (du === null || e.date >= du) &&
      (au === null || e.date <= au),
  );
}

const ouNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/**
 * The DECA contract object of a deposited dossier, in its current state (after its avenants,
 * rupture or annulation), or of a refused one with its refusal (`refus`); null when the
 * contract was neither deposited nor refused (in progress).
 */
export function contratDeca(d: Dossier, evenements: readonly Evenement[]): ContratDeca | null {
  const refus = d.etat === 'refuse' ? refusDeca(evenements) : null;
  if (dateDepot(evenements) === null && refus === null) return null;
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
    refus,
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
