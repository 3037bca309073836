import { createHash, randomUUID } from 'node:crypto';
import { jsonCanonique } from '../../domaine/comptes/index.ts';
import type { Transaction } from 'kysely';
import {
  definitionControle,
  instruireApprentissage,
  instruireProfessionnalisation,
  piecesManquantesApprentissage,
  piecesManquantesProfessionnalisation,
  referentielsDuDossier,
  transition,
  type Cerfa,
  type Commande,
  type ContexteDossier,
  type Dossier,
  type Evenement,
  type Resultat,
  type ResultatControle,
} from '../../domaine/dossiers/index.ts';
import type { EngagementAReserver } from '../../domaine/finances/engagement.ts';
import type {
  ReferentielsDossier,
  SourceReferentielsFormation,
} from '../../domaine/referentiels-formation/index.ts';
import type { Droit, Moteur, NpecReferentiel } from '../../moteur/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ajouterAuditLot, type NouvelleLigne } from '../../stockage/audit.depot.ts';
import { auteurFinances, introuvable, lignesAuditCycle } from '../cycle/commun.ts';
import { transactionsGroupees } from '../../stockage/transactions-groupees.ts';
import type { Base } from '../../stockage/db.ts';
import {
  ajouterEvenements,
  chargerDossier,
  echeancesDues,
  insertionsCreation,
  lireAvantDepot,
  type Auteur,
  type AvantDepot,
  type LigneDossier,
  type Proprietaires,
} from '../../stockage/dossiers.depot.ts';
import {
  noterHorsLivre,
  reserverPourDossier,
  type Auteur as AuteurFinances,
  type ResultatGrandLivreDossier,
} from '../../stockage/finances.depot.ts';
import { chercherNpec } from '../../stockage/npec.depot.ts';
import { opcoDeLIdccGroupe, referentielsGroupes } from './faits.ts';
import { MaitresEnVol } from './maitres-en-vol.ts';
import { obtenirRattacheur } from '../../stockage/rattachement.depot.ts';
import type { Database } from '../../stockage/schema.ts';

/**
 * What the instruction looks up outside the dossier. The reference data of point 6 (training
 * bodies, RNCP, oppositions) come through `SourceReferentielsFormation`: a fixed source (tests,
 * bulk), or one loaded for the keys of each dossier (the imported tables, `portsParDefaut`).
 */
export interface PortsDossiers {
  referentiels:
    SourceReferentielsFormation | ((cerfa: Cerfa) => Promise<SourceReferentielsFormation>);
  /** OPCO the finder gives for an employer (SIRET, IDCC) at a date; null if unknown. */
  opcoAttendu(siret: string, idcc: string, date: string): Promise<string | null>;
  npec(rncp: string, idcc: string, dateConclusion: string): Promise<NpecReferentiel | null>;
  /**
   * The ledger. Called inside the transaction that records an engagement (engage), its
   * recomputation (avenant, rupture) or its withdrawal (annule, `engagement` null); idempotent on
   * (dossierId, versionDossier).
   */
  grandLivre?: {
    reserver(
      trx: Transaction<Database>,
      dossierId: string,
      engagement: EngagementAReserver | null,
      evenement: Evenement['type'],
      contexte: ContexteReservation,
    ): Promise<ResultatGrandLivreDossier | null>;
  };
}

/** What the ledger needs besides the engagement: the dossier's version and date, the law, who. */
export interface ContexteReservation {
  version: number;
  date: string;
  droit: Droit;
  auteur: AuteurFinances;
}

/**
 * What the service does when the ledger refuses (docs/adr/ADR-2026-12-02-dossiers-grand-livre.md):
 * `file` — the automatic instruction leaves the dossier to a gestionnaire (funds check
 * « à vérifier » with the figures); `refuser` — a person's request (engage decision, avenant) is
 * refused with the figures; `noter` — a fact or the law (rupture, annulation, silence worth
 * acceptance) is recorded and the engagement is noted as not booked, with the reason.
 */
type SiRefus = 'file' | 'refuser' | 'noter';

