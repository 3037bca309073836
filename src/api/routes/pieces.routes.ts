import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { empreinteValeur, type Action, type Sujet } from '../../domaine/comptes/index.ts';
import { reponsesAcces } from '../../partage/comptes.schema.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import {
  depotPieceQuery,
  listePiecesSchema,
  listeTypesPieces,
  naturesPieces,
  pieceSchema,
  signatureConforme,
  TAILLE_MAX_PIECE,
  type NaturePiece,
  type PieceDto,
  type TypePiece,
} from '../../partage/pieces.schema.ts';
import { problemeSchema } from '../../partage/probleme.ts';
import { ajouterAudit } from '../../stockage/audit.depot.ts';
import { chargerDossier, type Proprietaires } from '../../stockage/dossiers.depot.ts';
import {
  ajouterPiece,
  lirePiece,
  piecesDuDossier,
  type Piece,
} from '../../stockage/pieces.depot.ts';
import { authentificationDe } from '../acces/installer.ts';
import type { ModuleRoutes } from '../types.ts';
import { exiger, type Cote } from './dossiers.routes.ts';

/**
 * Pièces jointes of a dossier (issue 12 point 7): uploaded as the request body itself (PDF, PNG
 * or JPEG, 10 Mio at most, the first bytes must match the declared type), stored in the
 * database with their SHA-256, written to the audit trail; read by the company, the CFA of the
 * dossier and the staff of its OPCO — not by national readers (they see dossiers, not their
 * documents).
 */

const dto = (p: Piece): PieceDto => ({
  ...p,
  libelleNature: naturesPieces[p.nature as NaturePiece] ?? p.nature,
});

export const routesPieces: ModuleRoutes = (app, deps) =>
  routesPiecesDe(app, deps, {
    ressource: 'dossier',
    charger: async (id) => (await chargerDossier(deps.base.db, id))?.proprietaires ?? null,
    lecture: ['entreprise', 'cfa', 'opco'],
    depot: ['entreprise', 'cfa'],
  });

/**
 * The pièces jointes of one kind of row of the `dossier` table (the store of migration 0097
 * names its row `dossier_id`): contracts (`/api/v1/dossiers/:id/pieces`) and requests for
 * funding (`/api/v1/demandes/:id/pieces`), with the owners' sides that read and that add.
 */
