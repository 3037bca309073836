import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organisationsPermises, type Action, type Sujet } from '../../domaine/comptes/index.ts';
import type { Commande, Dossier, Evenement, Raison } from '../../domaine/dossiers/index.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import {
  annulationSchema,
  avenantSchema,
  decisionSchema,
  dossierApiCfaSchema,
  etatsDossiersApiCfaSchema,
  depotDossierSchema,
  dossierCompletSchema,
  etatsApiCfa,
  evenementDossierSchema,
  libellesEtats,
  listeDossiersQuery,
  reponseCommandeSchema,
  resultatControleSchema,
  ruptureSchema,
  vueDossierSchema,
  type VueDossier,
} from '../../partage/dossiers.schema.ts';
import { depotLotSchema, lireLot, resultatLotSchema } from '../../partage/dossiers-lot.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import { problemeSchema } from '../../partage/probleme.ts';
import {
  chargerDossier,
  evenementsDe,
  listerDossiers,
  type Proprietaires,
} from '../../stockage/dossiers.depot.ts';
import { etatGrandLivreDossier } from '../../stockage/finances.depot.ts';
import { moteurParDefaut } from '../../droit/moteur-par-defaut.ts';
import { authentificationDe } from '../acces/installer.ts';
import { exiger, type Cote } from '../acces/proprietaires.ts';
import { introuvable } from '../cycle/commun.ts';
import { historiqueDe, vueResultats } from './cycle-commun.ts';
import { lignesCerfa, pdfCerfa, titreCerfa } from '../dossiers/pdf.ts';
import { deposerLot } from '../dossiers/lot.ts';
import { deposerEnFlux, lignesCsv, lignesNdjson } from '../dossiers/lot-flux.ts';
import { validateurAvecVoiesRapides } from '../validation.ts';
import {
  demarrerPlanificateur,
  intervallePlanificateur,
  portsParDefaut,
  ServiceDossiers,
} from '../dossiers/service.ts';
import type { ModuleRoutes } from '../types.ts';

// The guard on owners, shared with the requests and the pièces jointes.
export { exiger, type Cote } from '../acces/proprietaires.ts';

/** The summary of a dossier, fields mapped one by one (no zod re-validation on the way out). */
export function vueDossier(d: Dossier): VueDossier {
  const c = d.cerfa;
  const titulaire = c.formulaire === 'FA13' ? c.apprenti : c.salarie;
  const e = d.engagement;
  return {
    id: d.id,
    formulaire: d.formulaire,
    opco: d.opco,
    etat: d.etat,
    libelleEtat: libellesEtats[d.etat],
    etatApiCfa: etatsApiCfa[d.etat],
    version: d.version,
    employeur: { siret: c.employeur.siret, denomination: c.employeur.denomination },
    titulaire: { nom: titulaire.nom, prenom: titulaire.prenom },
    organisme: {
      siret: c.formation.organisme.siret,
      denomination: c.formation.organisme.denomination,
    },
    dateDebut: c.contrat.dateDebut,
    dateTransmission: d.dateTransmission,
    dateComplet: d.dateComplet,
    echeance: d.echeance,
    silence: d.silence,
    manquants: [...d.manquants],
    instruction: d.instruction
      ? {
          date: d.instruction.date,
          conclusion: d.instruction.conclusion,
          resultats: vueResultats(d.instruction.resultats),
        }
      : null,
    aVerifier: [...d.aVerifier],
    engagement: e
      ? {
          montantTotalCentimes: e.reservation.montantTotalCentimes,
          echeances: e.reservation.echeances.map((x) => ({ ...x })),
          detail: e.detail.map((x) => ({ ...x })),
          npec: e.npec,
          versionDroit: e.reservation.trace.versionDroit,
          jeuDonnees: e.reservation.trace.jeuDonnees,
          versionDossier: e.reservation.versionDossier,
        }
      : null,
    decision: d.decision
      ? {
          ...d.decision,
          raisons: d.decision.raisons.map((r) => ({ ...r, articles: [...r.articles] })),
        }
      : null,
    rupture: d.rupture,
    avenants: d.avenants,
  };
}

