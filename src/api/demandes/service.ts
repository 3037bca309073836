import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { empreinteValeur, jsonCanonique } from '../../domaine/comptes/index.ts';
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
import type { Droit, Moteur } from '../../moteur/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
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
import {
  cleIdempotence,
  enregistrerCle,
  organisationsDe,
  type Auteur,
  type Proprietaires,
} from '../../stockage/dossiers.depot.ts';
import { listerOpcos } from '../../stockage/opco.depot.ts';
import type { Database } from '../../stockage/schema.ts';
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
      if (e.type !== 'engage' && e.type !== 'annule') continue;
      const engagement = e.type === 'engage' ? e.engagement.reservation : null;
      const r = await gl.reserver(trx, apres.id, engagement, e.type, {
        version: apres.version,
        date: e.date,
        droit,
        auteur: {
          compteId: auteur.compteId,
          cleId: auteur.cleId,
          organisationId: organisationOpco,
        },
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
    for (const e of evenements) {
      if (e.type !== 'engage' && e.type !== 'refuse' && e.type !== 'annule' && e.type !== 'solde')
        continue;
      await ajouterAudit(trx, {
        horodatage: this.horloge().toISOString(),
        compteId: auteur.compteId,
        cleId: auteur.cleId,
        organisationId: organisationOpco,
        action: `demande.${e.type}`,
        ressource: `demande:${apres.id}`,
        avant: avant ? empreinteValeur({ etat: avant.etat, engagement: avant.engagement }) : null,
        apres: empreinteValeur({
          etat: apres.etat,
          evenement: e,
          montantCentimes: apres.engagement?.reservation.montantTotalCentimes ?? null,
        }),
      });
    }
  }

  /**
   * Files a request and instructs it at once (the request date is today). With an idempotency
   * key, the same key from the same author returns the first request; another body → 409.
   */
  async deposer(
    auteur: Auteur,
    f: DemandeFormulaire,
    options: { cleIdempotence?: string; autoriser?: (p: Proprietaires) => void } = {},
  ): Promise<{ cree: boolean; ligne: LigneDemande }> {
    const auteurCle = auteur.cleId ?? auteur.compteId ?? 'systeme';
    const empreinte = createHash('sha256')
      .update(jsonCanonique({ demande: f }))
      .digest('hex');
    const date = this.aujourdhui();
    const proprietaires = await organisationsDe(this.base.db, f.entreprise.siret, '', f.opco);
    options.autoriser?.(proprietaires);
    const deja = async () => {
      if (!options.cleIdempotence) return null;
      const k = await cleIdempotence(this.base.db, auteurCle, options.cleIdempotence);
      if (!k) return null;
      const l = k.empreinte === empreinte ? await chargerDemande(this.base.db, k.dossierId) : null;
      if (!l) throw new ErreurOpco('ERR_IDEMPOTENCE_CONFLIT', { cle: options.cleIdempotence });
      return { cree: false, ligne: l };
    };
    const existant = await deja();
    if (existant) return existant;
    const hors = await this.contexteHors(f, date);
    const id = randomUUID();
    try {
      return await this.base.db.transaction().execute(async (trx) => {
        const ctx = await this.contexteDans(trx, hors, f, date);
        const r1 = transitionDemande(ctx, null, { type: 'creer', id, demande: f }, date);
        if (!r1.ok) throw new Error('création refusée');
        let r2 = transitionDemande(ctx, r1.demande, { type: 'transmettre' }, date);
        if (!r2.ok) throw new Error('transmission refusée');
        const refus = await this.grandLivre(
          trx,
          ctx.droit,
          r2.demande,
          r2.evenements,
          auteur,
          proprietaires.opco,
        );
        // Not engaged beyond the funds: the same instruction, told the ledger's figures.
        if (refus) {
          r2 = transitionDemande(
            { ...ctx, fondsInsuffisants: refus },
            r1.demande,
            { type: 'transmettre' },
            date,
          );
          if (!r2.ok) throw new Error('transmission refusée');
        }
        const evenements = [...r1.evenements, ...r2.evenements];
        await ajouterEvenementsDemande(trx, null, r2.demande, evenements, auteur, proprietaires);
        // The row exists: the registration names it (places checked under the session's lock).
        await this.places(trx, r2.demande, r2.evenements, proprietaires.entreprise);
        if (options.cleIdempotence)
          await enregistrerCle(trx, auteurCle, options.cleIdempotence, empreinte, id);
        await this.auditer(trx, auteur, null, r2.demande, evenements, proprietaires.opco);
        return { cree: true, ligne: { demande: r2.demande, proprietaires } };
      });
    } catch (e) {
      // Two deposits with one key at once: the loser finds the winner's request.
      const apres = await deja().catch(() => null);
      if (apres) return apres;
      throw e;
    }
  }

  /** Runs one command on a request, locked for the whole transaction. */
  async commander(
    auteur: Auteur,
    id: string,
    commande: Exclude<CommandeDemande, { type: 'creer' }>,
    options: { date?: string; autoriser?: (l: LigneDemande) => void } = {},
  ): Promise<IssueDemande> {
    const date = options.date ?? this.aujourdhui();
    const sans = await chargerDemande(this.base.db, id);
    if (!sans)
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', { ressource: 'Demande', identifiant: id });
    options.autoriser?.(sans);
    const hors = await this.contexteHors(sans.demande.formulaire, date);
    return this.base.db.transaction().execute(async (trx) => {
      const ctx = await this.contexteDans(trx, hors, sans.demande.formulaire, date, id);
      const l = await chargerDemande(trx, id, { verrouiller: true });
      if (!l)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Demande',
          identifiant: id,
        });
      const r = transitionDemande(ctx, l.demande, commande, date);
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
      await this.places(trx, r.demande, r.evenements, l.proprietaires.entreprise);
      await ajouterEvenementsDemande(trx, l.demande, r.demande, r.evenements, auteur);
      await this.auditer(trx, auteur, l.demande, r.demande, r.evenements, l.proprietaires.opco);
      return {
        ok: true,
        demande: r.demande,
        proprietaires: l.proprietaires,
        evenements: r.evenements,
      };
    });
  }

  /** The registration a request took in its session, if any. */
  inscription(id: string) {
    return inscriptionDeDemande(this.base.db, id);
  }
}