export function routesPiecesDe(
  app: Parameters<ModuleRoutes>[0],
  deps: Parameters<ModuleRoutes>[1],
  o: {
    ressource: 'dossier' | 'demande';
    /** The owners of row `id` as the subject may see them (null: unknown, 404). */
    charger: (id: string, sujet: Sujet) => Promise<Proprietaires | null>;
    lecture: readonly Cote[];
    depot: readonly Cote[];
  },
): void {
  const db = () => deps.base.db;
  const ressource = o.ressource === 'dossier' ? 'Dossier' : 'Demande';
  const tag = `${o.ressource}s`;
  const base = `/api/v1/${o.ressource}s/:id/pieces`;

  /** The row `id` if the subject may do `action` on one of its owners on these sides. */
  async function dossierPour(
    req: FastifyRequest,
    id: string,
    action: Action,
    cotes: readonly Cote[],
  ) {
    const { sujet } = authentificationDe(req);
    const proprietaires = await o.charger(id, sujet);
    if (!proprietaires)
      throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', { ressource, identifiant: id });
    // piece.lire has no national scope: national readers of dossiers are refused here.
    exiger(sujet, action, proprietaires, cotes);
    return { sujet, proprietaires };
  }

  const params = z.object({ id: z.string().min(1).max(100) });

  app.get(
    base,
    {
      config: { acces: { action: 'piece.lire' } },
      schema: {
        tags: [tag],
        summary: `Les pièces jointes d’${o.ressource === 'dossier' ? 'un dossier' : 'une demande'} (sans leur contenu), avec leur empreinte SHA-256`,
        params,
        response: { 200: listePiecesSchema, 404: problemeSchema, ...reponsesAcces },
      },
    },
    async (req) => {
      await dossierPour(req, req.params.id, 'piece.lire', o.lecture);
      return { pieces: (await piecesDuDossier(db(), req.params.id)).map(dto) };
    },
  );

  app.get(
    `${base}/:piece`,
    {
      config: { acces: { action: 'piece.lire' } },
      schema: {
        tags: [tag],
        summary: 'Télécharger une pièce jointe (son type de contenu, son empreinte en ETag)',
        params: params.extend({ piece: z.string().min(1).max(100) }),
        produces: listeTypesPieces,
        response: {
          200: z.string().describe('Le fichier (PDF, PNG ou JPEG)'),
          404: problemeSchema,
          ...reponsesAcces,
        },
      },
    },
    async (req, reply) => {
      await dossierPour(req, req.params.id, 'piece.lire', o.lecture);
      const p = await lirePiece(db(), req.params.id, req.params.piece);
      if (!p)
        throw new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', {
          ressource: 'Pièce jointe',
          identifiant: req.params.piece,
        });
      return (
        reply
          .type(p.typeContenu)
          .header('etag', `"${p.sha256}"`)
          .header('x-content-type-options', 'nosniff')
          .header(
            'content-disposition',
            `attachment; filename="${p.nomFichier.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(p.nomFichier)}`,
          )
          // A Buffer is sent as is (Fastify does not serialise it); the schema documents a file.
          .send(Buffer.from(p.contenu) as unknown as string)
      );
    },
  );

  // Upload: the body is the file; its own context for the binary parsers and the size limit.
  void app.register(async (instance) => {
    const a = instance.withTypeProvider<ZodTypeProvider>();
    a.addContentTypeParser(
      listeTypesPieces,
      { parseAs: 'buffer', bodyLimit: TAILLE_MAX_PIECE },
      (_req, corps, done) => done(null, corps),
    );
    a.post(
      base,
      {
        config: { acces: { action: 'dossier.deposer' } },
        bodyLimit: TAILLE_MAX_PIECE,
        schema: {
          tags: [tag],
          summary: `Joindre une pièce ${o.ressource === 'dossier' ? 'au dossier' : 'à la demande'} : le corps est le fichier (application/pdf, image/png ou image/jpeg, 10 Mio au plus)`,
          description:
            `${o.ressource === 'dossier' ? 'Entreprise ou CFA du dossier' : 'Entreprise de la demande'}. Le début du fichier doit correspondre au type déclaré ; ` +
            'l’empreinte SHA-256 est conservée et inscrite au journal d’audit.',
          params,
          querystring: depotPieceQuery,
          response: { 201: pieceSchema, 404: problemeSchema, ...reponsesAcces },
        },
      },
      async (req, reply) => {
        const { sujet, proprietaires } = await dossierPour(
          req,
          req.params.id,
          'dossier.deposer',
          o.depot,
        );
        const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
        const corps = req.body;
        if (!Buffer.isBuffer(corps) || !listeTypesPieces.includes(type as TypePiece))
          throw new ErreurOpco('ERR_TYPE_MEDIA', { type: type || '(aucun)' });
        if (corps.length === 0)
          throw new ErreurOpco('ERR_VALIDATION', { detail: 'body : fichier vide', champ: 'body' });
        if (!signatureConforme(type as TypePiece, corps))
          throw new ErreurOpco('ERR_VALIDATION', {
            detail: `body : le contenu n’est pas un fichier ${type} (en-tête du fichier)`,
            champ: 'body',
          });
        const p = await ajouterDansLeJournal(sujet, proprietaires, {
          id: randomUUID(),
          dossierId: req.params.id,
          nature: req.query.nature,
          nomFichier: req.query.nom,
          typeContenu: type as TypePiece,
          taille: corps.length,
          sha256: createHash('sha256').update(corps).digest('hex'),
          contenu: corps,
          compteId: sujet.compteId,
          cleId: sujet.cleId,
        });
        void reply.code(201);
        return dto(p);
      },
    );
  });

  /** Stores the piece and its audit row in one transaction. */
  function ajouterDansLeJournal(
    sujet: Sujet,
    p: Proprietaires,
    piece: Parameters<typeof ajouterPiece>[1],
  ): Promise<Piece> {
    return db()
      .transaction()
      .execute(async (trx) => {
        const r = await ajouterPiece(trx, piece);
        await ajouterAudit(trx, {
          horodatage: new Date().toISOString(),
          compteId: sujet.compteId,
          cleId: sujet.cleId,
          organisationId: p.entreprise ?? p.cfa,
          action: `${o.ressource}.piece.joindre`,
          ressource: `${o.ressource}:${piece.dossierId}/piece:${piece.id}`,
          avant: null,
          apres: empreinteValeur({
            nature: r.nature,
            nomFichier: r.nomFichier,
            typeContenu: r.typeContenu,
            taille: r.taille,
            sha256: r.sha256,
          }),
        });
        return r;
      });
  }
}
