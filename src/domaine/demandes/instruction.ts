import donnees from '../../../droit/listes/controles-demandes.json' with { type: 'json' };
import { listerBaremes, resoudreBareme } from '../../moteur/dispositifs/baremes.ts';
import { MoteurDispositif, type MotifRefus } from '../../moteur/dispositifs/moteur-dispositif.ts';
import { ageAu } from '../../moteur/mecanismes/calendrier.ts';
import { jour, type Droit, type Reference } from '../../moteur/index.ts';
import { estErreurOpco } from '../../partage/erreurs.ts';
import type { ArticleCite, Instruction, ResultatControle } from '../dossiers/types.ts';
import { versionDroit } from '../dossiers/engagement.ts';
import { nombreAu } from '../dossiers/parametres.ts';
import type { SectionFinancement } from '../finances/engagement.ts';
import type { DemandeFormulaire, EngagementDemande, SessionDemande, TypeDemande } from './types.ts';

/**
 * The automatic instruction of a request: the checks of the deposit (dates, OPCO, barème,
 * session), then the scheme's own rules (droit/regles/<dispositif>/) evaluated at the request
 * date with the OPCO's barème in force then — every `refus.*` rule that holds is a blocking
 * check citing the rule's references, every `avertissement.*` a warning — and the amount of the
 * root rule, which becomes the engagement booked on the scheme's section of the ledger.
 */

export type CodeControleDemande = keyof typeof donnees.controles;
const controles: Readonly<
  Record<CodeControleDemande, { libelle: string; articles: ArticleCite[] }>
> = donnees.controles;

export const codesControlesDemandes = Object.keys(controles) as CodeControleDemande[];

export function controleDemande(
  code: CodeControleDemande,
  valeur: ResultatControle['resultat'],
  message: string,
  champ?: string,
): ResultatControle {
  const d = controles[code];
  return {
    code,
    libelle: d.libelle,
    resultat: valeur,
    message,
    ...(champ ? { champ } : {}),
    articles: d.articles,
  };
}

export function articlesDe(code: CodeControleDemande): readonly ArticleCite[] {
  return controles[code].articles;
}

/** What the instruction needs besides the request (looked up by the service, under locks). */
export interface ContexteDemande {
  droit: Droit;
  /** OPCO the finder gives for the company (SIRET, IDCC); null when unknown. */
  opcoAttendu: string | null;
  /** Slug of the request's OPCO in the OPCO list (barèmes name their OPCO by slug); null if unknown. */
  slugOpco: string | null;
  /** The session of an action collective, read under its row lock; null when unknown. */
  session: SessionDemande | null;
  /** Plan < 50: what this company already has engaged this year under the same barème. */
  dejaConsommeCentimes: number;
  /** Label of the edited version of the barème, when an OPCO administrator edited it. */
  versionBareme?: string | null;
  /**
   * Set by the service when the ledger refused the engagement (the figures, in French): plan
   * and SSCT are then refused by their rule « fonds épuisés » (« dans la limite des fonds
   * disponibles »); tutoring and actions collectives go to a gestionnaire.
   */
  fondsInsuffisants?: string | null;
  /** Sum (HT, cents) of the invoices accepted on the request: an avenant never goes below it. */
  factureesCentimes?: number;
}

/** Rules of each type, and the section of the ledger that funds it (docs/conventions.md). */
export const DISPOSITIF_DEMANDE: Readonly<
  Record<TypeDemande, { regles: string; section: SectionFinancement; fondsParRegle: boolean }>
> = {
  plan_moins_50: { regles: 'plan_moins_50', section: 'plan_moins_50', fondsParRegle: true },
  formation_ssct_cse: {
    regles: 'formation_ssct_cse',
    section: 'plan_moins_50',
    fondsParRegle: true,
  },
  aide_tutorale: { regles: 'aide_tutorale', section: 'alternance', fondsParRegle: false },
  action_collective: {
    regles: 'action_collective',
    section: 'plan_moins_50',
    fondsParRegle: false,
  },
};

