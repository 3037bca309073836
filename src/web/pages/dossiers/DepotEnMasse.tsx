import { useEffect, useState, type ChangeEvent } from 'react';
import '../../../partage/zod-fr.ts';
import { depotDossierSchema } from '../../../partage/dossiers.schema.ts';
import { messageChamp } from '../../../partage/libelles.ts';
import { TableauAdaptable } from '../../composants/TableauAdaptable.tsx';
import { Lien } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import { appelDossiers, ErreurDossier, type DossierComplet } from './client.ts';

interface Ligne {
  rang: number;
  id?: string;
  etat?: string;
  erreur?: string;
}

/**
 * Bulk deposit: a JSON array or an NDJSON file of contracts (the API's body, FA13 or EJ20), each
 * checked in the browser, then deposited one by one with an idempotency key derived from the
 * file: sending the same file again creates nothing more. Progress is shown and announced.
 */
export function DepotEnMasse() {
  const moi = useMoi();
  const [lignes, setLignes] = useState<Ligne[]>([]);
  const [total, setTotal] = useState(0);
  const [fait, setFait] = useState(0);
  const [probleme, setProbleme] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Dépôt en masse — Plateforme OPCO';
  }, []);

  async function choisir(ev: ChangeEvent<HTMLInputElement>) {
    const f = ev.target.files?.[0];
    if (!f) return;
    setProbleme(null);
    setLignes([]);
    const texte = await f.text();
    let brutes: unknown[];
    try {
      const t = texte.trim();
      brutes = t.startsWith('[')
        ? (JSON.parse(t) as unknown[])
        : t
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as unknown);
    } catch {
      setProbleme(
        'Le fichier n’est ni un tableau JSON ni un fichier NDJSON (un contrat par ligne).',
      );
      return;
    }
    const empreinte = Array.from(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(texte))),
    )
      .slice(0, 8)
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    setTotal(brutes.length);
    setFait(0);
    const res: Ligne[] = [];
    for (const [i, brut] of brutes.entries()) {
      const v = depotDossierSchema.safeParse(brut);
      if (!v.success)
        res.push({
          rang: i + 1,
          erreur: v.error.issues.map((x) => messageChamp(x.path.join('.'), x.message)).join(' ; '),
        });
      else
        try {
          const d = await appelDossiers<DossierComplet>(
            'POST',
            '/api/v1/dossiers',
            moi?.jetonCsrf,
            v.data,
            { 'idempotency-key': `lot-${empreinte}-${i + 1}` },
          );
          res.push({ rang: i + 1, id: d.id, etat: d.libelleEtat });
        } catch (e) {
          res.push({ rang: i + 1, erreur: e instanceof ErreurDossier ? e.message : 'échec' });
        }
      setFait(i + 1);
      setLignes([...res]);
    }
  }

  if (moi === null)
    return (
      <p>
        <Lien href="/connexion">Connectez-vous</Lien> pour déposer des contrats.
      </p>
    );
  return (
    <>
      <h1>Dépôt en masse</h1>
      <p>
        Un fichier JSON (tableau de contrats) ou NDJSON (un contrat par ligne), au format de{' '}
        <a href="/docs">POST /api/v1/dossiers</a> (CERFA FA13 ou EJ20). Déposer deux fois le même
        fichier ne crée pas de doublon.
      </p>
      <p>
        Un tableur ?{' '}
        <Lien href="/dossiers/lot/fichier">Déposer un fichier CSV (un contrat par ligne)</Lien>
      </p>
      <p>
        <label htmlFor="fichier-lot">Fichier de contrats</label>
        <input
          id="fichier-lot"
          type="file"
          accept=".json,.ndjson,application/json"
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
          <label htmlFor="progression-lot">Progression</label>{' '}
          <progress id="progression-lot" max={total} value={fait} />{' '}
          <span role="status" aria-live="polite">
            {fait} / {total} contrat(s) traité(s)
          </span>
        </p>
      )}
      {lignes.length > 0 && (
        <TableauAdaptable libelle="Résultat du dépôt">
          <table>
            <caption className="visuellement-cache">Résultat du dépôt</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">Résultat</th>
              </tr>
            </thead>
            <tbody>
              {lignes.map((l) => (
                <tr key={l.rang}>
                  <td>{l.rang}</td>
                  <td>
                    {l.id ? (
                      <Lien href={`/dossiers/${l.id}`}>{l.etat}</Lien>
                    ) : (
                      <span className="erreur-champ">{l.erreur}</span>
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
