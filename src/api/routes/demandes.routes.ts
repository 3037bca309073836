import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { organisationsPermises, type Action, type Sujet } from '../../domaine/comptes/index.ts';
import type { Demande, EvenementDemande } from '../../domaine/demandes/index.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import {
  annulationDemandeSchema,
  decisionDemandeSchema,
  demandeCompleteSchema,
  demandeSchema,
  libellesTypesDemande,
  reponseCommandeDemandeSchema,
  vueDemandeSchema,
  type VueDemande,
} from '../../partage/demandes.schema.ts';
import {
  evenementDossierSchema,
  libellesEtats,
  listeDossiersQuery,
  resultatControleSchema,
} from '../../partage/dossiers.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { problemeSchema } from '../../partage/probleme.ts';
import {
  chargerDemande,
  evenementsDemande,
  listerDemandes,
} from '../../stockage/demandes.depot.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { authentificationDe } from '../acces/installer.ts';
import { portsDemandesParDefaut, ServiceDemandes } from '../demandes/service.ts';
import type { ModuleRoutes } from '../types.ts';
import { exiger } from './dossiers.routes.ts';

/**
 * Requests for funding (issue 14 point 3): a company files a request under plan < 50, SSCT,
 * tutoring aid or an action collective; it is instructed at once by the scheme's rules with the
 * OPCO's barème in force on the request date, engaged on the ledger's section of the scheme or
 * refused with cited reasons, or left to a gestionnaire. Same rights as dossiers: the company
 * sees its own, OPCO staff their OPCO's.
 */
export function vueDemande(d: Demande, inscription: number | null = null): VueDemande {
  const f = d.formulaire;
  const r = d.resume;
  const e = d.engagement;
  return {
    id: d.id,
    type: d.type,
    libelleType: libellesTypesDemande[d.type],
    opco: d.opco,
    etat: d.etat,
    libelleEtat: libellesEtats[d.etat],
    version: d.version,
    entreprise: { siret: f.entreprise.siret, denomination: f.entreprise.denomination },
    intitule: r.intitule,
    dateDebut: r.dateDebut,
    dateDemande: d.dateDemande,
    echeance: d.echeance,
    instruction: d.instruction
      ? {
          date: d.instruction.date,
          conclusion: d.instruction.conclusion,
          resultats: d.instruction.resultats.map((x) => ({
            code: x.code,
            libelle: x.libelle,
            resultat: x.resultat,
            message: x.message,
            ...(x.champ ? { champ: x.champ } : {}),
            articles: x.articles.map((a) => ({ ...a })),
          })),
        }
      : null,
    aVerifier: [...d.aVerifier],
    engagement: e
      ? {
          montantTotalCentimes: e.reservation.montantTotalCentimes,
          section: e.reservation.section,
          origine: e.reservation.origine,
          siretBeneficiaire: e.reservation.siretBeneficiaire,
          echeances: e.reservation.echeances.map((x) => ({ ...x })),
          detail: e.detail.map((x) => ({ ...x })),
          versionDroit: e.reservation.trace.versionDroit,
          bareme: e.bareme,
          dateDesParametres: e.dateDesParametres,
        }
      : null,
    decision: d.decision
      ? {
          ...d.decision,
          raisons: d.decision.raisons.map((x) => ({ ...x, articles: [...x.articles] })),
        }
      : null,
    inscription,
  };
}

const complete = (d: Demande, inscription: number | null = null) => ({
  ...vueDemande(d, inscription),
  formulaire: d.formulaire,
});

function resume(e: EvenementDemande): string {
  const euros = (c: number) => `${(c / 100).toFixed(2)} €`;
  switch (e.type) {
    case 'cree':
      return `Demande « ${libellesTypesDemande[e.demande.type]} » créée`;
    case 'transmis':
      return "Transmise à l'OPCO";
    case 'complet':
      return `Demande complète${e.echeance ? ` : réponse motivée au plus tard le ${e.echeance} (R6332-24)` : ''}`;
    case 'instruit':
      return `Instruction automatique : ${e.instruction.resultats.length} contrôles, conclusion ${e.instruction.conclusion}`;
    case 'mis_en_attente':
      return `À vérifier par un gestionnaire : ${e.aVerifier.join(', ')}`;
    case 'engage':
      return `Engagée${e.automatique ? ' automatiquement' : ''} : ${euros(e.engagement.reservation.montantTotalCentimes)} sur la section ${e.engagement.reservation.section}${e.motif ? ` — ${e.motif}` : ''}`;
    case 'refuse':
      return `Refusée${e.automatique ? ' automatiquement' : ''} : ${e.raisons.map((r) => r.message).join(' ; ')}`;
    case 'annule':
      return `Annulée : ${e.motif}`;
    case 'solde':
      return 'Soldée';
  }
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
    if (!l)
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', { ressource: 'Demande', identifiant: id });
    exiger(sujet, 'dossier.lire', l.proprietaires, ['entreprise', 'opco']);
    return l;
  }

  const inscriptionDe = async (d: Demande) =>
    d.type === 'action_collective' ? ((await svc().inscription(d.id))?.id ?? null) : null;

  app.post(
    '/api/v1/demandes',
    options('dossier.deposer', {
      summary:
        "Demander une prise en charge (plan < 50, SSCT, aide tutorale, action collective) : instruite aussitôt. Idempotent avec l'en-tête Idempotency-Key",
      description:
        "Les règles du dispositif (droit/regles/<dispositif>) et le barème de l'OPCO en vigueur à la date de la demande décident : engagée (montant réservé sur la section du grand livre), refusée (motifs cités) ou laissée à un gestionnaire. Action collective : la place est prise sous le verrou de la session.",
      headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
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
        resultats: r.instruction.resultats.map((x) => ({
          code: x.code,
          libelle: x.libelle,
          resultat: x.resultat,
          message: x.message,
          ...(x.champ ? { champ: x.champ } : {}),
          articles: x.articles.map((a) => ({ ...a })),
        })),
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
      const ev = await evenementsDemande(deps.base.db, req.params.id);
      return {
        evenements: ev.map((e, i) => ({
          rang: i + 1,
          type: e.type,
          date: e.date,
          resume: resume(e),
        })),
      };
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
        exiger(sujet, action, l.proprietaires, [cote]);
        avant = l.demande;
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
};