const complet = (d: Dossier) => ({ ...vueDossier(d), cerfa: d.cerfa });

/**
 * A bulk file sent as the body itself (NDJSON or CSV), handed to the route as its stream. The
 * stream is a private field: the control-character walk of parsed bodies finds no property.
 */
class CorpsLot {
  readonly #flux: Readable;
  readonly #format: 'csv' | 'ndjson';
  constructor(flux: Readable, format: 'csv' | 'ndjson') {
    this.#flux = flux;
    this.#format = format;
  }
  get flux(): Readable {
    return this.#flux;
  }
  get format(): 'csv' | 'ndjson' {
    return this.#format;
  }
}

function resume(e: Evenement): string {
  switch (e.type) {
    case 'cree':
      return `Dossier ${e.formulaire} créé (brouillon)`;
    case 'modifie':
      return 'Brouillon modifié';
    case 'transmis':
      return "Transmis à l'OPCO";
    case 'declare_incomplet':
      return `Incomplet : ${e.manquants.join(', ')}`;
    case 'complet':
      return `Dossier complet : décision attendue au plus tard le ${e.echeance} (silence vaut ${e.silence})`;
    case 'instruit':
      return `Instruction automatique : ${e.instruction.resultats.length} contrôles, conclusion ${e.instruction.conclusion}`;
    case 'mis_en_attente':
      return `À vérifier par un gestionnaire : ${e.aVerifier.join(', ')}`;
    case 'engage':
      return `Engagé${e.automatique ? ' automatiquement' : ''} : ${(e.engagement.reservation.montantTotalCentimes / 100).toFixed(2)} €${e.motif ? ` — ${e.motif}` : ''}`;
    case 'refuse':
      return `Refusé${e.automatique ? ' automatiquement' : ''} : ${e.raisons.map((r) => r.message).join(' ; ')}`;
    case 'decision_implicite':
      return `Décision implicite de ${e.sens} (${e.articles.map((a) => a.article).join(', ')})`;
    case 'avenant':
      return `Avenant au ${e.dateEffet}${e.difference ? ` — ${e.difference.explication}` : ''}`;
    case 'rupture':
      return `Rupture au ${e.dateEffet} (${e.motif})${e.difference ? ` — ${e.difference.explication}` : ''}`;
    case 'annule':
      return `Annulé : ${e.motif}`;
    case 'solde':
      return 'Soldé';
  }
}

const idParams = z.object({ id: z.string().min(1).max(100) });
const reponsesCommande = {
  200: reponseCommandeSchema,
  404: problemeSchema,
  ...reponsesAcces,
};

/** Options of a dossier route: `action` required, the dossiers tag and the route's schema. */
const options = <const S extends object>(action: Action, schema: S) => ({
  config: { acces: { action } },
  schema: { tags: ['dossiers'], ...schema },
});
/** The same for a route on one dossier, named by the `:id` path parameter. */
const surLeDossier = <const S extends object>(action: Action, schema: S) =>
  options(action, { params: idParams, ...schema });

