import { createHash } from 'node:crypto';
import { empreinteValeur, jsonCanonique } from '../../domaine/comptes/index.ts';
import { ErreurOpco } from '../../partage/erreurs.ts';
import type { NouvelleLigne } from '../../stockage/audit.depot.ts';
import type { Auteur } from '../../stockage/cycle.depot.ts';
import { cleIdempotence } from '../../stockage/dossiers.depot.ts';
import type { Auteur as AuteurFinances } from '../../stockage/finances.depot.ts';
import type { Base } from '../../stockage/db.ts';

/**
 * Use cases shared by the dossiers' service (contracts) and the requests' service (demandes de
 * prise en charge): the idempotent deposit, the audit rows of decisions and money events, who
 * books on the ledger, the 404 of an unknown row.
 */

/** The 404 of a dossier or a request not found. */
export function introuvable(ressource: 'Dossier' | 'Demande', id: string): ErreurOpco {
  return new ErreurOpco('ERR_RESSOURCE_INTROUVABLE', { ressource, identifiant: id });
}

/** The author of the ledger's entries: who, for which OPCO organisation. */
export function auteurFinances(auteur: Auteur, organisationOpco: string | null): AuteurFinances {
  return { compteId: auteur.compteId, cleId: auteur.cleId, organisationId: organisationOpco };
}

/** An idempotency key as stored: per author (API key, else account, else 'systeme'). */
export interface CleDepot {
  auteur: string;
  cle: string;
  empreinte: string;
}

/**
 * A deposit made idempotent by an `Idempotency-Key`: the same key from the same author with
 * the same body (digest of `corps`) finds the first row (`deja`, `cree: false`); another body →
 * 409 ERR_IDEMPOTENCE_CONFLIT. `cle` is the key to store with the new row (null without key);
 * `rattraper` answers a failed creation: two deposits with one key at once, the loser finds the
 * winner's row, else the error is thrown again.
 */
export function idempotence<L>(
  base: Base,
  o: {
    auteur: Auteur;
    cle: string | undefined;
    corps: unknown;
    ressource: 'Dossier' | 'Demande';
    charger: (id: string) => Promise<L | null>;
  },
): {
  cle: CleDepot | null;
  deja: () => Promise<{ cree: false; ligne: L } | null>;
  rattraper: (e: unknown) => Promise<{ cree: false; ligne: L }>;
} {
  const auteurCle = o.auteur.cleId ?? o.auteur.compteId ?? 'systeme';
  const empreinte = createHash('sha256').update(jsonCanonique(o.corps)).digest('hex');
  const cle = o.cle;
  const deja = async () => {
    if (!cle) return null;
    const k = await cleIdempotence(base.db, auteurCle, cle);
    if (!k) return null;
    if (k.empreinte !== empreinte) throw new ErreurOpco('ERR_IDEMPOTENCE_CONFLIT', { cle });
    const l = await o.charger(k.dossierId);
    if (!l) throw introuvable(o.ressource, k.dossierId);
    return { cree: false as const, ligne: l };
  };
  return {
    cle: cle ? { auteur: auteurCle, cle, empreinte } : null,
    deja,
    rattraper: async (e) => {
      const apres = await deja().catch(() => null);
      if (apres) return apres;
      throw e;
    },
  };
}

/** What the audit trail needs of a dossier or a request. */
interface Audite {
  id: string;
  etat: string;
  engagement: { reservation: { montantTotalCentimes: number } } | null;
}

/**
 * The audit rows of the decisions and money events among `evenements` (action
 * `<prefixe>.<type>`, resource `<prefixe>:<id>`), with the digests of the state before and after.
 */
export function lignesAuditCycle<E extends { type: string }>(
  prefixe: 'dossier' | 'demande',
  horodatage: string,
  auteur: Auteur,
  avant: Audite | null,
  apres: Audite,
  evenements: readonly E[],
  organisationOpco: string | null,
  audites: ReadonlySet<string>,
): NouvelleLigne[] {
  return evenements
    .filter((e) => audites.has(e.type))
    .map((e) => ({
      horodatage,
      compteId: auteur.compteId,
      cleId: auteur.cleId,
      organisationId: organisationOpco,
      action: `${prefixe}.${e.type}`,
      ressource: `${prefixe}:${apres.id}`,
      avant: avant ? empreinteValeur({ etat: avant.etat, engagement: avant.engagement }) : null,
      apres: empreinteValeur({
        etat: apres.etat,
        evenement: e,
        montantCentimes: apres.engagement?.reservation.montantTotalCentimes ?? null,
      }),
    }));
}
