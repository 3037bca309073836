import type { Reference } from '../parametres/types.ts';

/**
 * Accords tarifaires: a rate an OPCO negotiated with a training body (règlement H: no legal rate
 * grid, the rates are OPCO data). This module only picks the agreement that applies to a request
 * (same OPCO as the barème, same body, same certification, start date within its validity, within
 * its places or hours); the rules of plan < 50 do the arithmetic with its price.
 */
export interface AccordTarifaire {
  accord: string;
  version: number;
  organisationId: string;
  /** Code of the OPCO, the same as the barèmes' `opco` (e.g. « atlas »). */
  opco: string;
  organismeSiret: string;
  /** Certification (RNCP…, RS…) or action the price is agreed for. */
  certification: string;
  intitule: string;
  unite: 'stagiaire' | 'heure';
  prixCentimes: number;
  dateDebut: string;
  dateFin: string;
  /** Places (unite stagiaire) or hours (unite heure) of one request; null: no limit. */
  quantiteMax: number | null;
  /** The OPCO's own reference (marché, décision), cited with the result. */
  reference: string;
}

export interface DemandeAccord {
  opco: string | null;
  organismeSiret: string;
  certification: string;
  date: string;
  stagiaires: number;
  heures: number;
}

export type ChoixAccord =
  { accord: AccordTarifaire; motif: null } | { accord: null; motif: string | null };

const normaliser = (c: string) => c.trim().toUpperCase();

/** Quantity of a request counted in the agreement's unit. */
export function quantiteDemandee(a: Pick<AccordTarifaire, 'unite'>, d: DemandeAccord): number {
  return a.unite === 'heure' ? d.heures * d.stagiaires : d.stagiaires;
}

/**
 * The agreement that applies, or why none does (null motif when the body has no agreement with
 * this OPCO for this certification). Several valid agreements: the most recent start wins.
 */
export function choisirAccord(accords: readonly AccordTarifaire[], d: DemandeAccord): ChoixAccord {
  const memes = accords.filter(
    (a) =>
      a.opco === d.opco &&
      a.organismeSiret === d.organismeSiret &&
      normaliser(a.certification) === normaliser(d.certification),
  );
  if (memes.length === 0) return { accord: null, motif: null };
  const enVigueur = memes
    .filter((a) => a.dateDebut <= d.date && d.date <= a.dateFin)
    .sort((x, y) => (x.dateDebut < y.dateDebut ? 1 : x.dateDebut > y.dateDebut ? -1 : 0));
  if (enVigueur.length === 0)
    return {
      accord: null,
      motif: `aucun accord tarifaire en vigueur le ${d.date} (accords : ${memes
        .map((a) => `${a.accord} du ${a.dateDebut} au ${a.dateFin}`)
        .join(' ; ')})`,
    };
  const dansLimite = enVigueur.find(
    (a) => a.quantiteMax === null || quantiteDemandee(a, d) <= a.quantiteMax,
  );
  if (!dansLimite) {
    const a = enVigueur[0] as AccordTarifaire;
    return {
      accord: null,
      motif: `la demande (${quantiteDemandee(a, d)} ${a.unite === 'heure' ? 'heures-stagiaires' : 'stagiaires'}) dépasse ${a.quantiteMax} ${a.unite === 'heure' ? 'heures' : 'places'} de l'accord ${a.accord}`,
    };
  }
  return { accord: dansLimite, motif: null };
}

/** The agreement as a reference cited by the simulation. */
export function referenceAccord(a: AccordTarifaire): Reference & { depuis: string } {
  return {
    article: `Accord tarifaire ${a.accord} v${a.version}`,
    titre: `${a.reference} : ${a.intitule}, organisme ${a.organismeSiret}, ${a.certification}, ${(a.prixCentimes / 100).toFixed(2)} € par ${a.unite}, du ${a.dateDebut} au ${a.dateFin}`,
    url: `/api/v1/organisations/${a.organisationId}/accords-tarifaires/${a.accord}/versions`,
    code: 'Accord tarifaire',
    depuis: a.dateDebut,
  };
}
