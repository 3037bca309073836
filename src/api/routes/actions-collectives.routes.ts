import { z } from 'zod';
import { empreinteValeur, type Action, type Sujet } from '../../domaine/comptes/index.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { simulerDispositif } from '../../droit/simulation-dispositifs.ts';
import { versionsParDefaut } from '../../droit/simulation-salaire.ts';
import { verifierSiret } from '../../domaine/entreprise/index.ts';
import { estDateIso } from '../../moteur/index.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import { resultatDispositifSchema } from '../../partage/simulation-dispositifs.schema.ts';
import {
  ajouterInscription,
  annulerSession,
  creerSession,
  inscriptionsDe,
  listerSessions,
  modifierSession,
  sessionVerrouillee,
  stagiairesInscrits,
  type SessionActionCollective,
} from '../../stockage/actions-collectives.depot.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
import { authentificationDe } from '../acces/installer.ts';
import type { ModuleRoutes } from '../types.ts';

/**
 * Actions collectives: an OPCO publishes sessions (catalogue), a company registers stagiaires.
 * The registration is decided by the rules of droit/regles/action_collective on the free places
 * read under the session row's lock (SELECT … FOR UPDATE): never more stagiaires than places,
 * even with concurrent requests from several server processes. A refusal is a value.
 */
const sessionSchema = z
  .object({
    id: z.number(),
    organisationId: z.string(),
    intitule: z.string(),
    dateDebut: z.string(),
    places: z.number(),
    placesRestantes: z.number(),
    prixNegocie: z.number().describe('Prix négocié par stagiaire (€)'),
    tauxFinancement: z.number(),
    idccEligibles: z.array(z.string()).describe('Branches éligibles (vide : toutes)'),
    effectifMax: z.number().nullable(),
    annuleeLe: z.string().nullable().describe("Date d'annulation par l'OPCO"),
    motifAnnulation: z.string().nullable(),
    organismeSiret: z
      .string()
      .nullable()
      .describe("SIRET de l'organisme prestataire (null : non renseigné)"),
  })
  .meta({ id: 'SessionActionCollective' });

const nouvelleSessionSchema = z
  .object({
    intitule: z.string().min(1).max(300),
    dateDebut: z.string().refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' }),
    places: z.number().int().min(0).max(100000),
    prixNegocie: z
      .number()
      .finite()
      .min(0)
      .max(1_000_000)
      .describe('Prix négocié par stagiaire (€)'),
    tauxFinancement: z.number().min(0).max(1),
    idccEligibles: z.array(z.string().regex(/^\d{1,4}$/)).default([]),
    effectifMax: z.number().int().min(0).max(10_000_000).nullable().default(null),
    organismeSiret: z
      .string()
      .transform((s, ctx) => {
        const v = verifierSiret(s);
        if (!v.ok) {
          ctx.addIssue({ code: 'custom', message: v.probleme });
          return z.NEVER;
        }
        return v.valeur;
      })
      .nullable()
      .default(null)
      .describe("SIRET de l'organisme prestataire (14 chiffres, clé de Luhn)"),
  })
  .meta({ id: 'NouvelleSessionActionCollective' });

const inscriptionSchema = z
  .object({
    stagiaires: z.number().int().min(1).max(1000),
    effectif: z.number().int().min(0).describe("Effectif de l'entreprise"),
    idcc: z
      .string()
      .regex(/^\d{1,4}$/)
      .optional()
      .describe("IDCC de l'entreprise"),
  })
  .meta({ id: 'InscriptionActionCollective' });

const publique = (s: SessionActionCollective) => ({
  id: s.id,
  organisationId: s.organisationId,
  intitule: s.intitule,
  dateDebut: s.dateDebut,
  places: s.places,
  placesRestantes: s.placesRestantes,
  prixNegocie: s.prixCentimes / 100,
  tauxFinancement: s.tauxFinancement,
  idccEligibles: s.idccEligibles,
  effectifMax: s.effectifMax,
  annuleeLe: s.annuleeLe,
  motifAnnulation: s.motifAnnulation,
  organismeSiret: s.organismeSiret,
});