export const routesDossiers: ModuleRoutes = (app, deps) => {
  let service: ServiceDossiers | null = null;
  const svc = () =>
    (service ??= new ServiceDossiers(
      deps.base,
      deps.moteur ?? moteurParDefaut(deps.config.dataDir),
      portsParDefaut(deps.base),
    ));

  // The silence scheduler runs in every server process (exactly once thanks to SKIP LOCKED).
  const secondes = intervallePlanificateur();
  if (secondes > 0) {
    let arreter: (() => Promise<void>) | null = null;
    app.addHook('onReady', async () => {
      arreter = demarrerPlanificateur(svc(), `serveur-${process.pid}`, secondes * 1000, (e) =>
        app.log.error({ err: e }, 'planificateur des dossiers'),
      );
    });
    app.addHook('onClose', async () => {
      await arreter?.();
    });
  }

  const auteurDe = (sujet: Sujet) => ({
    compteId: sujet.compteId,
    cleId: sujet.cleId,
    processus: null,
  });

  const repondre = (
    r: Awaited<ReturnType<ServiceDossiers['commander']>>,
    avant: Dossier,
  ): z.infer<typeof reponseCommandeSchema> =>
    r.ok
      ? { accepte: true, raisons: [], dossier: complet(r.dossier) }
      : {
          accepte: false,
          raisons: r.raisons.map((x: Raison) => ({ ...x, articles: [...x.articles] })),
          dossier: complet(avant),
        };

  /**
   * Runs a command on the dossier `:id` of `req` after checking the subject's right on the
   * dossier's owners.
   */
  async function commande(
    req: FastifyRequest & { params: { id: string } },
    action: Action,
    cotes: readonly Cote[],
    cmd: Commande,
  ) {
    const { sujet } = authentificationDe(req);
    const id = req.params.id;
    let avant: Dossier | null = null;
    const r = await svc().commander(auteurDe(sujet), id, cmd, {
      autoriser: (l) => {
        exiger(sujet, action, l.proprietaires, cotes);
        avant = l.dossier;
      },
    });
    return repondre(r, avant as unknown as Dossier);
  }

  /** The dossier `id`, if the subject of `req` may read it (404 if unknown, 403 if not its own). */
  async function dossierLisible(req: FastifyRequest, id: string) {
    const { sujet } = authentificationDe(req);
    const l = await chargerDossier(deps.base.db, id);
    if (!l) throw introuvable('Dossier', id);
    exiger(sujet, 'dossier.lire', l.proprietaires, ['entreprise', 'cfa', 'opco']);
    return l;
  }

  app.post(
    '/api/v1/dossiers',
    options('dossier.deposer', {
      summary:
        "Déposer un contrat (CERFA FA13 ou EJ20) : instruit aussitôt, sauf brouillon. Idempotent avec l'en-tête Idempotency-Key",
      headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
      querystring: z.object({ brouillon: z.enum(['true', 'false']).default('false') }),
      body: depotDossierSchema,
      response: {
        200: dossierCompletSchema,
        201: dossierCompletSchema,
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
        autoriser: (p) => exiger(sujet, 'dossier.deposer', p, ['entreprise', 'cfa']),
      });
      void reply.code(r.cree ? 201 : 200);
      return complet(r.ligne.dossier);
    },
  );

  // Bulk: its own context for the streamed bodies (NDJSON, CSV: the file itself).
  void app.register(async (instance) => {
    const lot = instance.withTypeProvider<ZodTypeProvider>();
    // The body stream itself, read by the handler line by line as it arrives (lot-flux.ts).
    lot.addContentTypeParser(
      ['application/x-ndjson', 'application/ndjson', 'text/csv'],
      (req, flux, done) => {
        const type = req.headers['content-type'] ?? '';
        done(null, new CorpsLot(flux as Readable, type.startsWith('text/csv') ? 'csv' : 'ndjson'));
      },
    );
    // A streamed body is not the JSON form: it passes the validator as it is.
    lot.setValidatorCompiler<z.ZodType>((route) => {
      const v = validateurAvecVoiesRapides(route);
      return (donnees: unknown) => (donnees instanceof CorpsLot ? { value: donnees } : v(donnees));
    });
    lot.post(
      '/api/v1/dossiers/lot',
      {
        ...options('dossier.deposer', {
          summary:
            'Déposer un lot de contrats (CSV, NDJSON ou JSON) : chaque ligne déposée entière ou rejetée avec ses champs du CERFA, idempotente sur sa clé',
          description:
            'Corps JSON {format, contenu} (5 000 lignes au plus) → réponse JSON. Ou le fichier lui-même en flux (Content-Type application/x-ndjson ou text/csv, 1 000 000 de lignes au plus) : lu et déposé ligne par ligne à mesure qu’il arrive ; réponse application/x-ndjson, un enregistrement par ligne traitée (dans l’ordre où elles sont faites, chacune avec son numéro), puis {bilan} (et {erreur} avant lui si le fichier est illisible à partir d’une ligne).',
          body: depotLotSchema,
          response: { 200: resultatLotSchema, ...reponsesAcces },
        }),
        bodyLimit: 25 * 1024 * 1024,
      },
      async (req, reply) => {
        const { sujet } = authentificationDe(req);
        const autoriser = (p: Proprietaires) =>
          exiger(sujet, 'dossier.deposer', p, ['entreprise', 'cfa']);
        const corps: unknown = req.body;
        if (corps instanceof CorpsLot) {
          const lignes = corps.format === 'csv' ? lignesCsv(corps.flux) : lignesNdjson(corps.flux);
          const enregistrements = deposerEnFlux(svc(), auteurDe(sujet), lignes, { autoriser });
          reply.type('application/x-ndjson; charset=utf-8');
          // The response schema covers the JSON form; the streamed answer is NDJSON text.
          return (reply as unknown as FastifyReply).send(
            Readable.from(
              (async function* () {
                for await (const e of enregistrements) yield `${JSON.stringify(e)}\n`;
              })(),
            ),
          );
        }
        let lignes;
        try {
          lignes = lireLot(req.body.format, req.body.contenu);
        } catch (e) {
          throw new ErreurOpco('ERR_VALIDATION', {
            detail: e instanceof Error ? e.message : String(e),
          });
        }
        return deposerLot(svc(), auteurDe(sujet), lignes, { autoriser });
      },
    );
  });

  app.post(
    '/api/v1/dossiers/verification',
    options('dossier.deposer', {
      summary:
        'Vérifier un contrat sans le déposer : les contrôles de l’instruction, chacun avec ses articles',
      body: depotDossierSchema,
      response: {
        200: z.object({
          resultats: z.array(resultatControleSchema),
          manquants: z.array(z.string()),
        }),
        ...reponsesAcces,
      },
    }),
    async (req) => {
      const r = await svc().verifier(req.body);
      return { resultats: vueResultats(r.resultats), manquants: r.manquants };
    },
  );

  app.get(
    '/api/v1/dossiers',
    options('dossier.lire', {
      summary: 'Les dossiers de mes organisations (entreprise, CFA ou OPCO)',
      querystring: listeDossiersQuery,
      response: { 200: z.object({ dossiers: z.array(vueDossierSchema) }), ...reponsesAcces },
    }),
    async (req) => {
      const { sujet } = authentificationDe(req);
      const l = await listerDossiers(deps.base.db, {
        organisations: organisationsPermises(sujet, 'dossier.lire'),
        etat: req.query.etat,
        limite: req.query.limite,
        apres: req.query.apres,
      });
      return { dossiers: l.map((x) => vueDossier(x.dossier)) };
    },
  );

  app.get(
    '/api/v1/dossiers/file-attente',
    options('dossier.decider', {
      summary: "File d'attente des gestionnaires : dossiers dont un contrôle est à vérifier",
      querystring: listeDossiersQuery.omit({ etat: true }),
      response: { 200: z.object({ dossiers: z.array(vueDossierSchema) }), ...reponsesAcces },
    }),
    async (req) => {
      const { sujet } = authentificationDe(req);
      const l = await listerDossiers(deps.base.db, {
        organisations: organisationsPermises(sujet, 'dossier.decider'),
        aVerifier: true,
        limite: req.query.limite,
        apres: req.query.apres,
      });
      return { dossiers: l.map((x) => vueDossier(x.dossier)) };
    },
  );

  app.get(
    '/api/v1/dossiers/:id',
    surLeDossier('dossier.lire', {
      summary: 'Un dossier : état, contrôles cités, engagement, décision',
      response: { 200: dossierCompletSchema, 404: problemeSchema, ...reponsesAcces },
    }),
    async (req) => {
      const l = await dossierLisible(req, req.params.id);
      const gl = await etatGrandLivreDossier(deps.base.db, l.dossier.id);
      return {
        ...complet(l.dossier),
        grandLivre: {
          reserve: gl.reserve
            ? { version: gl.reserve.version, montantCentimes: gl.reserve.montantCentimes }
            : null,
          nonReserve: gl.nonReserve
            ? {
                version: gl.nonReserve.version,
                montantCentimes: gl.nonReserve.montantCentimes,
                motif: gl.nonReserve.motif,
              }
            : null,
        },
      };
    },
  );

  app.get(
    '/api/v1/dossiers/:id/historique',
    surLeDossier('dossier.lire', {
      summary: "L'historique d'un dossier : ses événements, dans l'ordre",
      response: {
        200: z.object({ evenements: z.array(evenementDossierSchema) }),
        404: problemeSchema,
        ...reponsesAcces,
      },
    }),
    async (req) => {
      await dossierLisible(req, req.params.id);
      return historiqueDe(await evenementsDe(deps.base.db, req.params.id), resume);
    },
  );

  app.put(
    '/api/v1/dossiers/:id',
    surLeDossier('dossier.deposer', {
      summary: 'Modifier un brouillon ou un dossier incomplet',
      body: depotDossierSchema,
      response: reponsesCommande,
    }),
    async (req) =>
      commande(req, 'dossier.deposer', ['entreprise', 'cfa'], {
        type: 'modifier',
        cerfa: req.body,
      }),
  );

  app.post(
    '/api/v1/dossiers/:id/transmission',
    surLeDossier('dossier.deposer', {
      summary: "Transmettre un brouillon ou un dossier complété à l'OPCO (instruction automatique)",
      response: reponsesCommande,
    }),
    async (req) =>
      commande(req, 'dossier.deposer', ['entreprise', 'cfa'], {
        type: 'transmettre',
      }),
  );

  app.post(
    '/api/v1/dossiers/:id/decision',
    surLeDossier('dossier.decider', {
      summary: "Décider (gestionnaire de l'OPCO) : engager ou refuser, motif obligatoire",
      body: decisionSchema,
      response: reponsesCommande,
    }),
    async (req) =>
      commande(req, 'dossier.decider', ['opco'], {
        type: 'decider',
        sens: req.body.sens,
        motif: req.body.motif,
      }),
  );

  app.post(
    '/api/v1/dossiers/:id/avenant',
    surLeDossier('dossier.modifier', {
      summary: "Avenant : le contrat modifié, l'engagement et l'échéancier recalculés",
      body: avenantSchema,
      response: reponsesCommande,
    }),
    async (req) =>
      commande(req, 'dossier.modifier', ['entreprise', 'cfa'], {
        type: 'avenant',
        dateEffet: req.body.dateEffet,
        cerfa: req.body.cerfa,
      }),
  );

  app.post(
    '/api/v1/dossiers/:id/rupture',
    surLeDossier('dossier.modifier', {
      summary: "Rupture : l'engagement recalculé à la date d'effet, l'écart expliqué",
      body: ruptureSchema,
      response: reponsesCommande,
    }),
    async (req) =>
      commande(req, 'dossier.modifier', ['entreprise', 'cfa'], {
        type: 'rompre',
        dateEffet: req.body.dateEffet,
        motif: req.body.motif,
        ...(req.body.dateNouveauContrat ? { dateNouveauContrat: req.body.dateNouveauContrat } : {}),
      }),
  );

  app.post(
    '/api/v1/dossiers/:id/annulation',
    surLeDossier('dossier.modifier', {
      summary: 'Annuler un dossier (avant le début du contrat une fois engagé)',
      body: annulationSchema,
      response: reponsesCommande,
    }),
    async (req) =>
      commande(req, 'dossier.modifier', ['entreprise', 'cfa'], {
        type: 'annuler',
        motif: req.body.motif,
      }),
  );

  app.get(
    '/api/v1/dossiers/:id/cerfa.pdf',
    surLeDossier('dossier.lire', {
      summary: 'Imprimer le CERFA : le contrat déposé, champ par champ, en PDF',
      produces: ['application/pdf'],
      response: {
        200: z.string().describe('Document PDF (application/pdf)'),
        404: problemeSchema,
        ...reponsesAcces,
      },
    }),
    async (req, reply) => {
      const l = await dossierLisible(req, req.params.id);
      const d = l.dossier;
      const pdf = await pdfCerfa(
        lignesCerfa(d.cerfa, [
          `Dossier ${d.id} — état : ${libellesEtats[d.etat]}${d.dateTransmission ? ` — transmis le ${d.dateTransmission}` : ''}`,
          `OPCO destinataire : ${d.opco}. Document établi d'après les données déposées sur la plateforme ; ce n'est pas le formulaire Cerfa officiel.`,
        ]),
        {
          titre: titreCerfa(d.cerfa.formulaire),
          sujet: `Dossier ${d.id}`,
          motsCles: [d.cerfa.formulaire, d.id, d.cerfa.employeur.siret],
          pied: `Plateforme OPCO — dossier ${d.id} — ${d.cerfa.formulaire}`,
        },
      );
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="cerfa-${d.id}.pdf"`)
          // A Buffer is sent as is (Fastify does not serialise it); the schema documents a file.
          .send(Buffer.from(pdf) as unknown as string)
      );
    },
  );

  // ——— « API CFA » (operations.md §3): the states and the schedule for CFA software ———

  app.get(
    '/api/v1/cfa/dossiers/etats',
    options('dossier.lire', {
      summary: 'API CFA : l’état des dossiers de mes organismes (norme d’échange inter-OPCO)',
      querystring: z.object({
        numeroPage: z.coerce.number().int().min(1).max(10_000).default(1),
      }),
      response: { 200: etatsDossiersApiCfaSchema, ...reponsesAcces },
    }),
    async (req) => {
      const { sujet } = authentificationDe(req);
      const taille = 100;
      const tous = await listerDossiers(deps.base.db, {
        organisations: organisationsPermises(sujet, 'dossier.lire'),
        limite: taille * req.query.numeroPage,
      });
      const page = tous.slice(taille * (req.query.numeroPage - 1));
      return {
        total: tous.length,
        count: page.length,
        page: req.query.numeroPage,
        etats: page.map(({ dossier: d }) => ({
          numeroInterne: d.id,
          numeroExterne: null,
          numeroDeca: null,
          etat: etatsApiCfa[d.etat],
          commentaireEtat:
            d.decision?.raisons.map((r) => r.message).join(' ; ') || d.decision?.motif || null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/cfa/dossiers/:id',
    surLeDossier('dossier.lire', {
      summary: 'API CFA : un dossier, son engagement et son échéancier',
      response: { 200: dossierApiCfaSchema, 404: problemeSchema, ...reponsesAcces },
    }),
    async (req) => {
      const l = await dossierLisible(req, req.params.id);
      const d = l.dossier;
      const c = d.cerfa;
      const t = c.formulaire === 'FA13' ? c.apprenti : c.salarie;
      const e = d.engagement?.reservation;
      return {
        numeroInterne: d.id,
        etat: etatsApiCfa[d.etat],
        engagement: e ? e.montantTotalCentimes / 100 : null,
        cerfa: {
          apprenti: { nom: t.nom, prenom: t.prenom, dateNaissance: t.dateNaissance },
          employeur: { denomination: c.employeur.denomination, siret: c.employeur.siret },
          formation: {
            intituleQualification: c.formation.intitule,
            rncp: c.formation.rncp ?? null,
            dateDebutFormation: c.formation.dateDebut,
            dureeFormation: c.formation.dureeHeures,
          },
          contrat: {
            dateConclusion: c.contrat.dateConclusion,
            dateDebutContrat: c.contrat.dateDebut,
            dateFinContrat: c.contrat.dateFin ?? null,
            dateRupture: d.rupture?.dateEffet ?? null,
          },
        },
        echeances: (e?.echeances ?? []).map((x) => ({
          numero: x.numero,
          montantTotal: x.montantCentimes / 100,
          dateDebut: x.dateExigibilite,
          nature: x.nature,
        })),
      };
    },
  );
};