export function portsParDefaut(base: Base): PortsDossiers {
  return {
    // The imported tables, read for this dossier's keys only (nothing imported: every lookup
    // finds nothing and the checks go to a gestionnaire, « à vérifier »).
    // R6223-6: the other contracts of the same maîtres, gathered here as a fact for the check.
    // Read with the deposits in flight of this process (one set of queries per group).
    referentiels: (cerfa) => referentielsGroupes(base.db, cerfa),
    opcoAttendu: async (siret, idcc, date) => {
      // The finder (SIRO table by SIRET, then the IDCC's OPCO); demonstration answers are not
      // evidence: then the loaded IDCC → OPCO table, else unknown (« à vérifier »).
      try {
        const r = await obtenirRattacheur(base);
        for (const rep of [r.parSiret(siret, date), r.parIdcc(idcc, date)])
          if (rep.opco && !rep.demo) return rep.opco.code;
      } catch {
        // No finder data loaded: fall through.
      }
      return opcoDeLIdccGroupe(base.db, idcc);
    },
    npec: (rncp, idcc, date) => chercherNpec(base.db, rncp, idcc, date),
    grandLivre: {
      reserver: (trx, dossierId, engagement, evenement, c) =>
        reserverPourDossier(
          trx,
          c.droit,
          dossierId,
          engagement,
          { evenement, version: c.version, date: c.date },
          c.auteur,
        ),
    },
  };
}

/** R6223-6 facts without the dossier being instructed itself (an avenant, a transmission). */
function sansLeDossier(r: ReferentielsDossier, dossierId: string | null): ReferentielsDossier {
  const c = r.contratsDesMaitres;
  if (!c || dossierId === null) return r;
  return { ...r, contratsDesMaitres: c.map((l) => l.filter((x) => x.dossierId !== dossierId)) };
}

/** R6223-6 across the deposits in flight, one registry per base (every service of the process). */
const registresEnVol = new WeakMap<Base, MaitresEnVol>();
function maitresEnVol(base: Base): MaitresEnVol {
  let r = registresEnVol.get(base);
  if (!r) {
    r = new MaitresEnVol();
    registresEnVol.set(base, r);
  }
  return r;
}

/** Today in Paris (deadlines are calendar days in France). */
export function jourParis(d: Date): string {
  return FORMAT_JOUR_PARIS.format(d);
}

/** Built once: constructing an Intl formatter costs more than a deposit's SQL (profiled). */
const FORMAT_JOUR_PARIS = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' });

const ACTIONS_AUDITEES: ReadonlySet<Evenement['type']> = new Set([
  'engage',
  'refuse',
  'decision_implicite',
  'avenant',
  'rupture',
  'annule',
  'solde',
]);

/** Events whose engagement the ledger books (`reserver`). */
const aReserver = (e: Evenement) =>
  e.type === 'engage' || e.type === 'avenant' || e.type === 'rupture' || e.type === 'annule';

export type Issue =
  | { ok: true; dossier: Dossier; proprietaires: Proprietaires; evenements: Evenement[] }
  | { ok: false; raisons: Extract<Resultat, { ok: false }>['raisons'] };

/**
 * Dossier use cases shared by the API, the CLI and the scheduler: each command runs in one
 * transaction that locks the dossier row, replays its events, asks the pure transition, appends
 * the new events, updates the projection and writes decisions and money on the audit trail.
 */
export class ServiceDossiers {
  constructor(
    private readonly base: Base,
    private readonly moteur: Moteur,
    private readonly ports: PortsDossiers,
    private readonly horloge: () => Date = () => new Date(),
  ) {}

  aujourdhui(): string {
    return jourParis(this.horloge());
  }

  private contexteVide(): ContexteDossier {
    return {
      droit: this.moteur.droit,
      moteur: this.moteur,
      referentiels: { organisme: null, certification: null, oppositions: [], opcoAttendu: null },
      npec: null,
    };
  }

  private async contexte(
    cerfa: Cerfa,
    date: string,
    dossierId: string | null = null,
  ): Promise<ContexteDossier> {
    const opco = await this.ports.opcoAttendu(
      cerfa.employeur.siret,
      cerfa.employeur.codeIdcc,
      date,
    );
    const rncp = cerfa.formation.rncp;
    const npec =
      cerfa.formulaire === 'FA13' && cerfa.couts.npecAnnuel === undefined && rncp
        ? await this.ports.npec(rncp, cerfa.employeur.codeIdcc, cerfa.contrat.dateConclusion)
        : null;
    return {
      droit: this.moteur.droit,
      moteur: this.moteur,
      referentiels: sansLeDossier(
        referentielsDuDossier(
          typeof this.ports.referentiels === 'function'
            ? await this.ports.referentiels(cerfa)
            : this.ports.referentiels,
          cerfa,
          opco,
        ),
        dossierId,
      ),
      npec,
    };
  }