const moteurs = new WeakMap<Droit, Map<string, MoteurDispositif>>();
function moteur(droit: Droit, regles: string): MoteurDispositif | null {
  let m = moteurs.get(droit);
  if (!m) {
    m = new Map();
    moteurs.set(droit, m);
  }
  let x = m.get(regles);
  if (!x) {
    const d = droit.dispositifs.get(regles);
    if (!d) return null;
    x = new MoteurDispositif(droit, d);
    m.set(regles, x);
  }
  return x;
}

const euros = (c: number) =>
  `${(c / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

function articlesReferences(refs: readonly Reference[]): ArticleCite[] {
  const vus = new Set<string>();
  const out: ArticleCite[] = [];
  for (const r of refs) {
    if (vus.has(r.article)) continue;
    vus.add(r.article);
    out.push({ article: r.article, id: r.idLegifrance ?? '', url: r.url });
  }
  return out;
}

/** Title, start and end of the action a request funds (for views and the schedule). */
export function resumeDemande(
  f: DemandeFormulaire,
  session: Pick<SessionDemande, 'intitule' | 'dateDebut'> | null = null,
): { intitule: string; dateDebut: string; dateFin: string } {
  switch (f.type) {
    case 'plan_moins_50':
    case 'formation_ssct_cse':
      return { intitule: f.action.intitule, dateDebut: f.dateDebut, dateFin: f.dateFin };
    case 'aide_tutorale':
      return {
        intitule: `Tutorat par ${f.tuteur.prenom} ${f.tuteur.nom}`,
        dateDebut: f.dateDebut,
        dateFin: f.dateFin,
      };
    case 'action_collective':
      return {
        intitule: session ? session.intitule : `Session ${f.session}`,
        dateDebut: session?.dateDebut ?? '',
        dateFin: session?.dateDebut ?? '',
      };
  }
}

interface Evaluation {
  situation: Record<string, unknown>;
  references: Reference[];
  bareme: EngagementDemande['bareme'];
}

/** The situation of the scheme's rules, at the request date (null + checks when impossible). */
function situation(
  c: ContexteDemande,
  f: DemandeFormulaire,
  date: string,
  fondsDisponibles: boolean,
  controlesOut: ResultatControle[],
): Evaluation | null {
  const base = { effectif: f.entreprise.effectif };
  const avecBareme = (id: string) => {
    if (!listerBaremes(c.droit, 'plan_moins_50').includes(id)) {
      controlesOut.push(
        controleDemande('demande.bareme', 'bloquant', `Barème inconnu « ${id} ».`, 'bareme'),
      );
      return null;
    }
    const b = resoudreBareme(c.droit, 'plan_moins_50', id, date, f.entreprise.effectif);
    if (b.enVigueur && b.opco !== f.opco && b.opco !== c.slugOpco) {
      controlesOut.push(
        controleDemande(
          'demande.bareme',
          c.slugOpco === null ? 'a_verifier' : 'bloquant',
          `Le barème « ${b.libelle ?? id} » est celui de l'OPCO ${b.opco ?? '?'}, pas de l'OPCO ${f.opco} saisi${c.slugOpco === null ? ' (liste des OPCO non importée : un gestionnaire vérifie)' : ''}.`,
          'bareme',
        ),
      );
      // Unconfirmed (no OPCO list): the rules still run, so that a refusal is known now.
      if (c.slugOpco !== null) return null;
    } else if (b.enVigueur)
      controlesOut.push(
        controleDemande(
          'demande.bareme',
          'conforme',
          `Barème « ${b.libelle ?? id} » de l'OPCO ${f.opco}, version du ${b.depuis ?? '—'}${c.versionBareme ? ` (${c.versionBareme})` : ''}, en vigueur au ${date}.`,
          'bareme',
        ),
      );
    return b;
  };
  switch (f.type) {
    case 'plan_moins_50': {
      const b = avecBareme(f.bareme);
      if (!b) return null;
      return {
        situation: {
          ...base,
          dateDebut: date,
          heures: f.heures,
          stagiaires: f.stagiaires,
          coutPedagogique: f.coutPedagogique,
          ...(f.salaireHoraire !== undefined ? { salaireHoraire: f.salaireHoraire } : {}),
          ...(f.fraisAnnexes !== undefined ? { fraisAnnexes: f.fraisAnnexes } : {}),
          dejaConsomme: c.dejaConsommeCentimes / 100,
          fondsDisponibles,
          bareme: b.entrees,
        },
        references: b.references,
        bareme: {
          id: f.bareme,
          depuis: b.depuis,
          version: c.versionBareme ?? `publié (droit/) du ${b.depuis ?? '—'}`,
        },
      };
    }
    case 'formation_ssct_cse': {
      const b = f.bareme ? avecBareme(f.bareme) : null;
      if (f.bareme && !b) return null;
      const plafond = b?.entrees.plafondHorairePedagogique;
      return {
        situation: {
          ...base,
          dateDebut: date,
          membreCse: f.membreCse,
          salarieCompetent: f.salarieCompetent,
          premierMandat: f.premierMandat,
          jours: f.jours,
          heures: f.heures,
          stagiaires: f.stagiaires,
          coutPedagogique: f.coutPedagogique,
          ...(typeof plafond === 'number' ? { plafondHorairePedagogique: plafond } : {}),
          ...(f.salaireHoraire !== undefined ? { salaireHoraire: f.salaireHoraire } : {}),
          ...(f.fraisAnnexes !== undefined ? { fraisAnnexes: f.fraisAnnexes } : {}),
          fondsDisponibles,
        },
        references: b?.references ?? [],
        bareme:
          b && f.bareme
            ? {
                id: f.bareme,
                depuis: b.depuis,
                version: c.versionBareme ?? `publié (droit/) du ${b.depuis ?? '—'}`,
              }
            : null,
      };
    }
    case 'aide_tutorale':
      return {
        situation: {
          ...base,
          dateDebut: date,
          tuteurEmployeur: f.tuteur.employeur,
          formationHeures: f.formationHeures,
          ...(f.formationCout !== undefined ? { formationCout: f.formationCout } : {}),
          tutoratMois: f.tutoratMois,
          ageTuteur: ageAu(jour(f.tuteur.dateNaissance), jour(f.dateDebut)),
          publicPrioritaire: f.publicPrioritaire,
          maitreApprentissageMois: f.maitreApprentissageMois,
          beneficiairesSimultanes: f.beneficiairesSimultanes,
        },
        references: [],
        bareme: null,
      };
    case 'action_collective': {
      const s = c.session;
      if (!s) {
        controlesOut.push(
          controleDemande(
            'demande.session',
            'bloquant',
            `Session ${f.session} inconnue du catalogue.`,
            'session',
          ),
        );
        return null;
      }
      if (s.opco !== f.opco) {
        controlesOut.push(
          controleDemande(
            'demande.session',
            'bloquant',
            `La session ${s.id} est publiée par l'OPCO ${s.opco ?? '?'}, pas par l'OPCO ${f.opco} saisi.`,
            'session',
          ),
        );
        return null;
      }
      controlesOut.push(
        controleDemande(
          'demande.session',
          'conforme',
          `Session « ${s.intitule} » du ${s.dateDebut} : ${s.placesRestantes} place(s) libre(s) lue(s) sous le verrou de la session.`,
          'session',
        ),
      );
      const seuil = nombreAu(c.droit, 'plan_moins_50.seuil_effectif', date);
      if (seuil !== undefined && f.entreprise.effectif >= seuil)
        controlesOut.push(
          controleDemande(
            'demande.fonds_disponibles',
            'a_verifier',
            `Entreprise de ${f.entreprise.effectif} salariés (${seuil} ou plus) : la section des moins de ${seuil} salariés ne la finance pas ; un gestionnaire décide sur les fonds conventionnels ou volontaires de la branche.`,
            'entreprise.effectif',
          ),
        );
      return {
        situation: {
          ...base,
          dateSession: date,
          placesRestantes: s.placesRestantes,
          stagiaires: f.stagiaires,
          ...(s.effectifMax !== null ? { effectifMax: s.effectifMax } : {}),
          brancheEligible:
            s.idccEligibles.length === 0 ||
            s.idccEligibles.includes(f.entreprise.codeIdcc) ||
            s.idccEligibles.includes(f.entreprise.codeIdcc.replace(/^0+/, '')),
          prixNegocie: s.prixCentimes / 100,
          tauxFinancement: s.tauxFinancement,
          sessionAnnulee: s.annulee,
        },
        references: [],
        bareme: null,
      };
    }
  }
}

