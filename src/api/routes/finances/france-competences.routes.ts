import { reponsesAcces } from '../../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../../partage/erreurs.ts';
import * as fc from '../../../partage/finances-fc.schema.ts';
import * as f from '../../../stockage/finances.depot.ts';
import { tablesEsf } from '../../finances-export.ts';
import type { AppZod } from '../../types.ts';
import type { ContexteFinances } from './commun.ts';
import { deLOrganisation, envoyerExport, erreurs, reponses, tags } from './commun.ts';

/**
 * Money with France compétences: cash calls and funds received (R6123-28), péréquation
 * eligibility (R6123-31, R6123-33), the annual ESF (R6332-31, convention pending the arrêté).
 */
export const routesFranceCompetences = (app: AppZod, ctx: ContexteFinances): void => {
  const { base, organisation, auteur, droitCourant } = ctx;

  /** The funds of a cash call: the OPCO named by the path, the section and origin asked. */
  type Fonds = Parameters<typeof f.etatAppelFonds>[2];
  const fondsDe = async (organisationId: string, x: Omit<Fonds, 'opco'>): Promise<Fonds> => ({
    opco: await organisation(organisationId, 'opco'),
    section: x.section,
    origine: x.origine,
  });

  app.get(
    '/api/v1/finances/opco/:organisation/appels-fonds/etat',
    deLOrganisation('finances.lire', {
      summary:
        'État d’appel de fonds (R6123-28) : besoins de trésorerie des prochains mois, trésorerie, plafond',
      querystring: fc.requeteEtatAppelSchema,
      response: reponses(fc.etatAppelFondsSchema),
    }),
    async (req) => {
      const q = req.query;
      const etat = await f.etatAppelFonds(
        base.db,
        droitCourant(),
        await fondsDe(req.params.organisation, q),
        q.date,
        q.annee,
      );
      if (!etat)
        throw new ErreurOpco('ERR_VALIDATION', {
          detail: `date : aucun plafond d’appel de fonds (R6123-28) en vigueur le ${q.date}`,
          champ: 'querystring.date',
        });
      return etat;
    },
  );

  app.get(
    '/api/v1/finances/opco/:organisation/appels-fonds',
    deLOrganisation('finances.lire', {
      summary: 'Appels de fonds envoyés à France compétences et fonds reçus',
      response: reponses(fc.appelsFondsSchema),
    }),
    async (req) =>
      f.listerAppelsFonds(base.db, await organisation(req.params.organisation, 'opco')),
  );

  app.post(
    '/api/v1/finances/opco/:organisation/appels-fonds',
    deLOrganisation('finances.payer', {
      summary:
        'Appeler des fonds auprès de France compétences ; refus chiffré au-delà de 3 mois de besoins (R6123-28)',
      body: fc.demandeAppelSchema,
      response: reponses(fc.resultatAppelSchema),
    }),
    async (req) => {
      const b = req.body;
      const r = await f.appelerFonds(
        base.db,
        droitCourant(),
        await fondsDe(req.params.organisation, b),
        b.date,
        b.montantCentimes,
        auteur(req, req.params.organisation),
        b.annee,
      );
      const vide = {
        appelId: null,
        montantCentimes: null,
        demandeCentimes: null,
        plafondCentimes: null,
        depassementCentimes: null,
        motif: null,
        etat: null,
      };
      if (r.statut === 'sans_plafond') return { ...vide, statut: r.statut, motif: r.motif };
      if (r.statut === 'refuse') return { ...vide, ...r };
      return {
        ...vide,
        statut: r.statut,
        appelId: r.appelId,
        montantCentimes: r.montantCentimes,
        plafondCentimes: r.etat.plafondCentimes,
        etat: r.etat,
      };
    },
  );

  app.post(
    '/api/v1/finances/opco/:organisation/versements',
    deLOrganisation('finances.payer', {
      summary:
        'Enregistrer des fonds reçus de France compétences (trésorerie ← fonds reçus) ; refus chiffré au-delà de la dotation',
      body: fc.versementSchema,
      response: reponses(fc.resultatVersementSchema),
    }),
    async (req) => {
      const opco = await organisation(req.params.organisation, 'opco');
      const r = await f.enregistrerVersement(
        base.db,
        { ...req.body, opco },
        auteur(req, req.params.organisation),
      );
      return r.statut === 'refuse'
        ? { ...r, versementId: null, ecritureId: null }
        : { ...r, motif: null, resteAVerserCentimes: null };
    },
  );

  const perequation = async (opco: string, date: string, prevision: number) => {
    const r = await f.perequation(base.db, droitCourant(), opco, date, prevision);
    if ('manquant' in r)
      throw new ErreurOpco('ERR_VALIDATION', {
        detail: `date : paramètres de la péréquation absents le ${date} (${r.manquant.join(', ')})`,
        champ: 'querystring.date',
      });
    return r;
  };

  app.get(
    '/api/v1/finances/opco/:organisation/perequation',
    deLOrganisation('finances.lire', {
      summary:
        'Éligibilité à la péréquation (R6123-31, R6123-33) : insuffisance de la section alternance, part des fonds aux contrats',
      querystring: fc.requetePerequationSchema,
      response: reponses(fc.perequationSchema),
    }),
    async (req) =>
      perequation(
        await organisation(req.params.organisation, 'opco'),
        req.query.date,
        req.query.previsionNouveauxCentimes,
      ),
  );

  app.get(
    '/api/v1/finances/perequation',
    {
      config: { acces: { action: 'finances.lire_national' } },
      schema: {
        summary: 'Éligibilité d’un OPCO à la péréquation (France compétences, État)',
        tags,
        querystring: fc.requetePerequationNationaleSchema,
        response: { 200: fc.perequationSchema, ...erreurs, ...reponsesAcces },
      },
    },
    async (req) => perequation(req.query.opco, req.query.date, req.query.previsionNouveauxCentimes),
  );

  const esf = async (
    reply: unknown,
    opco: string,
    q: {
      annee: number;
      format: 'json' | 'csv' | 'xlsx';
      contenu: 'financier' | 'contrats' | 'beneficiaires';
    },
  ) => {
    const e = await f.etatStatistiqueFinancier(base.db, opco, q.annee);
    if (q.format === 'json') return e;
    const t = tablesEsf(e);
    return envoyerExport(
      reply,
      q.format,
      { nom: `esf-${opco}-${q.annee}-${q.contenu}`, table: t[q.contenu] },
      async () => ({
        nom: `esf-${opco}-${q.annee}`,
        tables: [t.avertissement, t.financier, t.contrats, t.beneficiaires],
      }),
    );
  };

  app.get(
    '/api/v1/finances/opco/:organisation/esf',
    deLOrganisation('finances.lire', {
      summary:
        'État statistique et financier annuel (R6332-31) — convention de la plateforme en attendant l’arrêté du modèle (JSON, CSV, XLSX)',
      querystring: fc.requeteEsfSchema,
      response: reponses(fc.esfSchema),
    }),
    async (req, reply) =>
      esf(reply, await organisation(req.params.organisation, 'opco'), req.query),
  );

  app.get(
    '/api/v1/finances/esf',
    {
      config: { acces: { action: 'finances.lire_national' } },
      schema: {
        summary: 'État statistique et financier d’un OPCO (France compétences, État)',
        tags,
        querystring: fc.requeteEsfNationaleSchema,
        response: { 200: fc.esfSchema, ...erreurs, ...reponsesAcces },
      },
    },
    async (req, reply) => esf(reply, req.query.opco, req.query),
  );
};
