import { z } from 'zod';
import { empreinteValeur } from '../../domaine/comptes/index.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { simulerDispositif } from '../../droit/simulation-dispositifs.ts';
import { versionsParDefaut } from '../../droit/simulation-salaire.ts';
import { estDateIso } from '../../moteur/index.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { reponsesErreur } from '../../partage/probleme.ts';
import { resultatDispositifSchema } from '../../partage/simulation-dispositifs.schema.ts';
import {
  ajouterInscription,
  creerSession,
  listerSessions,
  sessionVerrouillee,
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
  })
  .meta({ id: 'SessionActionCollective' });

const nouvelleSessionSchema = z
  .object({
    intitule: z.string().min(1).max(300),
    dateDebut: z.string().refine(estDateIso, { message: 'date calendaire AAAA-MM-JJ attendue' }),
    places: z.number().int().min(0).max(100000),
    prixNegocie: z.number().finite().min(0).describe('Prix négocié par stagiaire (€)'),
    tauxFinancement: z.number().min(0).max(1),
    idccEligibles: z.array(z.string().regex(/^\d{1,4}$/)).default([]),
    effectifMax: z.number().int().min(0).nullable().default(null),
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

const publique = (s: Awaited<ReturnType<typeof listerSessions>>[number]) => ({
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
});

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
            intitule: b.intitule,
            dateDebut: b.dateDebut,
            places: b.places,
            prixCentimes: Math.round(b.prixNegocie * 100),
            tauxFinancement: b.tauxFinancement,
            idccEligibles: b.idccEligibles,
            effectifMax: b.effectifMax,
          });
          await ajouterAudit(trx, {
            horodatage: new Date().toISOString(),
            compteId: acteur.compteId,
            cleId: acteur.cleId,
            organisationId: req.params.organisation,
            action: 'catalogue.modifier',
            ressource: `action_collective:${n}`,
            avant: null,
            apres: empreinteValeur(b),
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
          });
          if (!decision.eligible) return { inscrit: false, inscription: null, decision };
          const id = await ajouterInscription(trx, {
            sessionId: s.id,
            organisationId: organisation,
            stagiaires: req.body.stagiaires,
            montantCentimes: Math.round((decision.montant ?? 0) * 100),
          });
          await ajouterAudit(trx, {
            horodatage: new Date().toISOString(),
            compteId: acteur.compteId,
            cleId: acteur.cleId,
            organisationId: organisation,
            action: 'dossier.deposer',
            ressource: `action_collective:${s.id}:inscription:${id}`,
            avant: null,
            apres: empreinteValeur({ stagiaires: req.body.stagiaires, montant: decision.montant }),
          });
          return { inscrit: true, inscription: id, decision };
        });
    },
  );
};