  /**
   * Hands the engagement of every money event to the ledger, in the dossier's transaction,
   * BEFORE the events are written. Returns the ledger's refusal (figures) when `siRefus` asks
   * the caller to act on it; with `noter`, records the engagement as not booked and goes on.
   */
  private async reserver(
    trx: Transaction<Database>,
    apres: Dossier,
    evenements: readonly Evenement[],
    siRefus: SiRefus,
    auteur: Auteur,
    organisationOpco: string | null,
  ): Promise<string | null> {
    const gl = this.ports.grandLivre;
    if (!gl) return null;
    for (const e of evenements) {
      if (!aReserver(e)) continue;
      const engagement = apres.engagement?.reservation ?? null;
      const r = await gl.reserver(trx, apres.id, engagement, e.type, {
        version: apres.version,
        date: e.date,
        droit: this.moteur.droit,
        auteur: auteurFinances(auteur, organisationOpco),
      });
      if (!r || r.statut !== 'refuse') continue;
      const motif = r.motifs.join(' ; ');
      if (siRefus !== 'noter') return motif;
      if (engagement)
        await noterHorsLivre(
          trx,
          engagement,
          e.type,
          `refusé par le grand livre : ${motif}`,
          auteurFinances(auteur, organisationOpco),
        );
    }
    return null;
  }

  /** The audit rows of the decisions and money events among `evenements`. */
  private lignesAudit(
    auteur: Auteur,
    avant: Dossier | null,
    apres: Dossier,
    evenements: readonly Evenement[],
    organisationOpco: string | null,
  ): NouvelleLigne[] {
    return lignesAuditCycle(
      'dossier',
      this.horloge().toISOString(),
      auteur,
      avant,
      apres,
      evenements,
      organisationOpco,
      ACTIONS_AUDITEES,
    );
  }

  private async auditer(
    trx: Transaction<Database>,
    auteur: Auteur,
    avant: Dossier | null,
    apres: Dossier,
    evenements: readonly Evenement[],
    organisationOpco: string | null,
  ): Promise<void> {
    await ajouterAuditLot(
      trx,
      this.lignesAudit(auteur, avant, apres, evenements, organisationOpco),
    );
  }

  /** The checks a deposit would run now, without storing anything (inline checks of the form). */
  async verifier(cerfa: Cerfa): Promise<{ resultats: ResultatControle[]; manquants: string[] }> {
    const date = this.aujourdhui();
    const ctx = await this.contexte(cerfa, date);
    if (cerfa.formulaire === 'FA13')
      return {
        resultats: instruireApprentissage(ctx.droit, cerfa, ctx.referentiels),
        manquants: piecesManquantesApprentissage(cerfa),
      };
    return {
      resultats: instruireProfessionnalisation(ctx.droit, cerfa, ctx.referentiels),
      manquants: piecesManquantesProfessionnalisation(cerfa),
    };
  }

