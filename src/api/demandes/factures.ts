import { empreinteValeur } from '../../domaine/comptes/index.ts';
import {
  articlesDe,
  controlerFacture,
  type ResultatDemande,
} from '../../domaine/demandes/index.ts';
import { ajouterAuditLot } from '../../stockage/audit.depot.ts';
import type { Auteur } from '../../stockage/cycle.depot.ts';
import type { Base } from '../../stockage/db.ts';
import {
  ajouterFactureDemande,
  facturesDemande,
  pieceDeLaDemande,
  type FactureDemande,
} from '../../stockage/demandes-factures.depot.ts';
import { chargerDemande, type LigneDemande } from '../../stockage/demandes.depot.ts';
import { introuvable } from '../cycle/commun.ts';

/** An invoice as the company sends it (cents). */
export type FactureProposeeDemande = Omit<FactureDemande, 'id' | 'demandeId' | 'recueLe'>;

export type IssueFacture =
  | { ok: true; facture: FactureDemande; factures: FactureDemande[]; ligne: LigneDemande }
  | {
      ok: false;
      raisons: Extract<ResultatDemande, { ok: false }>['raisons'];
      ligne: LigneDemande;
    };

/**
 * Records an invoice on an engaged request (R6332-25), under the request's lock: checked by the
 * domain against the invoices already received and the amount engaged (controlerFacture); a
 * second copy of one issuer's number — on this request or another, even at the same instant —
 * is refused by the unique index (SQLSTATE 23505) and answered as a duplicate. The audit trail
 * gets `demande.facture`.
 */
export async function recevoirFactureDemande(
  base: Base,
  horloge: () => Date,
  aujourdhui: string,
  auteur: Auteur,
  id: string,
  f: FactureProposeeDemande,
  autoriser?: (l: LigneDemande) => void,
): Promise<IssueFacture> {
  const sans = await chargerDemande(base.db, id);
  if (!sans) throw introuvable('Demande', id);
  autoriser?.(sans);
  const refus = (message: string) => ({
    ok: false as const,
    raisons: [{ code: 'demande.facture', message, articles: articlesDe('demande.facture') }],
    ligne: sans,
  });
  try {
    return await base.db.transaction().execute(async (trx) => {
      const l = await chargerDemande(trx, id, { verrouiller: true });
      if (!l) throw introuvable('Demande', id);
      if (f.pieceId && !(await pieceDeLaDemande(trx, id, f.pieceId)))
        return refus(`La pièce ${f.pieceId} n'est pas une pièce jointe de cette demande.`);
      const existantes = await facturesDemande(trx, id);
      const raisons = controlerFacture(l.demande, existantes, f, aujourdhui);
      if (raisons.length > 0) return { ok: false as const, raisons, ligne: l };
      const fid = await ajouterFactureDemande(trx, { ...f, demandeId: id }, auteur);
      const maintenant = horloge().toISOString();
      const facture: FactureDemande = { ...f, id: fid, demandeId: id, recueLe: maintenant };
      await ajouterAuditLot(trx, [
        {
          horodatage: maintenant,
          compteId: auteur.compteId,
          cleId: auteur.cleId,
          organisationId: l.proprietaires.opco,
          action: 'demande.facture',
          ressource: `demande:${id}`,
          avant: null,
          apres: empreinteValeur({ facture: { ...facture, recueLe: null } }),
        },
      ]);
      return { ok: true as const, facture, factures: [...existantes, facture], ligne: l };
    });
  } catch (e) {
    // Two copies at once (or a copy on another request): the unique index refused it.
    if (String((e as { code?: string }).code) === '23505')
      return refus(
        `La facture n° ${f.numero} de l'émetteur ${f.siretEmetteur} est déjà reçue (un numéro de facture par émetteur).`,
      );
    throw e;
  }
}
