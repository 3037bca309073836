import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  decider,
  organisationsPermises,
  type Action,
  type Sujet,
} from '../../domaine/comptes/index.ts';
import type { Demande } from '../../domaine/demandes/index.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import {
  annulationDemandeSchema,
  decisionDemandeSchema,
  demandeCompleteSchema,
  demandeSchema,
  depotDemandeQuery,
  reponseCommandeDemandeSchema,
  soldeDemandeSchema,
  factureDemandeSchema,
  modificationDemandeSchema,
  reponseFactureDemandeSchema,
  vueDemandeSchema,
} from '../../partage/demandes.schema.ts';
import {
  evenementDossierSchema,
  listeDossiersQuery,
  resultatControleSchema,
} from '../../partage/dossiers.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { problemeSchema } from '../../partage/probleme.ts';
import {
  chargerDemande,
  evenementsDemande,
  listerDemandes,
  type LigneDemande,
} from '../../stockage/demandes.depot.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { authentificationDe } from '../acces/installer.ts';
import { portsDemandesParDefaut, ServiceDemandes } from '../demandes/service.ts';
import type { ModuleRoutes } from '../types.ts';
import { exiger, type Cote } from '../acces/proprietaires.ts';
import { introuvable } from '../cycle/commun.ts';
import { historiqueDe, vueResultats } from './cycle-commun.ts';
import { complete, resume, vueDemande } from './demandes-vues.ts';
import { routesPiecesDe } from './pieces.routes.ts';

/**
 * Requests for funding (issue 14 point 3): a company files a request under plan < 50, SSCT,
 * tutoring aid or an action collective; it is instructed at once by the scheme's rules with the
 * OPCO's barème in force on the request date, engaged on the ledger's section of the scheme or
 * refused with cited reasons, or left to a gestionnaire. Same rights as dossiers: the company
 * sees its own, OPCO staff their OPCO's.
 */
/**
 * The guard of a request: `exiger` on its owners; a draft is its company's only: to anyone
 * else (its OPCO, national readers, another company) it does not exist (404).
 */
export function exigerDemande(
  sujet: Sujet,
  action: Action,
  l: LigneDemande,
  cotes: readonly Cote[],
): void {
  if (l.demande.etat !== 'brouillon') return exiger(sujet, action, l.proprietaires, cotes);
  const e = l.proprietaires.entreprise;
  if (!cotes.includes('entreprise') || e === null) throw introuvable('Demande', l.demande.id);
  // Only members of the company (a national scope does not reach a draft).
  if (!sujet.adhesions.some((a) => a.organisationId === e))
    throw introuvable('Demande', l.demande.id);
  if (!decider(sujet, action, { organisationId: e }).autorise)
    throw new ErreurOpco('ERR_ACCES_REFUSE', {
      raison: `${action} : ce brouillon est celui de votre entreprise, mais ce droit vous manque`,
    });
}

const idParams = z.object({ id: z.string().min(1).max(100) });
const options = <const S extends object>(action: Action, schema: S) => ({
  config: { acces: { action } },
  schema: { tags: ['demandes'], ...schema },
});

