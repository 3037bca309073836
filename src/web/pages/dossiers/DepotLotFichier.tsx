import { useEffect, useState, type ChangeEvent } from 'react';
import '../../../partage/zod-fr.ts';
import {
  lireLot,
  type FormatLot,
  type ResultatLigneLot,
  type ResultatLot,
} from '../../../partage/dossiers-lot.ts';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { Lien } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import { appelDossiers, ErreurDossier } from './client.ts';

/** Contracts per request: progress moves by this many lines. */
const PAQUET = 25;

const libellesStatut: Record<ResultatLigneLot['statut'], string> = {
  cree: 'déposé',
  deja_depose: 'déjà déposé',
  rejete: 'rejeté',
};

function formatDe(nom: string): FormatLot {
  const n = nom.toLowerCase();
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.json')) return 'json';
  return 'ndjson';
}

/**
 * Bulk deposit of a CSV (one CERFA field per column, docs/dossiers.md), NDJSON or JSON file:
 * read and checked in the browser by the module the API uses (src/partage/dossiers-lot.ts), the
 * valid lines sent by packets to POST /api/v1/dossiers/lot; each line is idempotent on its key
 * (its `cle` column or its content), so sending the file again creates nothing more. Progress
 * is shown and announced; each rejected line names its CERFA fields.
 */
export function DepotLotFichier() {
  const moi = useMoi();
  const [resultats, setResultats] = useState<ResultatLigneLot[]>([]);
  const [total, setTotal] = useState(0);
  const [fait, setFait] = useState(0);
  const [probleme, setProbleme] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Dépôt d’un fichier de contrats — Plateforme OPCO';
  }, []);

  async function choisir(ev: ChangeEvent<HTMLInputElement>) {
    const f = ev.target.files?.[0];
    if (!f) return;
    setProbleme(null);
    setResultats([]);
    let lignes;
    try {
      lignes = lireLot(formatDe(f.name), await f.text());
    } catch (e) {
      setProbleme(`Fichier illisible : ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setTotal(lignes.length);
    setFait(0);
    const res: ResultatLigneLot[] = [];
    let traites = 0;
    for (let i = 0; i < lignes.length; i += PAQUET) {
      const paquet = lignes.slice(i, i + PAQUET);
      const valides = paquet.flatMap((l) =>
        'contrat' in l
          ? [{ ligne: l.ligne, corps: { ...l.contrat, ...(l.cle ? { cle: l.cle } : {}) } }]
          : [],
      );
      for (const l of paquet)
        if (!('contrat' in l))
          res.push({
            ligne: l.ligne,
            cle: l.cle,
            statut: 'rejete',
            dossierId: null,
            etat: null,
            erreurs: l.erreurs,
          });
      if (valides.length > 0) {
        try {
          const r = await appelDossiers<ResultatLot>(
            'POST',
            '/api/v1/dossiers/lot',
            moi?.jetonCsrf,
            {
              format: 'json',
              contenu: JSON.stringify(valides.map((v) => v.corps)),
            },
          );
          // The API numbers the packet's lines from 1: back to the file's line numbers.
          for (const x of r.lignes)
            res.push({ ...x, ligne: valides[x.ligne - 1]?.ligne ?? x.ligne });
        } catch (e) {
          const message = e instanceof ErreurDossier ? e.message : 'échec de l’envoi';
          for (const v of valides)
            res.push({
              ligne: v.ligne,
              cle: null,
              statut: 'rejete',
              dossierId: null,
              etat: null,
              erreurs: [{ champ: '', libelle: null, message }],
            });
        }
      }
      traites += paquet.length;
      setFait(traites);
      setResultats([...res].sort((a, b) => a.ligne - b.ligne));
    }
  }

  if (moi === null)
    return (
      <p>
        <Lien href="/connexion">Connectez-vous</Lien> pour déposer des contrats.
      </p>
    );
  const compte = (s: ResultatLigneLot['statut']) => resultats.filter((r) => r.statut === s).length;
  return (
    <>
      <h1>Dépôt d’un fichier de contrats</h1>
      <p>
        Un fichier CSV (une ligne par contrat, une colonne par champ du CERFA nommée comme dans{' '}
        <a href="/docs">POST /api/v1/dossiers</a>, par exemple <code>employeur.siret</code> ou{' '}
        <code>maitres.0.nom</code> ; colonne <code>cle</code> facultative), NDJSON ou JSON. Chaque
        ligne est déposée entière ou rejetée avec ses champs en erreur ; renvoyer le même fichier ne
        crée pas de doublon.
      </p>
      <p>
        <label htmlFor="fichier-contrats">Fichier de contrats (CSV, NDJSON ou JSON)</label>
        <input
          id="fichier-contrats"
          type="file"
          accept=".csv,.json,.ndjson,text/csv,application/json"
          onChange={(e) => void choisir(e)}
        />
      </p>
      {probleme && (
        <p className="alerte" role="alert">
          {probleme}
        </p>
      )}
      {total > 0 && (
        <p>
          <label htmlFor="progression-fichier">Progression</label>{' '}
          <progress id="progression-fichier" max={total} value={fait} />{' '}
          <span role="status" aria-live="polite">
            {fait} / {total} ligne(s) traitée(s) — {compte('cree')} déposée(s),{' '}
            {compte('deja_depose')} déjà déposée(s), {compte('rejete')} rejetée(s)
          </span>
        </p>
      )}
      {resultats.length > 0 && (
        <TableauAdaptable libelle="Résultat ligne par ligne">
          <table>
            <caption className="visuellement-cache">Résultat ligne par ligne</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">Résultat</th>
                <th scope="col">Dossier ou erreurs</th>
              </tr>
            </thead>
            <tbody>
              {resultats.map((l) => (
                <tr key={l.ligne}>
                  <td>{l.ligne}</td>
                  <td>{libellesStatut[l.statut]}</td>
                  <td>
                    {l.dossierId ? (
                      <Lien href={`/dossiers/${l.dossierId}`}>{l.etat ?? l.dossierId}</Lien>
                    ) : (
                      <ul className="erreur-champ">
                        {l.erreurs.map((e, i) => (
                          <li key={i}>
                            {e.libelle ?? e.champ ?? 'fichier'}
                            {e.champ ? ` (${e.champ})` : ''} : {e.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableauAdaptable>
      )}
    </>
  );
}