/** The stored fields of a session as published or modified (price in cents). */
const champsSession = (b: z.infer<typeof nouvelleSessionSchema>) => ({
  intitule: b.intitule,
  dateDebut: b.dateDebut,
  places: b.places,
  prixCentimes: Math.round(b.prixNegocie * 100),
  tauxFinancement: b.tauxFinancement,
  idccEligibles: b.idccEligibles,
  effectifMax: b.effectifMax,
  organismeSiret: b.organismeSiret,
});

/**
 * Writes a change of the catalogue or an enrolment to the audit trail, in `trx`: who, now, and
 * the fingerprints of the values before and after (null stays null).
 */
function auditer(
  trx: Parameters<typeof ajouterAudit>[0],
  acteur: Sujet,
  l: { organisationId: string; action: Action; ressource: string; avant: unknown; apres: unknown },
) {
  return ajouterAudit(trx, {
    horodatage: new Date().toISOString(),
    compteId: acteur.compteId,
    cleId: acteur.cleId,
    organisationId: l.organisationId,
    action: l.action,
    ressource: l.ressource,
    avant: l.avant === null ? null : empreinteValeur(l.avant),
    apres: l.apres === null ? null : empreinteValeur(l.apres),
  });
}

export const routesActionsCollectives: ModuleRoutes = (app, deps) => {
  const droit = (deps.moteur ?? moteurParDefaut(deps.config.dataDir)).droit;
  const versions = versionsParDefaut(deps.config.dataDir);
  const db = () => deps.base.db;

  app.get(
    '/api/v1/actions-collectives',
    {
      config: { acces: 'public' },
      schema: {
        summary: 'Catalogue des sessions d’actions collectives, avec les places restantes',
        tags: ['droit'],
        response: { 200: z.array(sessionSchema), 500: reponsesErreur[500] },
      },
    },
    async () => (await listerSessions(db())).map(publique),
  );

  app.post(
    '/api/v1/organisations/:organisation/actions-collectives',
    {
      config: { acces: { action: 'catalogue.modifier', organisation: 'organisation' } },
      schema: {
        summary: 'Publier une session d’action collective (OPCO)',
        tags: ['droit'],
        params: z.object({ organisation: z.string().min(1).max(100) }),
        body: nouvelleSessionSchema,
        response: { 201: sessionSchema, 400: reponsesErreur[400], ...reponsesAcces },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const acteur = authentificationDe(req).sujet;
      const id = await db()
        .transaction()
        .execute(async (trx) => {
          const n = await creerSession(trx, {
            organisationId: req.params.organisation,
            ...champsSession(b),
          });
          await auditer(trx, acteur, {
            organisationId: req.params.organisation,
            action: 'catalogue.modifier',
            ressource: `action_collective:${n}`,
            avant: null,
            apres: b,
          });
          return n;
        });
      const [s] = await listerSessions(db(), id);
      if (!s)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: "Session d'action collective",
          identifiant: String(id),
        });
      return reply.status(201).send(publique(s));
    },
  );

  app.post(
    '/api/v1/organisations/:organisation/actions-collectives/:session/inscriptions',
    {
      config: { acces: { action: 'dossier.deposer', organisation: 'organisation' } },
      schema: {
        summary:
          'Inscrire des stagiaires de l’entreprise à une session (places et éligibilité vérifiées)',
        description:
          'Décision des règles droit/regles/action_collective sur les places libres lues sous le verrou de la session : jamais plus d’inscrits que de places. Un refus (complet, effectif, branche) est une réponse 200 avec inscrit = false et ses motifs.',
        tags: ['droit'],
        params: z.object({
          organisation: z.string().min(1).max(100),
          session: z.coerce.number().int().min(1),
        }),
        body: inscriptionSchema,
        response: {
          200: z
            .object({
              inscrit: z.boolean(),
              inscription: z.number().nullable(),
              organismeSiret: z
                .string()
                .nullable()
                .describe("SIRET de l'organisme prestataire de la session"),
              decision: resultatDispositifSchema,
            })
            .meta({ id: 'ResultatInscriptionActionCollective' }),
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          ...reponsesAcces,
        },
      },
    },
    async (req) => {
      const acteur = authentificationDe(req).sujet;
      const { organisation, session } = req.params;
      return db()
        .transaction()
        .execute(async (trx) => {
          const s = await sessionVerrouillee(trx, session);
          if (!s)
            throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
              ressource: "Session d'action collective",
              identifiant: String(session),
            });
          const decision = simulerDispositif(droit, versions, 'action-collective', {
            dateSession: s.dateDebut,
            placesRestantes: s.placesRestantes,
            stagiaires: req.body.stagiaires,
            effectif: req.body.effectif,
            ...(s.effectifMax !== null ? { effectifMax: s.effectifMax } : {}),
            brancheEligible:
              s.idccEligibles.length === 0 ||
              (req.body.idcc !== undefined && s.idccEligibles.includes(req.body.idcc)),
            prixNegocie: s.prixCentimes / 100,
            tauxFinancement: s.tauxFinancement,
            sessionAnnulee: s.annuleeLe !== null,
          });
          const organismeSiret = s.organismeSiret;
          if (!decision.eligible)
            return { inscrit: false, inscription: null, organismeSiret, decision };
          const id = await ajouterInscription(trx, {
            sessionId: s.id,
            organisationId: organisation,
            stagiaires: req.body.stagiaires,
            montantCentimes: Math.round((decision.montant ?? 0) * 100),
          });
          await auditer(trx, acteur, {
            organisationId: organisation,
            action: 'dossier.deposer',
            ressource: `action_collective:${s.id}:inscription:${id}`,
            avant: null,
            apres: { stagiaires: req.body.stagiaires, montant: decision.montant },
          });
          return { inscrit: true, inscription: id, organismeSiret, decision };
        });
    },
  );
  // The session of this OPCO, locked for the rest of the transaction (404 for another's).
  const sessionDe = async (
    trx: Parameters<typeof sessionVerrouillee>[0],
    organisation: string,
    id: number,
  ) => {
    const s = await sessionVerrouillee(trx, id);
    if (!s || s.organisationId !== organisation)
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
        ressource: "Session d'action collective",
        identifiant: String(id),
      });
    return s;
  };
  const paramsSession = z.object({
    organisation: z.string().min(1).max(100),
    session: z.coerce.number().int().min(1),
  });

  app.put(
    '/api/v1/organisations/:organisation/actions-collectives/:session',
    {
      config: { acces: { action: 'catalogue.modifier', organisation: 'organisation' } },
      schema: {
        summary: 'Modifier une session d’action collective (OPCO)',
        description:
          'Remplace les conditions de la session, sous son verrou : les places ne descendent jamais sous le nombre de stagiaires inscrits (400 sur body.places). Une session annulée ne se modifie plus. Sur le journal d’audit (avant, après).',
        tags: ['droit'],
        params: paramsSession,
        body: nouvelleSessionSchema,
        response: {
          200: sessionSchema,
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          ...reponsesAcces,
        },
      },
    },
    async (req) => {
      const { organisation, session } = req.params;
      const b = req.body;
      const acteur = authentificationDe(req).sujet;
      await db()
        .transaction()
        .execute(async (trx) => {
          const avant = await sessionDe(trx, organisation, session);
          if (avant.annuleeLe !== null)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: `params.session : la session ${session} est annulée depuis le ${avant.annuleeLe}`,
              champ: 'params.session',
            });
          const inscrits = await stagiairesInscrits(trx, session);
          if (b.places < inscrits)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: `body.places : ${inscrits} stagiaires sont déjà inscrits, les places ne peuvent pas descendre à ${b.places}`,
              champ: 'body.places',
            });
          await modifierSession(trx, session, {
            ...champsSession(b),
          });
          await auditer(trx, acteur, {
            organisationId: organisation,
            action: 'catalogue.modifier',
            ressource: `action_collective:${session}`,
            avant: publique(avant),
            apres: b,
          });
        });
      const [s] = await listerSessions(db(), session);
      if (!s)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: "Session d'action collective",
          identifiant: String(session),
        });
      return publique(s);
    },
  );

  app.post(
    '/api/v1/organisations/:organisation/actions-collectives/:session/annulation',
    {
      config: { acces: { action: 'catalogue.modifier', organisation: 'organisation' } },
      schema: {
        summary: 'Annuler une session d’action collective (OPCO)',
        description:
          'Sous le verrou de la session : elle est marquée annulée (date, motif), ses inscriptions sont annulées et leurs places libérées ; toute inscription ultérieure est refusée par les règles (« annulee ») avec son motif. Sur le journal d’audit.',
        tags: ['droit'],
        params: paramsSession,
        body: z
          .object({ motif: z.string().trim().min(1).max(300).describe("Motif de l'annulation") })
          .meta({ id: 'AnnulationSessionActionCollective' }),
        response: {
          200: z
            .object({ session: sessionSchema, inscriptionsAnnulees: z.number() })
            .meta({ id: 'ResultatAnnulationSession' }),
          400: reponsesErreur[400],
          404: reponsesErreur[404],
          ...reponsesAcces,
        },
      },
    },
    async (req) => {
      const { organisation, session } = req.params;
      const acteur = authentificationDe(req).sujet;
      const n = await db()
        .transaction()
        .execute(async (trx) => {
          const avant = await sessionDe(trx, organisation, session);
          if (avant.annuleeLe !== null)
            throw new ErreurOpco('ERR_VALIDATION', {
              detail: `params.session : la session ${session} est déjà annulée (${avant.annuleeLe})`,
              champ: 'params.session',
            });
          const annulees = await annulerSession(trx, session, {
            date: new Date().toISOString().slice(0, 10),
            motif: req.body.motif,
          });
          await auditer(trx, acteur, {
            organisationId: organisation,
            action: 'catalogue.modifier',
            ressource: `action_collective:${session}:annulation`,
            avant: publique(avant),
            apres: { motif: req.body.motif, inscriptionsAnnulees: annulees },
          });
          return annulees;
        });
      const [s] = await listerSessions(db(), session);
      if (!s)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: "Session d'action collective",
          identifiant: String(session),
        });
      return { session: publique(s), inscriptionsAnnulees: n };
    },
  );

  app.get(
    '/api/v1/organisations/:organisation/actions-collectives/inscriptions',
    {
      config: { acces: { action: 'organisation.lire', organisation: 'organisation' } },
      schema: {
        summary: 'Inscriptions de l’entreprise aux actions collectives',
        tags: ['droit'],
        params: z.object({ organisation: z.string().min(1).max(100) }),
        response: {
          200: z.array(
            z
              .object({
                id: z.number(),
                session: z.number(),
                stagiaires: z.number(),
                montant: z.number().describe("Prise en charge de l'OPCO (€)"),
                annulee: z.boolean(),
              })
              .meta({ id: 'InscriptionActionCollectiveEntreprise' }),
          ),
          ...reponsesAcces,
        },
      },
    },
    async (req) =>
      (await inscriptionsDe(db(), req.params.organisation)).map((i) => ({
        id: i.id,
        session: i.sessionId,
        stagiaires: i.stagiaires,
        montant: i.montantCentimes / 100,
        annulee: i.annulee,
      })),
  );
};
