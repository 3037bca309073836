import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import {
  listeTypesPieces,
  naturesPieces,
  TAILLE_MAX_PIECE,
  type PieceDto,
} from '../../../partage/pieces.schema.ts';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { appelDossiers, ErreurDossier } from './client.ts';

const octets = (n: number) =>
  n < 1024
    ? `${n} o`
    : n < 1024 * 1024
      ? `${(n / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Kio`
      : `${(n / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mio`;

/**
 * The pièces jointes of a dossier: the list (nature, file, size, SHA-256, date, download) for
 * the company, the CFA and the OPCO's staff, and the upload form for the company and the CFA.
 */
export function Pieces({
  dossierId,
  csrf,
  peutJoindre,
}: {
  dossierId: string;
  csrf: string | null | undefined;
  peutJoindre: boolean;
}) {
  const [pieces, setPieces] = useState<PieceDto[] | null>(null);
  const [interdit, setInterdit] = useState(false);
  const [erreur, setErreur] = useState<string | null>(null);
  const [statut, setStatut] = useState('');
  const fichier = useRef<HTMLInputElement>(null);

  const charger = useCallback(() => {
    appelDossiers<{ pieces: PieceDto[] }>('GET', `/api/v1/dossiers/${dossierId}/pieces`, csrf)
      .then((r) => setPieces(r.pieces))
      .catch((e: unknown) => {
        if (e instanceof ErreurDossier && e.statut === 403) setInterdit(true);
        else setPieces([]);
      });
  }, [dossierId, csrf]);
  useEffect(charger, [charger]);

  async function joindre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    setErreur(null);
    const f = fichier.current?.files?.[0];
    const nature = String(new FormData(ev.currentTarget).get('nature') ?? '');
    if (!f) {
      setErreur('Choisissez un fichier.');
      fichier.current?.focus();
      return;
    }
    if (!(listeTypesPieces as readonly string[]).includes(f.type)) {
      setErreur(`Type de fichier non accepté (${f.type || 'inconnu'}) : PDF, PNG ou JPEG.`);
      fichier.current?.focus();
      return;
    }
    if (f.size > TAILLE_MAX_PIECE) {
      setErreur(`Fichier trop gros (${octets(f.size)}) : ${octets(TAILLE_MAX_PIECE)} au plus.`);
      fichier.current?.focus();
      return;
    }
    setStatut('Envoi du fichier…');
    const q = new URLSearchParams({ nature, nom: f.name });
    const r = await fetch(`/api/v1/dossiers/${dossierId}/pieces?${q.toString()}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': f.type,
        accept: 'application/json',
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      body: f,
    }).catch(() => null);
    setStatut('');
    if (!r) {
      setErreur('Le serveur ne répond pas : réessayez dans un instant.');
      return;
    }
    if (!r.ok) {
      const p = (await r.json().catch(() => ({}))) as { detail?: string };
      setErreur(p.detail ?? r.statusText);
      fichier.current?.focus();
      return;
    }
    const piece = (await r.json()) as PieceDto;
    setStatut(`Pièce jointe : ${piece.nomFichier} (SHA-256 ${piece.sha256.slice(0, 12)}…).`);
    if (fichier.current) fichier.current.value = '';
    charger();
  }

  if (interdit) return null;
  return (
    <section aria-labelledby="titre-pieces">
      <h2 id="titre-pieces">Pièces jointes</h2>
      {pieces === null ? (
        <p role="status">Chargement…</p>
      ) : pieces.length === 0 ? (
        <p className="information">Aucune pièce jointe.</p>
      ) : (
        <TableauAdaptable libelle="Pièces jointes">
          <table>
            <caption className="visuellement-cache">Pièces jointes</caption>
            <thead>
              <tr>
                <th scope="col">Pièce</th>
                <th scope="col">Fichier</th>
                <th scope="col">Taille</th>
                <th scope="col">Déposée le</th>
                <th scope="col">Empreinte SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {pieces.map((p) => (
                <tr key={p.id}>
                  <td>{p.libelleNature}</td>
                  <td>
                    <a
                      href={`/api/v1/dossiers/${dossierId}/pieces/${p.id}`}
                      download={p.nomFichier}
                    >
                      {p.nomFichier}
                    </a>
                  </td>
                  <td>{octets(p.taille)}</td>
                  <td>{new Date(p.deposeLe).toLocaleString('fr-FR')}</td>
                  <td>
                    <code title={p.sha256}>{p.sha256.slice(0, 16)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableauAdaptable>
      )}
      {peutJoindre && (
        <form onSubmit={(e) => void joindre(e)} aria-labelledby="titre-joindre" noValidate>
          <h3 id="titre-joindre">Joindre une pièce</h3>
          <p>
            <label htmlFor="naturePiece">Nature de la pièce *</label>
            <select id="naturePiece" name="nature" defaultValue="contrat_signe">
              {Object.entries(naturesPieces).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor="fichierPiece">Fichier (PDF, PNG ou JPEG, 10 Mio au plus) *</label>
            <input
              id="fichierPiece"
              ref={fichier}
              type="file"
              accept={listeTypesPieces.join(',')}
              {...(erreur
                ? { 'aria-invalid': true as const, 'aria-describedby': 'fichierPiece-erreur' }
                : {})}
            />
            {erreur && (
              <span id="fichierPiece-erreur" className="erreur-champ" role="alert">
                {erreur}
              </span>
            )}
          </p>
          <p role="status" aria-live="polite">
            {statut}
          </p>
          <button type="submit">Joindre la pièce</button>
        </form>
      )}
    </section>
  );
}
