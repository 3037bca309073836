import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  articlesDe,
  instruireDemande,
  transitionDemande,
  type CommandeDemande,
  type ContexteDemande,
  type Demande,
  type DemandeFormulaire,
  type EvenementDemande,
  type ResultatDemande,
  type ResultatInstructionDemande,
} from '../../domaine/demandes/index.ts';
import { droitAvecBaremes } from '../../droit/baremes-edites.ts';
import type { EngagementAReserver } from '../../domaine/finances/engagement.ts';
import type { Droit, Moteur } from '../../moteur/index.ts';
import { ajouterAuditLot } from '../../stockage/audit.depot.ts';
import { baremesCourants, derniereVersionBaremes } from '../../stockage/baremes.depot.ts';
import type { Base } from '../../stockage/db.ts';
import {
  ajouterEvenementsDemande,
  chargerDemande,
  consommePlan,
  inscriptionDeDemande,
  inscrireDemande,
  libererInscription,
  sessionLue,
  sessionPourDemande,
  verrouillerEntreprise,
  type LigneDemande,
} from '../../stockage/demandes.depot.ts';
import { type Auteur, type Proprietaires } from '../../stockage/cycle.depot.ts';
import { enregistrerCle, organisationsDe } from '../../stockage/dossiers.depot.ts';
import { facturesDemande } from '../../stockage/demandes-factures.depot.ts';
import { recevoirFactureDemande, type FactureProposeeDemande } from './factures.ts';
import { listerOpcos } from '../../stockage/opco.depot.ts';
import type { Database } from '../../stockage/schema.ts';
import { auteurFinances, idempotence, introuvable, lignesAuditCycle } from '../cycle/commun.ts';
import { jourParis, portsParDefaut, type PortsDossiers } from '../dossiers/service.ts';

/**
 * Requests for funding (issue 14 point 3) on the dossiers' machinery: one transaction per
 * command locks the request (and, for an action collective, its session; for plan < 50, the
 * company), replays its events, asks the pure transition, books or releases the engagement on
 * the ledger BEFORE writing the events, takes or frees the places, and writes the audit trail.
 */
export interface PortsDemandes {
  opcoAttendu: PortsDossiers['opcoAttendu'];
  /** Slug of an OPCO code in the imported OPCO list (barèmes name their OPCO by slug). */
  slugOpco(code: string): Promise<string | null>;
  grandLivre?: PortsDossiers['grandLivre'];
}

export function portsDemandesParDefaut(base: Base): PortsDemandes {
  const d = portsParDefaut(base);
  return {
    opcoAttendu: d.opcoAttendu,
    slugOpco: async (code) =>
      (await listerOpcos(base.db))?.opcos.find((o) => o.code === code)?.slug ?? null,
    ...(d.grandLivre ? { grandLivre: d.grandLivre } : {}),
  };
}

export type IssueDemande =
  | { ok: true; demande: Demande; proprietaires: Proprietaires; evenements: EvenementDemande[] }
  | { ok: false; raisons: Extract<ResultatDemande, { ok: false }>['raisons'] };

const PLAN = 'plan_moins_50';

const ACTIONS_AUDITEES: ReadonlySet<EvenementDemande['type']> = new Set([
  'engage',
  'refuse',
  'annule',
  'solde',
  'revise',
  'avenant',
]);

/** The organisations owning a request: its company (SIRET) and its OPCO (code). */
const proprietairesDe = (base: Base, f: DemandeFormulaire) =>
  organisationsDe(base.db, f.entreprise.siret, '', f.opco);

export class ServiceDemandes {
  private cache: { marque: number; droit: Droit; versions: Map<string, number> } | null = null;

  constructor(
    private readonly base: Base,
    private readonly moteur: Moteur,
    private readonly ports: PortsDemandes,
    private readonly horloge: () => Date = () => new Date(),
  ) {}

  aujourdhui(): string {
    return jourParis(this.horloge());
  }

  /** The law with the OPCO-edited barèmes (latest version of each), rebuilt on change. */
  private async droit(): Promise<{ droit: Droit; versions: Map<string, number> }> {
    const marque = await derniereVersionBaremes(this.base.db);
    if (!this.cache || this.cache.marque !== marque) {
      const edites = await baremesCourants(this.base.db, PLAN);
      this.cache = {
        marque,
        droit: droitAvecBaremes(this.moteur.droit, edites),
        versions: new Map(edites.map((v) => [v.bareme, v.version])),
      };
    }
    return this.cache;
  }

