import type { EcheanceAEngager, EngagementAReserver } from './engagement.ts';

/** Checks an engagement is well formed (the schedule pays exactly the total). */
export function anomaliesEngagement(e: EngagementAReserver): string[] {
  const a: string[] = [];
  if (!Number.isSafeInteger(e.montantTotalCentimes) || e.montantTotalCentimes < 0)
    a.push(`montant total invalide : ${e.montantTotalCentimes}`);
  const numeros = new Set<number>();
  let somme = 0;
  for (const x of e.echeances) {
    if (numeros.has(x.numero)) a.push(`échéance ${x.numero} en double`);
    numeros.add(x.numero);
    if (!Number.isSafeInteger(x.montantCentimes) || x.montantCentimes < 0)
      a.push(`échéance ${x.numero} : montant invalide ${x.montantCentimes}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(x.dateExigibilite))
      a.push(`échéance ${x.numero} : date invalide ${x.dateExigibilite}`);
    somme += x.montantCentimes;
  }
  if (somme !== e.montantTotalCentimes)
    a.push(
      `l'échéancier totalise ${somme} centimes pour un engagement de ${e.montantTotalCentimes}`,
    );
  return a;
}

/** What the store knows of a booked instalment. */
export interface EcheanceBookee {
  numero: number;
  montantCentimes: number;
  /** Already invoiced (matched) on this instalment: cannot be taken back by an avenant. */
  factureCentimes: number;
}

export interface AjustementEcheance {
  numero: number;
  /** Positive: more to reserve; negative: to release by a reversing entry. */
  deltaCentimes: number;
  nouvelle: EcheanceAEngager | null;
}

export type DiffEngagement =
  | { possible: true; ajustements: AjustementEcheance[]; deltaTotalCentimes: number }
  | { possible: false; motifs: string[] };

/**
 * Avenant or rupture: the new engagement of the same dossier against what is booked. An
 * instalment absent from the new schedule is cancelled (delta = −amount); one already invoiced
 * cannot go below what was invoiced (the money is owed or paid).
 */
export function diffEngagement(
  booke: readonly EcheanceBookee[],
  nouveau: EngagementAReserver,
): DiffEngagement {
  const parNumero = new Map(nouveau.echeances.map((e) => [e.numero, e]));
  const motifs: string[] = [];
  const ajustements: AjustementEcheance[] = [];
  for (const b of booke) {
    const n = parNumero.get(b.numero);
    const montant = n?.montantCentimes ?? 0;
    if (montant < b.factureCentimes)
      motifs.push(
        `échéance ${b.numero} : déjà facturée ${b.factureCentimes} centimes, le nouvel engagement n'en prévoit que ${montant}`,
      );
    if (montant !== b.montantCentimes)
      ajustements.push({
        numero: b.numero,
        deltaCentimes: montant - b.montantCentimes,
        nouvelle: n ?? null,
      });
    else if (n) ajustements.push({ numero: b.numero, deltaCentimes: 0, nouvelle: n });
  }
  const connus = new Set(booke.map((b) => b.numero));
  for (const n of nouveau.echeances)
    if (!connus.has(n.numero))
      ajustements.push({ numero: n.numero, deltaCentimes: n.montantCentimes, nouvelle: n });
  if (motifs.length > 0) return { possible: false, motifs };
  return {
    possible: true,
    ajustements,
    deltaTotalCentimes: ajustements.reduce((s, a) => s + a.deltaCentimes, 0),
  };
}
