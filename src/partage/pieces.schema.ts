import { z } from 'zod';

/**
 * Pièces jointes of a dossier (issue 12 point 7): the accepted types, the size limit and the
 * natures of document, shared by the API and the web page. These are platform limits, not law.
 */

/** 10 Mio: a scanned signed contract fits; the database is not a file store. */
export const TAILLE_MAX_PIECE = 10 * 1024 * 1024;

/** Accepted content types, with the first bytes a file of that type starts with. */
export const typesPieces = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
} as const satisfies Record<string, readonly number[]>;
export type TypePiece = keyof typeof typesPieces;
export const listeTypesPieces = Object.keys(typesPieces) as TypePiece[];

/** Does `octets` start like a file of `type` (the declared type is not taken on trust)? */
export function signatureConforme(type: TypePiece, octets: Uint8Array): boolean {
  const s = typesPieces[type];
  return octets.length >= s.length && s.every((b, i) => octets[i] === b);
}

export const naturesPieces = {
  contrat_signe: 'Contrat signé (CERFA signé par les parties)',
  convention_formation: 'Convention de formation (D6224-1)',
  annexe_pedagogique: 'Annexe pédagogique et financière (CFA d’entreprise)',
  convention_tripartite: 'Convention tripartite de durée (L6222-7-1)',
  avenant_signe: 'Avenant signé',
  autre: 'Autre pièce',
} as const;
export type NaturePiece = keyof typeof naturesPieces;

export const depotPieceQuery = z.object({
  nature: z.enum(Object.keys(naturesPieces) as [NaturePiece, ...NaturePiece[]]),
  nom: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((s) => !/[/\\"]/.test(s) && [...s].every((ch) => ch.charCodeAt(0) >= 0x20), {
      message: 'nom de fichier sans barre oblique, guillemet ni caractère de contrôle',
    }),
});

export const pieceSchema = z.object({
  id: z.string(),
  dossierId: z.string(),
  nature: z.string(),
  libelleNature: z.string(),
  nomFichier: z.string(),
  typeContenu: z.string(),
  taille: z.number().int(),
  sha256: z.string(),
  deposeLe: z.string(),
});
export type PieceDto = z.infer<typeof pieceSchema>;

export const listePiecesSchema = z.object({ pieces: z.array(pieceSchema) });
