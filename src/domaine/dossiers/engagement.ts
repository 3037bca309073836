import { createHash } from 'node:crypto';
import type {
  Droit,
  Moteur,
  NpecReferentiel,
  SituationApprentissage,
  Versement,
} from '../../moteur/index.ts';
import type { CerfaEj20 } from '../../partage/cerfa-ej20.schema.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import type { EcheanceAEngager, EngagementAReserver } from '../finances/engagement.ts';
import { nombreAu, P } from './parametres.ts';
import type { Difference, EngagementCalcule } from './types.ts';

const empreintes = new WeakMap<Droit, string>();

/**
 * The version of the law an engagement was computed with: a digest of every parameter value
 * (ids, dates, values), so that two engagements computed with the same law carry the same mark.
 */
export function versionDroit(droit: Droit): string {
  let e = empreintes.get(droit);
  if (!e) {
    const h = createHash('sha256');
    for (const id of [...droit.parametres.keys()].sort()) {
      const p = droit.parametres.get(id);
      if (!p) continue;
      h.update(id);
      for (const v of p.valeurs) h.update(`${v.depuis}=${JSON.stringify(v.valeur)};`);
    }
    e = `droit-${h.digest('hex').slice(0, 16)}`;
    empreintes.set(droit, e);
  }
  return e;
}

/** What the engine needs, from the CERFA (euros → engine euros; the engine returns cents). */
export function situationDepuisFa13(
  c: CerfaFa13,
  options: { dateRupture?: string; dateNouveauContrat?: string } = {},
): SituationApprentissage {
  const couts = c.couts;
  const frais = {
    ...(couts.nuitees !== undefined ? { nuitees: couts.nuitees } : {}),
    ...(couts.repas !== undefined ? { repas: couts.repas } : {}),
    ...(couts.premierEquipement !== undefined
      ? { premierEquipement: couts.premierEquipement }
      : {}),
    ...(couts.mobiliteInternationale !== undefined
      ? { mobiliteInternationale: couts.mobiliteInternationale }
      : {}),
  };
  return {
    dateConclusion: c.contrat.dateConclusion,
    dateDebut: c.contrat.dateDebut,
    dateFin: c.contrat.dateFin,
    ...(options.dateRupture ? { dateRupture: options.dateRupture } : {}),
    ...(options.dateNouveauContrat ? { dateNouveauContrat: options.dateNouveauContrat } : {}),
    niveau: c.formation.niveau as SituationApprentissage['niveau'],
    ...(couts.npecAnnuel !== undefined ? { npecAnnuel: couts.npecAnnuel } : {}),
    rncp: c.formation.rncp,
    idcc: c.employeur.codeIdcc,
    partDistanciel: Math.min(1, c.formation.heuresDistance / c.formation.dureeHeures),
    ...(c.apprenti.handicap && couts.majorationRqth !== undefined
      ? { rqth: { montantMajoration: couts.majorationRqth } }
      : {}),
    dureeReduite: c.contrat.typeDerogation === '21',
    nouvelEmployeurApresRupture: c.contrat.typeContrat === '23',
    ...(Object.keys(frais).length > 0 ? { fraisAnnexes: frais } : {}),
  };
}

function nature(v: Versement): EcheanceAEngager['nature'] {
  const m = v.motif.toLowerCase();
  if (m.startsWith('frais annexes')) return 'frais_annexes';
  if (m.includes('solde')) return 'solde';
  if (m.includes('avance')) return 'avance';
  return 'echeance';
}

export interface EntreeEngagement {
  dossierId: string;
  versionDossier: number;
  opco: string;
  date: string;
}

/**
 * The engagement of an apprenticeship contract, computed by the engine (NPEC, modulations,
 * participation, frais annexes, schedule). null when the engine finds no NPEC to apply.
 */