function controlesCommuns(c: ContexteDemande, f: DemandeFormulaire): ResultatControle[] {
  const out: ResultatControle[] = [];
  if (f.type !== 'action_collective')
    out.push(
      f.dateFin < f.dateDebut
        ? controleDemande(
            'demande.dates',
            'bloquant',
            `Fin le ${f.dateFin}, avant le début le ${f.dateDebut}.`,
            'dateFin',
          )
        : controleDemande(
            'demande.dates',
            'conforme',
            `Du ${f.dateDebut} au ${f.dateFin}.`,
            'dateDebut',
          ),
    );
  out.push(
    c.opcoAttendu === null
      ? controleDemande(
          'demande.opco',
          'a_verifier',
          `OPCO de l'entreprise (SIRET ${f.entreprise.siret}, IDCC ${f.entreprise.codeIdcc}) inconnu : un gestionnaire vérifie qu'elle relève de l'OPCO ${f.opco}.`,
          'opco',
        )
      : c.opcoAttendu === f.opco
        ? controleDemande(
            'demande.opco',
            'conforme',
            `L'entreprise relève de l'OPCO ${f.opco}.`,
            'opco',
          )
        : controleDemande(
            'demande.opco',
            'bloquant',
            `L'entreprise relève de l'OPCO ${c.opcoAttendu}, pas de l'OPCO ${f.opco} saisi.`,
            'opco',
          ),
  );
  return out;
}