  /** Everything the instruction looks up outside a transaction (finder, OPCO list, barèmes). */
  private async contexteHors(f: DemandeFormulaire, date: string): Promise<ContexteDemande> {
    const { droit, versions } = await this.droit();
    const bareme = 'bareme' in f ? f.bareme : undefined;
    const v = bareme ? versions.get(bareme) : undefined;
    return {
      droit,
      opcoAttendu: await this.ports.opcoAttendu(f.entreprise.siret, f.entreprise.codeIdcc, date),
      slugOpco: await this.ports.slugOpco(f.opco),
      session: null,
      dejaConsommeCentimes: 0,
      versionBareme: v === undefined ? null : `barème édité, version ${v}`,
    };
  }

  /** The same, completed inside the transaction: session locked, company's consumption. */
  private async contexteDans(
    trx: Transaction<Database>,
    c: ContexteDemande,
    f: DemandeFormulaire,
    date: string,
    sauf?: string,
  ): Promise<ContexteDemande> {
    await verrouillerEntreprise(trx, f.entreprise.siret);
    return {
      ...c,
      session: f.type === 'action_collective' ? await sessionPourDemande(trx, f.session) : null,
      dejaConsommeCentimes:
        f.type === 'plan_moins_50'
          ? await consommePlan(trx, f.entreprise.siret, f.bareme, date.slice(0, 4), sauf)
          : 0,
    };
  }

  /** The checks a request would get now, without storing anything (the web form's preview). */
  async verifier(f: DemandeFormulaire): Promise<ResultatInstructionDemande> {
    const date = this.aujourdhui();
    const c = await this.contexteHors(f, date);
    const session =
      f.type === 'action_collective' ? await sessionLue(this.base.db, f.session) : null;
    return instruireDemande({ ...c, session }, f, date);
  }

  /**
   * Books (or releases) on the ledger the engagement of the money events, in `trx`, before the
   * events are written. Returns the ledger's refusal with its figures, or null.
   */
  private async grandLivre(
    trx: Transaction<Database>,
    droit: Droit,
    apres: Demande,
    evenements: readonly EvenementDemande[],
    auteur: Auteur,
    organisationOpco: string | null,
  ): Promise<string | null> {
    const gl = this.ports.grandLivre;
    if (!gl) return null;
    for (const e of evenements) {
      const engagement = reservationDe(e);
      if (engagement === undefined || e.type === 'revise') continue;
      const r = await gl.reserver(trx, apres.id, engagement, e.type, {
        version: apres.version,
        date: e.date,
        droit,
        auteur: auteurFinances(auteur, organisationOpco),
      });
      if (r && r.statut === 'refuse') return r.motifs.join(' ; ');
    }
    return null;
  }

  /** Places of an action collective taken (engaged) or freed (cancelled), under the session's lock. */
  private async places(
    trx: Transaction<Database>,
    d: Demande,
    evenements: readonly EvenementDemande[],
    organisationEntreprise: string | null,
  ): Promise<void> {
    const f = d.formulaire;
    if (f.type !== 'action_collective') return;
    for (const e of evenements) {
      if (e.type === 'engage')
        await inscrireDemande(trx, {
          sessionId: f.session,
          organisationId: organisationEntreprise ?? f.entreprise.siret,
          stagiaires: f.stagiaires,
          montantCentimes: e.engagement.reservation.montantTotalCentimes,
          demandeId: d.id,
        });
      if (e.type === 'annule') await libererInscription(trx, d.id);
    }
  }

  private async auditer(
    trx: Transaction<Database>,
    auteur: Auteur,
    avant: Demande | null,
    apres: Demande,
    evenements: readonly EvenementDemande[],
    organisationOpco: string | null,
  ): Promise<void> {
    await ajouterAuditLot(
      trx,
      lignesAuditCycle(
        'demande',
        this.horloge().toISOString(),
        auteur,
        avant,
        apres,
        evenements,
        organisationOpco,
        ACTIONS_AUDITEES,
      ),
    );
  }