  /**
   * Deposit: creates the dossier (brouillon) and, unless it is a draft, transmits it at once
   * (automatic instruction). With an idempotency key, the same key from the same author returns
   * the first dossier; the same key with another body is refused.
   */
  async deposer(
    auteur: Auteur,
    cerfa: Cerfa,
    options: {
      brouillon?: boolean;
      cleIdempotence?: string;
      autoriser?: (p: Proprietaires) => void;
    },
  ): Promise<{ cree: boolean; ligne: LigneDossier }> {
    const auteurCle = auteur.cleId ?? auteur.compteId ?? 'systeme';
    const empreinte = createHash('sha256')
      .update(jsonCanonique({ cerfa, brouillon: options.brouillon ?? false }))
      .digest('hex');
    const date = this.aujourdhui();
    // Owners and the key already used, in one round trip (grouped with the lookups of the
    // deposits in flight in this process); the dossier of a used key from its projection row.
    const lire = () =>
      lireAvantDepot(this.base.db, {
        siretEmployeur: cerfa.employeur.siret,
        siretCfa: cerfa.formation.organisme.siret,
        codeOpco: cerfa.opco,
        auteur: auteurCle,
        cle: options.cleIdempotence ?? null,
      });
    const deja = (k: AvantDepot['cle']) => {
      if (!k || !options.cleIdempotence) return null;
      if (k.empreinte !== empreinte)
        throw new ErreurOpco('ERR_IDEMPOTENCE_CONFLIT', { cle: options.cleIdempotence });
      if (!k.ligne)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Dossier',
          identifiant: k.dossierId,
        });
      return { cree: false, ligne: k.ligne };
    };
    const enVol = maitresEnVol(this.base);
    const debut = enVol.commencer();
    const id = randomUUID();
    try {
      return await this.deposerEnVol(auteur, cerfa, options, id, enVol, {
        lire,
        deja,
        date,
        empreinte,
        auteurCle,
      });
    } finally {
      enVol.finir(debut);
    }
  }

  private async deposerEnVol(
    auteur: Auteur,
    cerfa: Cerfa,
    options: {
      brouillon?: boolean;
      cleIdempotence?: string;
      autoriser?: (p: Proprietaires) => void;
    },
    id: string,
    enVol: MaitresEnVol,
    a: {
      lire: () => Promise<AvantDepot>;
      deja: (k: AvantDepot['cle']) => { cree: boolean; ligne: LigneDossier } | null;
      date: string;
      empreinte: string;
      auteurCle: string;
    },
  ): Promise<{ cree: boolean; ligne: LigneDossier }> {
    const { lire, deja, date, empreinte, auteurCle } = a;
    const avant = await lire();
    const proprietaires = avant.proprietaires;
    options.autoriser?.(proprietaires);
    const existant = deja(avant.cle);
    if (existant) return existant;
    const lu = options.brouillon ? null : await this.contexte(cerfa, date);
    // R6223-6: with the deposits instructed before this one in this process (no await between
    // this and the instruction, so that the order is the deposit order).
    const ctx = lu ? enVol.completer(lu, cerfa, id) : null;
    const cle = options.cleIdempotence
      ? { auteur: auteurCle, cle: options.cleIdempotence, empreinte }
      : null;
    try {
      // Grouped with the deposits in flight in this process: one transaction, one audit append,
      // one commit for all of them (src/stockage/transactions-groupees.ts).
      // The pure transitions first, outside the transaction (instruction and engagement are
      // the CPU of a deposit); inside, only the ledger and the writes.
      const r1 = transition(ctx ?? this.contexteVide(), null, { type: 'creer', id, cerfa }, date);
      if (!r1.ok) throw new Error('création refusée');
      const cree = r1.dossier;
      const transmis = ctx ? transition(ctx, cree, { type: 'transmettre' }, date) : null;
      if (transmis?.ok) enVol.inscrire(id, cerfa, transmis.dossier.etat);
      // Its rows and audit rows are written with those of its group, in one statement.
      const ecritures = (d: Dossier, evenements: readonly Evenement[]) => ({
        valeur: { cree: true, ligne: { dossier: d, proprietaires } },
        insertions: insertionsCreation(d, evenements, auteur, proprietaires, cle),
        audit: this.lignesAudit(auteur, null, d, evenements, proprietaires.opco),
      });
      const groupe = transactionsGroupees(this.base.db);
      // Without money to book (no ledger, or not engaged), nothing to run in the transaction:
      // the unit is its writes.
      if (!ctx || !transmis?.ok || !this.ports.grandLivre || !transmis.evenements.some(aReserver)) {
        const r = await groupe.executer(
          transmis?.ok
            ? ecritures(transmis.dossier, [...r1.evenements, ...transmis.evenements])
            : ecritures(cree, r1.evenements),
        );
        enVol.ecrit(id, true);
        return r;
      }
      const r = await groupe.executer(async (trx) => {
        let r2: Resultat = transmis;
        const refus = await this.reserver(
          trx,
          r2.dossier,
          r2.evenements,
          'file',
          auteur,
          proprietaires.opco,
        );
        // Not engaged beyond the budget: the same instruction, told the ledger's figures.
        if (refus)
          r2 = transition(
            { ...ctx, fondsInsuffisants: refus },
            cree,
            { type: 'transmettre' },
            date,
          );
        return r2.ok
          ? ecritures(r2.dossier, [...r1.evenements, ...r2.evenements])
          : ecritures(cree, r1.evenements);
      });
      enVol.ecrit(id, true);
      return r;
    } catch (e) {
      enVol.ecrit(id, false);
      // Two deposits with one key at the same time: the loser finds the winner's dossier.
      const apres = options.cleIdempotence
        ? await lire().then(
            (a) => deja(a.cle),
            () => null,
          )
        : null;
      if (apres) return apres;
      throw e;
    }
  }

  /** Runs one command on a dossier, locked for the whole transaction. */
  async commander(
    auteur: Auteur,
    id: string,
    commande: Commande,
    options: { date?: string; autoriser?: (l: LigneDossier) => void } = {},
  ): Promise<Issue> {
    const date = options.date ?? this.aujourdhui();
    const sans = await chargerDossier(this.base.db, id);
    if (!sans) throw introuvable('Dossier', id);
    options.autoriser?.(sans);
    const cerfa =
      commande.type === 'modifier' || commande.type === 'avenant'
        ? commande.cerfa
        : sans.dossier.cerfa;
    const ctx = await this.contexte(cerfa, date, id);
    return this.base.db.transaction().execute(async (trx) => {
      const l = await chargerDossier(trx, id, { verrouiller: true });
      if (!l) throw introuvable('Dossier', id);
      let r = transition(ctx, l.dossier, commande, date);
      if (!r.ok) return r;
      const siRefus: SiRefus =
        commande.type === 'transmettre'
          ? 'file'
          : commande.type === 'decider' || commande.type === 'avenant'
            ? 'refuser'
            : 'noter';
      const refus = await this.reserver(
        trx,
        r.dossier,
        r.evenements,
        siRefus,
        auteur,
        l.proprietaires.opco,
      );
      if (refus && siRefus === 'refuser')
        return {
          ok: false,
          raisons: [
            {
              code: 'engagement.fonds_disponibles',
              message: `Engagement non réservé : ${refus}.`,
              articles: definitionControle('engagement.fonds_disponibles').articles,
            },
          ],
        };
      if (refus) {
        r = transition({ ...ctx, fondsInsuffisants: refus }, l.dossier, commande, date);
        if (!r.ok) return r;
      }
      await ajouterEvenements(trx, l.dossier, r.dossier, r.evenements, auteur);
      await this.auditer(trx, auteur, l.dossier, r.dossier, r.evenements, l.proprietaires.opco);
      return {
        ok: true,
        dossier: r.dossier,
        proprietaires: l.proprietaires,
        evenements: r.evenements,
      };
    });
  }

  /**
   * One tick of the scheduler: applies the silence rule (R6224-3 refusal, D6325-2 acceptance)
   * to every dossier whose deadline has passed. Rows are taken FOR UPDATE SKIP LOCKED and the
   * transition re-checks the state, so two processes never apply it twice.
   */
  async appliquerSilences(processus: string, limite = 100): Promise<number> {
    const date = this.aujourdhui();
    const auteur: Auteur = { compteId: null, cleId: null, processus };
    let traites = 0;
    for (;;) {
      const n = await this.base.db.transaction().execute(async (trx) => {
        const ids = await echeancesDues(trx, date, limite);
        for (const id of ids) {
          const l = await chargerDossier(trx, id);
          if (!l) continue;
          // The silence needs no lookup (refusal; or acceptance of a professionalisation
          // contract, whose flat amount is law only): no query outside the transaction.
          const r = transition(this.contexteVide(), l.dossier, { type: 'appliquer_silence' }, date);
          if (!r.ok) continue;
          // Silence worth acceptance is the law: engaged; a ledger refusal is noted, visible.
          await this.reserver(trx, r.dossier, r.evenements, 'noter', auteur, l.proprietaires.opco);
          await ajouterEvenements(trx, l.dossier, r.dossier, r.evenements, auteur);
          await this.auditer(trx, auteur, l.dossier, r.dossier, r.evenements, l.proprietaires.opco);
        }
        return ids.length;
      });
      traites += n;
      if (n < limite) return traites;
    }
  }
}

/**
 * Seconds between two ticks of the silence scheduler (OPCO_DOSSIERS_PLANIFICATEUR_SECONDES,
 * default 300; 0 turns it off, e.g. for a read-only replica).
 */
export function intervallePlanificateur(
  e: Record<string, string | undefined> = process.env,
): number {
  const v = e.OPCO_DOSSIERS_PLANIFICATEUR_SECONDES;
  if (v === undefined || v === '') return 300;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new ErreurOpco('ERR_CONFIGURATION', {
      detail: `OPCO_DOSSIERS_PLANIFICATEUR_SECONDES : entier positif ou nul attendu, trouvé « ${v} »`,
    });
  return n;
}

/** Runs the scheduler every `intervalleMs` until stopped (server processes). */
export function demarrerPlanificateur(
  service: ServiceDossiers,
  processus: string,
  intervalleMs: number,
  journal: (e: unknown) => void,
): () => Promise<void> {
  let enCours: Promise<unknown> = Promise.resolve();
  const t = setInterval(() => {
    enCours = service.appliquerSilences(processus).catch(journal);
  }, intervalleMs);
  t.unref();
  return async () => {
    clearInterval(t);
    await enCours;
  };
}