export interface ResultatInstructionDemande {
  instruction: Instruction;
  /** The amount the rules give (null when a check blocks or the rules cannot say). */
  engagement:
    | (Omit<EngagementDemande, 'reservation'> & {
        montantCentimes: number;
        dateFin: string;
      })
    | null;
}

const motifEnControle = (
  regles: string,
  m: MotifRefus,
  valeur: 'bloquant' | 'avertissement',
  supplement = '',
): ResultatControle => ({
  code: `${regles}.${m.code}`,
  libelle: m.motif,
  resultat: valeur,
  message: `${m.motif}${supplement}`,
  articles: articlesReferences(m.references),
});

/**
 * Instructs a request at `date` (the request date: law and barème in force then). Pure.
 */
export function instruireDemande(
  c: ContexteDemande,
  f: DemandeFormulaire,
  date: string,
): ResultatInstructionDemande {
  const { regles } = DISPOSITIF_DEMANDE[f.type];
  const fondsParRegle = DISPOSITIF_DEMANDE[f.type].fondsParRegle;
  const resultats = controlesCommuns(c, f);
  const ev = situation(c, f, date, !(fondsParRegle && c.fondsInsuffisants), resultats);
  let engagement: ResultatInstructionDemande['engagement'] = null;
  const m = moteur(c.droit, regles);
  if (ev && m) {
    try {
      const r = m.complet(ev.situation, date, () => null, ev.references);
      for (const x of r.refus)
        resultats.push(
          motifEnControle(
            regles,
            x,
            'bloquant',
            x.code === 'fonds_epuises' && c.fondsInsuffisants ? ` : ${c.fondsInsuffisants}.` : '',
          ),
        );
      for (const x of r.avertissements) resultats.push(motifEnControle(regles, x, 'avertissement'));
      const montantCentimes = r.montant === null ? null : Math.round(r.montant * 100);
      if (r.eligible && montantCentimes !== null && montantCentimes > 0) {
        const detail: { libelle: string; montantCentimes: number }[] = [];
        for (const [nom, regle] of m.d.regles) {
          if (regle.unite !== '€' || nom === regles) continue;
          const v = r.valeurs[nom.slice(regles.length + 1)];
          if (typeof v === 'number' && v > 0)
            detail.push({ libelle: regle.description, montantCentimes: Math.round(v * 100) });
        }
        const resume = resumeDemande(f, c.session);
        engagement = {
          montantCentimes,
          detail,
          bareme: ev.bareme,
          dateDesParametres: r.dateDesParametres,
          dateFin: resume.dateFin,
        };
        resultats.push(
          controleDemande(
            'demande.montant',
            'conforme',
            `${euros(montantCentimes)} pris en charge selon les règles ${regles} au ${r.dateDesParametres}${ev.bareme ? ` et le barème ${ev.bareme.id} (version du ${ev.bareme.depuis ?? '—'})` : ''}${f.type === 'plan_moins_50' && c.dejaConsommeCentimes > 0 ? `, après ${euros(c.dejaConsommeCentimes)} déjà engagés cette année` : ''}.`,
          ),
        );
      } else if (r.eligible)
        resultats.push(
          controleDemande(
            'demande.montant',
            'bloquant',
            'Aucun montant à prendre en charge selon les règles du dispositif (0 €).',
          ),
        );
    } catch (e) {
      if (!estErreurOpco(e)) throw e;
      resultats.push(
        controleDemande(
          'demande.montant',
          'a_verifier',
          `Les règles ${regles} ne peuvent pas être évaluées au ${date} : ${e.message}`,
        ),
      );
    }
  }
  if (engagement && c.fondsInsuffisants && !fondsParRegle)
    resultats.push(controleDemande('demande.fonds_disponibles', 'a_verifier', c.fondsInsuffisants));
  const conclusion = resultats.some((r) => r.resultat === 'bloquant')
    ? 'bloquant'
    : resultats.some((r) => r.resultat === 'a_verifier')
      ? 'a_verifier'
      : 'conforme';
  return {
    instruction: { date, resultats, conclusion },
    engagement: conclusion === 'bloquant' ? null : engagement,
  };
}