export function engagementApprentissage(
  moteur: Moteur,
  c: CerfaFa13,
  npec: NpecReferentiel | null,
  e: EntreeEngagement,
  options: { dateRupture?: string; dateNouveauContrat?: string } = {},
): EngagementCalcule | null {
  const situation = situationDepuisFa13(c, options);
  let r;
  try {
    r = moteur.evaluerApprentissage(situation, e.date, {
      npecReferentiel: situation.npecAnnuel === undefined ? npec : null,
    });
  } catch {
    // A conclusion date the loaded law does not cover: no engagement, left to a person.
    return null;
  }
  if (r.valeur === null || r.npec === null) return null;
  const echeances: EcheanceAEngager[] = r.echeancier.map((v, i) => ({
    numero: i + 1,
    nature: nature(v),
    dateExigibilite: v.date ?? c.contrat.dateFin,
    montantCentimes: Math.round(v.montant * 100),
    exigeCertificatRealisation: nature(v) === 'solde',
  }));
  const source = r.npec.source;
  const reservation: EngagementAReserver = {
    dossierId: e.dossierId,
    versionDossier: e.versionDossier,
    opco: e.opco,
    section: 'alternance',
    origine: 'mutualises',
    idcc: c.employeur.codeIdcc,
    siretBeneficiaire: c.formation.organisme.siret,
    dateEngagement: e.date,
    montantTotalCentimes: echeances.reduce((s, x) => s + x.montantCentimes, 0),
    echeances,
    trace: {
      versionDroit: versionDroit(moteur.droit),
      jeuDonnees:
        source.type === 'referentiel'
          ? `${source.fichier} (${source.version})`
          : source.type === 'amorcage'
            ? `amorçage niveau ${source.niveau} depuis ${source.depuis}`
            : null,
    },
  };
  return {
    reservation,
    detail: r.echeancier.map((v) => ({
      date: v.date ?? null,
      montantCentimes: Math.round(v.montant * 100),
      motif: v.motif,
    })),
    npec: {
      annuelCentimes: Math.round(r.npec.annuel * 100),
      appliqueCentimes: Math.round(r.npec.applique * 100),
      source: source.libelle,
    },
  };
}

/**
 * The engagement of a professionalisation contract: the branch's flat hourly amount, or the
 * default of D6332-86 (higher for the publics of L6325-1-1), times the training hours; paid at
 * the end of the training on a completion certificate.
 */
export function engagementProfessionnalisation(
  droit: Droit,
  c: CerfaEj20,
  e: EntreeEngagement,
): EngagementCalcule | null {
  const id = c.salarie.publicPrioritaire ? P.pro.forfaitHorairePrioritaire : P.pro.forfaitHoraire;
  const forfait = nombreAu(droit, id, c.contrat.dateConclusion);
  if (forfait === undefined) return null;
  const montant = forfait * c.formation.dureeHeures;
  const motif = `Forfait de ${(forfait / 100).toLocaleString('fr-FR')} € par heure × ${c.formation.dureeHeures} h de formation (D6332-86), sur certificat de réalisation`;
  return {
    reservation: {
      dossierId: e.dossierId,
      versionDossier: e.versionDossier,
      opco: e.opco,
      section: 'alternance',
      origine: 'mutualises',
      idcc: c.employeur.codeIdcc,
      siretBeneficiaire: c.formation.organisme.siret,
      dateEngagement: e.date,
      montantTotalCentimes: montant,
      echeances: [
        {
          numero: 1,
          nature: 'solde',
          dateExigibilite: c.formation.dateFin,
          montantCentimes: montant,
          exigeCertificatRealisation: true,
        },
      ],
      trace: { versionDroit: versionDroit(droit), jeuDonnees: null },
    },
    detail: [{ date: c.formation.dateFin, montantCentimes: montant, motif }],
    npec: null,
  };
}

/** Before/after of an engagement, explained line by line. */
export function difference(
  avant: EngagementCalcule | null,
  apres: EngagementCalcule | null,
  pourquoi: string,
): Difference {
  const a = avant?.reservation.montantTotalCentimes ?? 0;
  const b = apres?.reservation.montantTotalCentimes ?? 0;
  const f = (c: number) =>
    `${(c / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
  return {
    avantCentimes: a,
    apresCentimes: b,
    ecartCentimes: b - a,
    explication: `${pourquoi} : engagement ${f(a)} → ${f(b)} (${b - a >= 0 ? '+' : '−'}${f(Math.abs(b - a))}).`,
  };
}
