import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Action } from '../../../domaine/comptes/index.ts';
import { delaiSoldeMois, type ResultatLigne } from '../../../domaine/finances/index.ts';
import { moteurParDefaut } from '../../../droit/moteur-par-defaut.ts';
import { reponsesAcces } from '../../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../../partage/erreurs.ts';
import * as s from '../../../partage/finances.schema.ts';
import { reponsesErreur } from '../../../partage/probleme.ts';
import * as depotComptes from '../../../stockage/comptes.depot.ts';
import type * as f from '../../../stockage/finances.depot.ts';
import { authentificationDe } from '../../acces/installer.ts';
import { versCsv, versXlsx, type TableExport } from '../../finances-export.ts';
import type { Dependances } from '../../types.ts';

/** Shared pieces of the money route modules (issue 13): schemas, access, helpers, context. */
export const tags = ['finances'];
export const erreurs = { 400: reponsesErreur[400], 404: reponsesErreur[404], ...reponsesAcces };
export const reponses = <T extends z.ZodType>(ok: T) => ({ 200: ok, ...erreurs });

/**
 * Options of a route on the money of the organisation named by the `:organisation` path
 * parameter: `action` required on that organisation, the finances tag, that parameter (unless
 * `schema.params` gives another one) and the route's own summary, body, query and responses.
 */
export function deLOrganisation<const S extends object>(
  action: Action,
  schema: S,
  autres: { bodyLimit?: number } = {},
) {
  return {
    config: { acces: { action, organisation: 'organisation' } },
    ...autres,
    schema: { tags, params: s.paramOrganisationSchema, ...schema },
  };
}

export const CSV = 'text/csv; charset=utf-8';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a file to download (CSV, XLSX, SEPA XML) under the given name. */
export function telecharger(reply: unknown, type: string, nom: string, contenu: string | Buffer) {
  return (reply as FastifyReply)
    .type(type)
    .header('content-disposition', `attachment; filename="${nom}"`)
    .send(contenu);
}

/**
 * Sends an export as the query asks: one table as CSV, or a workbook of tables as XLSX (read only
 * then: the CSV names one table). File names come without their extension.
 */
export async function envoyerExport(
  reply: unknown,
  format: string,
  csv: { nom: string; table: TableExport },
  xlsx: () => Promise<{ nom: string; tables: readonly TableExport[] }>,
) {
  if (format === 'csv') return telecharger(reply, CSV, `${csv.nom}.csv`, versCsv(csv.table));
  const x = await xlsx();
  return telecharger(reply, XLSX, `${x.nom}.xlsx`, await versXlsx(x.tables));
}

/** Parses a JSON body with `schema`, or refuses it (400 naming the first faulty field). */
export function lireCorps<T>(schema: z.ZodType<T>, corps: unknown): T {
  const p = schema.safeParse(corps);
  if (!p.success)
    throw new ErreurOpco('ERR_VALIDATION', {
      detail: p.error.issues.map((i) => `body.${i.path.join('.')} : ${i.message}`).join(' ; '),
      champ: `body.${p.error.issues[0]?.path.join('.') ?? ''}`,
    });
  return p.data;
}

export function versLigne(l: ResultatLigne) {
  return {
    rang: l.rang,
    apparie: l.apparie,
    dossierId: l.dossierId,
    numeroEcheance: l.numeroEcheance,
    montantCentimes: l.montantCentimes,
    motif: l.apparie ? null : l.motif,
  };
}

export function versFacture(r: f.ResultatFacture, referenceCfa: string) {
  return {
    factureId: r.factureId,
    referenceCfa,
    statut: r.statut,
    montantApparieCentimes: r.montantApparieCentimes,
    lignes: r.lignes.map(versLigne),
  };
}

/** A booking's result in the API's flat shape (figures null where they do not apply). */
export function versReservation(r: f.ResultatReservation) {
  const vide = {
    source: null,
    deltaCentimes: null,
    disponibleApresCentimes: null,
    motifs: [],
    disponibleCentimes: null,
    demandeCentimes: null,
    manqueCentimes: null,
  };
  if (r.statut === 'refuse')
    return {
      ...vide,
      statut: r.statut,
      dossierId: r.dossierId,
      version: r.version,
      motifs: r.motifs,
      disponibleCentimes: r.disponibleCentimes,
      demandeCentimes: r.demandeCentimes,
      manqueCentimes: r.manqueCentimes,
    };
  if (r.statut === 'deja_reserve')
    return { ...vide, statut: r.statut, dossierId: r.dossierId, version: r.version };
  return {
    ...vide,
    statut: r.statut,
    dossierId: r.dossierId,
    version: r.version,
    source: r.source,
    deltaCentimes: r.deltaCentimes,
    disponibleApresCentimes: r.disponibleApresCentimes,
  };
}

export const libellesEtatHorsLivre: Record<f.EtatHorsLivre, string> = {
  a_comptabiliser: 'À comptabiliser',
  comptabilise: 'Comptabilisé depuis',
  remplace: 'Remplacé par une version plus récente',
};

/** What every money route module needs from the composition root, built once per app. */
export interface ContexteFinances {
  base: Dependances['base'];
  /** The law, loaded on first use. */
  droitCourant: () => ReturnType<typeof moteurParDefaut>['droit'];
  /** Months allowed after the end of a contract to send the balance (R6332-25), at `date`. */
  delai: (date: string) => number | null;
  /** The OPCO code (or the CFA's SIRET) of an organisation, or 404. */
  organisation: (id: string, type: 'opco' | 'organisme_formation') => Promise<string>;
  /** Who is acting, for the audit trail. */
  auteur: (req: FastifyRequest, organisationId: string) => f.Auteur;
}

export function contexteFinances(deps: Dependances): ContexteFinances {
  const { base } = deps;
  let droit: ReturnType<typeof moteurParDefaut>['droit'] | null = null;
  const droitCourant = () => {
    droit ??= (deps.moteur ?? moteurParDefaut(deps.config.dataDir)).droit;
    return droit;
  };
  return {
    base,
    droitCourant,
    delai: (date) => delaiSoldeMois(droitCourant(), date),
    async organisation(id, type) {
      const o = await depotComptes.trouverOrganisation(depotComptes.comptes(base.db), id);
      const cle = type === 'opco' ? o?.codeOpco : o?.siret;
      if (!o || o.type !== type || !cle)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: type === 'opco' ? 'OPCO' : 'Organisme de formation (SIRET)',
          identifiant: id,
        });
      return cle;
    },
    auteur(req, organisationId) {
      const { sujet } = authentificationDe(req);
      return { compteId: sujet.compteId, cleId: sujet.cleId, organisationId };
    },
  };
}