/** The engagement the ledger books for a request version (section of the scheme). */
export function engagementDemande(
  droit: Droit,
  f: DemandeFormulaire,
  r: NonNullable<ResultatInstructionDemande['engagement']>,
  e: { demandeId: string; version: number; date: string; prestataire?: string | null },
): EngagementDemande {
  // The payee of training costs: the training body of the action; for an action collective,
  // the session's provider when the catalogue names it, else the company registered.
  const beneficiaire =
    f.type === 'plan_moins_50' || f.type === 'formation_ssct_cse'
      ? f.action.organismeSiret
      : f.type === 'action_collective' && e.prestataire
        ? e.prestataire
        : f.entreprise.siret;
  const dateFin = r.dateFin >= e.date ? r.dateFin : e.date;
  return {
    reservation: {
      dossierId: e.demandeId,
      versionDossier: e.version,
      opco: f.opco,
      section: DISPOSITIF_DEMANDE[f.type].section,
      origine: 'mutualises',
      idcc: f.entreprise.codeIdcc,
      siretBeneficiaire: beneficiaire,
      dateEngagement: e.date,
      montantTotalCentimes: r.montantCentimes,
      echeances: [
        {
          numero: 1,
          nature: 'solde',
          dateExigibilite: dateFin,
          montantCentimes: r.montantCentimes,
          exigeCertificatRealisation: true,
        },
      ],
      dateFinContrat: dateFin,
      trace: {
        versionDroit: versionDroit(droit),
        jeuDonnees: r.bareme ? `barème ${r.bareme.id} — ${r.bareme.version}` : null,
      },
    },
    detail: r.detail,
    bareme: r.bareme,
    dateDesParametres: r.dateDesParametres,
  };
}