  /**
   * Files a request and instructs it at once (the request date is today), or, with
   * `brouillon`, saves it as a draft (not transmitted, seen by its company only). With an
   * idempotency key, the same key from the same author returns the first request; another
   * body → 409.
   */
  async deposer(
    auteur: Auteur,
    f: DemandeFormulaire,
    options: {
      brouillon?: boolean;
      cleIdempotence?: string;
      autoriser?: (p: Proprietaires) => void;
    } = {},
  ): Promise<{ cree: boolean; ligne: LigneDemande }> {
    const date = this.aujourdhui();
    const proprietaires = await proprietairesDe(this.base, f);
    options.autoriser?.(proprietaires);
    const idem = idempotence(this.base, {
      auteur,
      cle: options.cleIdempotence,
      // The digest of a transmitted request is unchanged since drafts exist (keys kept valid).
      corps: options.brouillon ? { demande: f, brouillon: true } : { demande: f },
      ressource: 'Demande',
      charger: (k) => chargerDemande(this.base.db, k),
    });
    const existant = await idem.deja();
    if (existant) return existant;
    const id = randomUUID();
    try {
      const hors = options.brouillon ? null : await this.contexteHors(f, date);
      return await this.base.db.transaction().execute(async (trx) => {
        const ctx = hors ? await this.contexteDans(trx, hors, f, date) : null;
        const r1 = transitionDemande(
          ctx ?? this.contexteVide(),
          null,
          { type: 'creer', id, demande: f },
          date,
        );
        if (!r1.ok) throw new Error('création refusée');
        const r2 = ctx
          ? await this.transmettre(trx, ctx, r1.demande, date, auteur, proprietaires.opco)
          : null;
        if (r2 && !r2.ok) throw new Error('transmission refusée');
        const d = r2 ? r2.demande : r1.demande;
        const evenements = [...r1.evenements, ...(r2?.evenements ?? [])];
        await ajouterEvenementsDemande(trx, null, d, evenements, auteur, proprietaires);
        // The row exists: the registration names it (places checked under the session's lock).
        if (r2) await this.places(trx, d, r2.evenements, proprietaires.entreprise);
        if (idem.cle)
          await enregistrerCle(trx, idem.cle.auteur, idem.cle.cle, idem.cle.empreinte, id);
        await this.auditer(trx, auteur, null, d, evenements, proprietaires.opco);
        return { cree: true, ligne: { demande: d, proprietaires } };
      });
    } catch (e) {
      // Two deposits with one key at once: the loser finds the winner's request.
      return idem.rattraper(e);
    }
  }

  /** A context for what needs no lookup (a draft's creation or modification). */
  private contexteVide(): ContexteDemande {
    return {
      droit: this.moteur.droit,
      opcoAttendu: null,
      slugOpco: null,
      session: null,
      dejaConsommeCentimes: 0,
      versionBareme: null,
    };
  }

  /**
   * Transmission or modification (an instruction, an avenant) and the ledger, in `trx`: not
   * engaged beyond the funds, the same command is told the ledger's figures (an avenant is then
   * refused with them).
   */
  private async transmettre(
    trx: Transaction<Database>,
    ctx: ContexteDemande,
    d: Demande,
    date: string,
    auteur: Auteur,
    organisationOpco: string | null,
    commande: Extract<CommandeDemande, { type: 'transmettre' | 'reviser' }> = {
      type: 'transmettre',
    },
  ): Promise<ResultatDemande> {
    const r = transitionDemande(ctx, d, commande, date);
    if (!r.ok) return r;
    const refus = await this.grandLivre(
      trx,
      ctx.droit,
      r.demande,
      r.evenements,
      auteur,
      organisationOpco,
    );
    return refus ? transitionDemande({ ...ctx, fondsInsuffisants: refus }, d, commande, date) : r;
  }