export const routesDemandes: ModuleRoutes = (app, deps) => {
  let service: ServiceDemandes | null = null;
  const svc = () =>
    (service ??= new ServiceDemandes(
      deps.base,
      deps.moteur ?? moteurParDefaut(deps.config.dataDir),
      portsDemandesParDefaut(deps.base),
    ));
  const auteurDe = (sujet: Sujet) => ({
    compteId: sujet.compteId,
    cleId: sujet.cleId,
    processus: null,
  });

  async function lisible(req: FastifyRequest, id: string) {
    const { sujet } = authentificationDe(req);
    const l = await chargerDemande(deps.base.db, id);
    if (!l) throw introuvable('Demande', id);
    exigerDemande(sujet, 'dossier.lire', l, ['entreprise', 'opco']);
    return l;
  }

  const inscriptionDe = async (d: Demande) =>
    d.type === 'action_collective' ? ((await svc().inscription(d.id))?.id ?? null) : null;

  app.post(
    '/api/v1/demandes',
    options('dossier.deposer', {
      summary:
        "Demander une prise en charge (plan < 50, SSCT, aide tutorale, action collective) : instruite aussitôt, sauf brouillon (?brouillon=true, visible de l'entreprise seule). Idempotent avec l'en-tête Idempotency-Key",
      description:
        "Les règles du dispositif (droit/regles/<dispositif>) et le barème de l'OPCO en vigueur à la date de la demande décident : engagée (montant réservé sur la section du grand livre), refusée (motifs cités) ou laissée à un gestionnaire. Action collective : la place est prise sous le verrou de la session.",
      headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
      querystring: depotDemandeQuery,
      body: demandeSchema,
      response: {
        200: demandeCompleteSchema,
        201: demandeCompleteSchema,
        409: problemeSchema,
        ...reponsesAcces,
      },
    }),
    async (req, reply) => {
      const { sujet } = authentificationDe(req);
      const r = await svc().deposer(auteurDe(sujet), req.body, {
        brouillon: req.query.brouillon === 'true',
        ...(req.headers['idempotency-key']
          ? { cleIdempotence: req.headers['idempotency-key'] }
          : {}),
        autoriser: (p) => exiger(sujet, 'dossier.deposer', p, ['entreprise']),
      });
      void reply.code(r.cree ? 201 : 200);
      return complete(r.ligne.demande, await inscriptionDe(r.ligne.demande));
    },
  );

  app.post(
    '/api/v1/demandes/verification',
    options('dossier.deposer', {
      summary:
        'Vérifier une demande sans la déposer : les contrôles et le montant, chacun avec ses références',
      body: demandeSchema,
      response: {
        200: z.object({
          conclusion: z.enum(['conforme', 'bloquant', 'a_verifier']),
          resultats: z.array(resultatControleSchema),
          montantCentimes: z.number().int().nullable(),
        }),
        ...reponsesAcces,
      },
    }),
    async (req) => {
      const r = await svc().verifier(req.body);
      return {
        conclusion: r.instruction.conclusion,
        resultats: vueResultats(r.instruction.resultats),
        montantCentimes: r.engagement?.montantCentimes ?? null,
      };
    },
  );

  app.get(
    '/api/v1/demandes',
    options('dossier.lire', {
      summary: 'Les demandes de prise en charge de mes organisations (entreprise ou OPCO)',
      querystring: listeDossiersQuery,
      response: { 200: z.object({ demandes: z.array(vueDemandeSchema) }), ...reponsesAcces },
    }),
    async (req) => {
      const { sujet } = authentificationDe(req);
      const l = await listerDemandes(deps.base.db, {
        organisations: organisationsPermises(sujet, 'dossier.lire'),
        etat: req.query.etat,
        limite: req.query.limite,
        apres: req.query.apres,
      });
      return { demandes: l.map((x) => vueDemande(x.demande)) };
    },
  );

  app.get(
    '/api/v1/demandes/file-attente',
    options('dossier.decider', {
      summary: "File d'attente des gestionnaires : demandes dont un contrôle est à vérifier",
      querystring: listeDossiersQuery.omit({ etat: true }),
      response: { 200: z.object({ demandes: z.array(vueDemandeSchema) }), ...reponsesAcces },
    }),
    async (req) => {
      const { sujet } = authentificationDe(req);
      const l = await listerDemandes(deps.base.db, {
        organisations: organisationsPermises(sujet, 'dossier.decider'),
        aVerifier: true,
        limite: req.query.limite,
        apres: req.query.apres,
      });
      return { demandes: l.map((x) => vueDemande(x.demande)) };
    },
  );

  app.get(
    '/api/v1/demandes/:id',
    options('dossier.lire', {
      summary: 'Une demande : état, contrôles cités, montant engagé, décision',
      params: idParams,
      response: { 200: demandeCompleteSchema, 404: problemeSchema, ...reponsesAcces },
    }),
    async (req) => {
      const l = await lisible(req, req.params.id);
      return complete(l.demande, await inscriptionDe(l.demande));
    },
  );

  app.get(
    '/api/v1/demandes/:id/historique',
    options('dossier.lire', {
      summary: "L'historique d'une demande : ses événements, dans l'ordre",
      params: idParams,
      response: {
        200: z.object({ evenements: z.array(evenementDossierSchema) }),
        404: problemeSchema,
        ...reponsesAcces,
      },
    }),
    async (req) => {
      await lisible(req, req.params.id);
      return historiqueDe(await evenementsDemande(deps.base.db, req.params.id), resume);
    },
  );

  const reponses = { 200: reponseCommandeDemandeSchema, 404: problemeSchema, ...reponsesAcces };

  async function commande(
    req: FastifyRequest & { params: { id: string } },
    action: Action,
    cote: 'entreprise' | 'opco',
    cmd: Parameters<ServiceDemandes['commander']>[2],
  ) {
    const { sujet } = authentificationDe(req);
    let avant: Demande | null = null;
    const r = await svc().commander(auteurDe(sujet), req.params.id, cmd, {
      autoriser: (l) => {
        exigerDemande(sujet, action, l, [cote]);
        avant ??= l.demande;
      },
    });
    if (r.ok)
      return {
        accepte: true,
        raisons: [],
        demande: complete(r.demande, await inscriptionDe(r.demande)),
      };
    const d = avant as unknown as Demande;
    return {
      accepte: false,
      raisons: r.raisons.map((x) => ({ ...x, articles: [...x.articles] })),
      demande: complete(d, await inscriptionDe(d)),
    };
  }

  app.post(
    '/api/v1/demandes/:id/decision',
    options('dossier.decider', {
      summary:
        "Décision motivée d'un gestionnaire de l'OPCO sur une demande laissée à vérifier (engager ou refuser)",
      params: idParams,
      body: decisionDemandeSchema,
      response: reponses,
    }),
    async (req) =>
      commande(req, 'dossier.decider', 'opco', {
        type: 'decider',
        sens: req.body.sens,
        motif: req.body.motif,
      }),
  );

  app.post(
    '/api/v1/demandes/:id/annulation',
    options('dossier.modifier', {
      summary:
        "Annuler une demande (motif obligatoire) : l'engagement est contre-passé, les places d'une action collective libérées",
      params: idParams,
      body: annulationDemandeSchema,
      response: reponses,
    }),
    async (req) =>
      commande(req, 'dossier.modifier', 'entreprise', { type: 'annuler', motif: req.body.motif }),
  );

  app.put(
    '/api/v1/demandes/:id',
    options('dossier.deposer', {
      summary:
        "Modifier un brouillon de demande (l'entreprise) : le formulaire entier, sans instruction",
      params: idParams,
      body: demandeSchema,
      response: reponses,
    }),
    async (req) =>
      commande(req, 'dossier.deposer', 'entreprise', { type: 'modifier', demande: req.body }),
  );

  app.post(
    '/api/v1/demandes/:id/transmission',
    options('dossier.deposer', {
      summary: "Transmettre un brouillon à l'OPCO : instruction automatique, comme un dépôt",
      params: idParams,
      response: reponses,
    }),
    async (req) => commande(req, 'dossier.deposer', 'entreprise', { type: 'transmettre' }),
  );

  app.post(
    '/api/v1/demandes/:id/solde',
    options('dossier.decider', {
      summary:
        "Solder une demande engagée sur le montant réalisé (gestionnaire de l'OPCO) : au plus le montant engagé, la différence libérée sur le grand livre",
      description:
        "Au vu du certificat de réalisation (R6332-25). L'engagement est réduit au montant réalisé par une écriture d'ajustement du grand livre, inscrite au journal d'audit. Refus (valeur) : montant supérieur à l'engagement, demande non engagée. Une demande d'un autre OPCO → 403.",
      params: idParams,
      body: soldeDemandeSchema,
      response: reponses,
    }),
    async (req) =>
      commande(req, 'dossier.decider', 'opco', {
        type: 'solder',
        ...(req.body.montantRealise !== undefined
          ? { montantRealiseCentimes: Math.round(req.body.montantRealise * 100) }
          : {}),
        ...(req.body.motif ? { motif: req.body.motif } : {}),
      }),
  );

  app.post(
    '/api/v1/demandes/:id/modification',
    options('dossier.deposer', {
      summary:
        "Modifier une demande transmise (l'entreprise) : avant décision, nouvelle instruction ; après engagement, avenant qui recalcule l'engagement",
      description:
        "Le formulaire entier remplace l'ancien ; dispositif, entreprise et OPCO ne changent pas. Avant la décision (transmise, en cours d'instruction) : la demande est instruite à nouveau par les règles en vigueur à la date de la demande. Engagée : avenant — l'engagement est recalculé par les mêmes règles, la différence passée au grand livre (écriture d'ajustement ; une hausse dans la limite des fonds disponibles) et expliquée ligne à ligne ; jamais sous les factures déjà reçues. Refusée, annulée, soldée ou brouillon (PUT /api/v1/demandes/{id}) : refus transition_interdite.",
      params: idParams,
      body: modificationDemandeSchema,
      response: reponses,
    }),
    async (req) =>
      commande(req, 'dossier.deposer', 'entreprise', {
        type: 'reviser',
        demande: req.body.demande,
        ...(req.body.motif ? { motif: req.body.motif } : {}),
      }),
  );

  const vueFactures = (l: Awaited<ReturnType<ServiceDemandes['factures']>>, d: Demande) => ({
    factures: l.map(({ demandeId: _, ...x }) => x),
    totalHtCentimes: l.reduce((s, x) => s + x.montantHtCentimes, 0),
    engageCentimes: d.engagement?.reservation.montantTotalCentimes ?? null,
  });

  app.get(
    '/api/v1/demandes/:id/factures',
    options('dossier.lire', {
      summary: 'Les factures reçues sur une demande, leur total HT et le montant engagé',
      params: idParams,
      response: { 200: reponseFactureDemandeSchema, 404: problemeSchema, ...reponsesAcces },
    }),
    async (req) => {
      const l = await lisible(req, req.params.id);
      return {
        accepte: true,
        raisons: [],
        ...vueFactures(await svc().factures(l.demande.id), l.demande),
      };
    },
  );

  app.post(
    '/api/v1/demandes/:id/factures',
    options('dossier.deposer', {
      summary:
        "Déposer une facture de l'action sur une demande engagée (l'entreprise) : numéro unique par émetteur, total au plus l'engagé",
      description:
        "La facture vient de l'organisme de formation de l'action ou de l'entreprise (SIRET). Refus (valeur, rien d'écrit) : demande non engagée, émetteur étranger à la demande, TTC < HT, date future, numéro déjà reçu de cet émetteur (sur toute demande, même à l'instant), total HT au-delà de l'engagé. Le solde (POST …/solde) est ensuite la somme des factures reçues.",
      params: idParams,
      body: factureDemandeSchema,
      response: { 200: reponseFactureDemandeSchema, 404: problemeSchema, ...reponsesAcces },
    }),
    async (req) => {
      const { sujet } = authentificationDe(req);
      const b = req.body;
      const r = await svc().recevoirFacture(
        auteurDe(sujet),
        req.params.id,
        {
          numero: b.numero,
          siretEmetteur: b.siretEmetteur,
          dateFacture: b.dateFacture,
          montantHtCentimes: Math.round(b.montantHT * 100),
          montantTtcCentimes: Math.round(b.montantTTC * 100),
          pieceId: b.pieceId ?? null,
        },
        (l) => exigerDemande(sujet, 'dossier.deposer', l, ['entreprise']),
      );
      const factures = r.ok ? r.factures : await svc().factures(req.params.id);
      return {
        accepte: r.ok,
        raisons: r.ok ? [] : r.raisons.map((x) => ({ ...x, articles: [...x.articles] })),
        ...vueFactures(factures, r.ligne.demande),
      };
    },
  );

  // Pièces jointes: the dossiers' store and routes, on the request's owners (company, OPCO).
  routesPiecesDe(app, deps, {
    ressource: 'demande',
    charger: async (id) => {
      const l = await chargerDemande(deps.base.db, id);
      if (!l) return null;
      // A draft's pieces are its company's only.
      return l.demande.etat === 'brouillon' ? { ...l.proprietaires, opco: null } : l.proprietaires;
    },
    lecture: ['entreprise', 'opco'],
    depot: ['entreprise'],
  });
};
