import { useState } from 'react';
import { date } from '../../format.ts';
import { appeler, messageErreur } from '../comptes/client.ts';
import {
  e,
  libellesOrigines,
  libellesSections,
  useDonnees,
  type HorsLivre,
  type ResultatComptabilisation,
} from './commun.ts';
import { TableauFinances } from './TableauFinances.tsx';

const libellesEtatsHorsLivre: Record<string, string> = {
  a_comptabiliser: 'À comptabiliser',
  comptabilise: 'Comptabilisé depuis',
  remplace: 'Remplacé par une version plus récente',
};

/**
 * Engagements decided while the ledger could not book them (no allocation yet, funds short), with
 * the reason; the comptable books one once the allocation is there (refused with the figures if
 * the money is still short).
 */
export function HorsLivreOpco({
  base,
  version,
  apres,
}: {
  base: string;
  version: number;
  apres: () => void;
}) {
  const liste = useDonnees<HorsLivre>(`${base}/hors-livre`, version);
  const [message, setMessage] = useState<string | null>(null);
  if (liste.erreur) return <p className="information">{liste.erreur}</p>;
  if (!liste.donnees) return <p role="status">Chargement…</p>;
  if (liste.donnees.engagements.length === 0) return <p>Aucun engagement hors du grand livre.</p>;

  async function comptabiliser(dossierId: string, v: number) {
    try {
      const r = await appeler<ResultatComptabilisation>(
        'POST',
        `${base}/hors-livre/comptabiliser`,
        {
          dossierId,
          version: v,
        },
      );
      setMessage(
        r.statut === 'reserve' || r.statut === 'ajuste'
          ? `Dossier ${dossierId} comptabilisé : ${e(r.deltaCentimes ?? 0)} engagés, reste ${e(r.disponibleApresCentimes ?? 0)} disponibles.`
          : `Dossier ${dossierId} non comptabilisé : ${r.motifs.join(' ; ')}`,
      );
      apres();
    } catch (x) {
      setMessage(messageErreur(x));
    }
  }

  return (
    <>
      {message && <p role="status">{message}</p>}
      <TableauFinances
        libelle="Engagements non comptabilisés et pourquoi"
        lignes={liste.donnees.engagements}
        cle={(h) => `${h.dossierId}-${h.version}`}
        colonnes={[
          { entete: 'Dossier', cellule: (h) => `${h.dossierId} (version ${h.version})` },
          {
            entete: 'Section',
            cellule: (h) =>
              `${libellesSections[h.section] ?? h.section} · ${libellesOrigines[h.origine] ?? h.origine}`,
          },
          { entete: 'Date', cellule: (h) => date(h.dateEngagement) },
          { entete: 'Montant', cellule: (h) => e(h.montantCentimes) },
          { entete: 'Motif', cellule: (h) => h.motif },
          {
            entete: 'État',
            cellule: (h) => (
              <>
                {libellesEtatsHorsLivre[h.etat] ?? h.etat}
                {h.etat === 'a_comptabiliser' &&
                  (h.dotationPresente ? (
                    <>
                      {' '}
                      <button
                        type="button"
                        onClick={() => void comptabiliser(h.dossierId, h.version)}
                        aria-label={`Comptabiliser le dossier ${h.dossierId}, version ${h.version}`}
                      >
                        Comptabiliser
                      </button>
                    </>
                  ) : (
                    ' (en attente de la dotation)'
                  ))}
              </>
            ),
          },
        ]}
      />
      <p>
        <a href={`${base}/export?format=csv&contenu=hors_livre`}>
          Exporter les engagements non comptabilisés en CSV
        </a>
      </p>
    </>
  );
}