  /**
   * Runs one command on a request, locked for the whole transaction. A draft modified is
   * authorised again on its new owners (`autoriser` is called with them too).
   */
  async commander(
    auteur: Auteur,
    id: string,
    commande: Exclude<CommandeDemande, { type: 'creer' }>,
    options: {
      date?: string;
      autoriser?: (l: LigneDemande) => void;
    } = {},
  ): Promise<IssueDemande> {
    const date = options.date ?? this.aujourdhui();
    const sans = await chargerDemande(this.base.db, id);
    if (!sans) throw introuvable('Demande', id);
    options.autoriser?.(sans);
    const f = commande.type === 'modifier' ? commande.demande : sans.demande.formulaire;
    const nouveaux =
      commande.type === 'modifier' ? await proprietairesDe(this.base, commande.demande) : null;
    if (nouveaux) options.autoriser?.({ demande: sans.demande, proprietaires: nouveaux });
    // A modification is instructed by the rules in force on the request date.
    const dateRegles = commande.type === 'reviser' ? sans.demande.dateDemande : date;
    const hors = commande.type === 'modifier' ? null : await this.contexteHors(f, dateRegles);
    return this.base.db.transaction().execute(async (trx) => {
      const ctx = hors
        ? await this.contexteDans(trx, hors, f, dateRegles, id)
        : this.contexteVide();
      const l = await chargerDemande(trx, id, { verrouiller: true });
      if (!l) throw introuvable('Demande', id);
      const factures =
        commande.type === 'solder' || commande.type === 'reviser'
          ? await facturesDemande(trx, id)
          : [];
      ctx.factureesCentimes = factures.reduce((s, x) => s + x.montantHtCentimes, 0);
      let r: ResultatDemande;
      if (commande.type === 'transmettre' || commande.type === 'reviser') {
        r = await this.transmettre(
          trx,
          ctx,
          l.demande,
          date,
          auteur,
          l.proprietaires.opco,
          commande,
        );
        if (!r.ok) return r;
      } else {
        r = transitionDemande(
          ctx,
          l.demande,
          commande.type === 'solder'
            ? {
                ...commande,
                factures: factures.map((x) => ({
                  id: x.id,
                  numero: x.numero,
                  siretEmetteur: x.siretEmetteur,
                  montantHtCentimes: x.montantHtCentimes,
                })),
              }
            : commande,
          date,
        );
        if (!r.ok) return r;
        const refus = await this.grandLivre(
          trx,
          ctx.droit,
          r.demande,
          r.evenements,
          auteur,
          l.proprietaires.opco,
        );
        if (refus)
          return {
            ok: false,
            raisons: [
              {
                code: 'demande.fonds_disponibles',
                message: `Engagement non réservé : ${refus}.`,
                articles: articlesDe('demande.fonds_disponibles'),
              },
            ],
          };
      }
      if (!r.ok) return r;
      await ajouterEvenementsDemande(
        trx,
        l.demande,
        r.demande,
        r.evenements,
        auteur,
        nouveaux ?? undefined,
      );
      await this.places(trx, r.demande, r.evenements, l.proprietaires.entreprise);
      const proprietaires = nouveaux ?? l.proprietaires;
      await this.auditer(trx, auteur, l.demande, r.demande, r.evenements, proprietaires.opco);
      return { ok: true, demande: r.demande, proprietaires, evenements: r.evenements };
    });
  }

  /**
   * Records an invoice on an engaged request, under the request's lock (./factures.ts): a
   * second copy of one issuer's number — on any request, even at the same instant — is refused.
   */
  recevoirFacture(
    auteur: Auteur,
    id: string,
    f: FactureProposeeDemande,
    autoriser?: (l: LigneDemande) => void,
  ) {
    return recevoirFactureDemande(
      this.base,
      this.horloge,
      this.aujourdhui(),
      auteur,
      id,
      f,
      autoriser,
    );
  }

  /** The invoices of a request. */
  factures(id: string) {
    return facturesDemande(this.base.db, id);
  }

  /** The registration a request took in its session, or null. */
  inscription(id: string) {
    return inscriptionDeDemande(this.base.db, id);
  }
}

/**
 * What a request's event books on the ledger: the engagement (engage), its release (annule:
 * null), its reduction to the realised amount (solde, dated the day of the settlement); or
 * nothing (undefined).
 */
function reservationDe(e: EvenementDemande): EngagementAReserver | null | undefined {
  if (e.type === 'engage') return e.engagement.reservation;
  if (e.type === 'annule') return null;
  // An avenant: the new version of the engagement; the ledger books the difference today.
  if (e.type === 'avenant') return { ...e.engagement.reservation, dateEngagement: e.date };
  if (e.type === 'solde' && e.realise && e.realise.libereCentimes > 0)
    return { ...e.realise.engagement.reservation, dateEngagement: e.date };
  return undefined;
}
