import { euros } from './grand-livre.ts';

/**
 * CFA invoices matched to instalments, pure. One invoice may cover instalments of several
 * dossiers; each line is matched or refused with its reason, and the whole invoice is refused
 * when its CFA reference was already received.
 */
export interface LigneFactureRecue {
  dossierId: string;
  /** The instalment invoiced; when absent, the first instalment not yet invoiced. */
  numeroEcheance: number | null;
  montantCentimes: number;
}

export interface FactureRecue {
  opco: string;
  siretCfa: string;
  referenceCfa: string;
  dateFacture: string;
  lignes: readonly LigneFactureRecue[];
}

/** What the store knows of a dossier's instalment, for matching. */
export interface EcheanceAFacturer {
  dossierId: string;
  opco: string;
  siret: string;
  numero: number;
  nature: 'avance' | 'echeance' | 'solde' | 'frais_annexes';
  montantCentimes: number;
  factureCentimes: number;
  statut: 'prevue' | 'facturee' | 'a_payer' | 'payee' | 'annulee';
  /** Last day an invoice for the balance is receivable (R6332-25), or null when no deadline. */
  dateLimiteSolde: string | null;
}

export type ResultatLigne =
  | {
      rang: number;
      apparie: true;
      dossierId: string;
      numeroEcheance: number;
      montantCentimes: number;
    }
  | {
      rang: number;
      apparie: false;
      dossierId: string;
      numeroEcheance: number | null;
      montantCentimes: number;
      motif: string;
    };

export function apparierFacture(
  f: FactureRecue,
  echeances: readonly EcheanceAFacturer[],
  dejaRecue: boolean,
): ResultatLigne[] {
  const pris = new Set<string>();
  return f.lignes.map((l, i): ResultatLigne => {
    const rang = i + 1;
    const refus = (motif: string): ResultatLigne => ({
      rang,
      apparie: false,
      dossierId: l.dossierId,
      numeroEcheance: l.numeroEcheance,
      montantCentimes: l.montantCentimes,
      motif,
    });
    if (dejaRecue)
      return refus(`facture en double : la référence ${f.referenceCfa} de ce CFA a déjà été reçue`);
    if (!Number.isSafeInteger(l.montantCentimes) || l.montantCentimes <= 0)
      return refus('montant non positif');
    const duDossier = echeances.filter((e) => e.dossierId === l.dossierId);
    if (duDossier.length === 0) return refus(`dossier ${l.dossierId} inconnu ou sans engagement`);
    const premiere = duDossier[0] as EcheanceAFacturer;
    if (premiere.opco !== f.opco)
      return refus(`le dossier ${l.dossierId} relève d'un autre OPCO (${premiere.opco})`);
    if (premiere.siret !== f.siretCfa)
      return refus(`le dossier ${l.dossierId} n'est pas financé à ce CFA (${f.siretCfa})`);
    const candidates = duDossier
      .filter((e) => e.statut === 'prevue' && !pris.has(`${e.dossierId}#${e.numero}`))
      .sort((a, b) => a.numero - b.numero);
    const e =
      l.numeroEcheance === null
        ? candidates[0]
        : duDossier.find((x) => x.numero === l.numeroEcheance);
    if (!e) return refus(`aucune échéance à facturer sur le dossier ${l.dossierId}`);
    if (e.statut !== 'prevue' || pris.has(`${e.dossierId}#${e.numero}`))
      return refus(`échéance ${e.numero} déjà facturée ou annulée (${e.statut})`);
    if (l.montantCentimes > e.montantCentimes)
      return refus(
        `montant supérieur au dû : échéance ${e.numero} due ${euros(e.montantCentimes)}, facturé ${euros(l.montantCentimes)}`,
      );
    if (e.nature === 'solde' && e.dateLimiteSolde !== null && f.dateFacture > e.dateLimiteSolde)
      return refus(
        `solde facturé le ${f.dateFacture}, après la date limite du ${e.dateLimiteSolde} (R6332-25 : passé le délai de transmission après la fin du contrat, le solde n'est plus dû)`,
      );
    pris.add(`${e.dossierId}#${e.numero}`);
    return {
      rang,
      apparie: true,
      dossierId: l.dossierId,
      numeroEcheance: e.numero,
      montantCentimes: l.montantCentimes,
    };
  });
}

/** `date` + `mois` months, clamped to the month's last day (2026-10-31 + 4 → 2027-02-28). */
export function ajouterMois(date: string, mois: number): string {
  const [a, m, j] = date.split('-').map(Number) as [number, number, number];
  const total = a * 12 + (m - 1) + mois;
  const an = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  const dernier = new Date(Date.UTC(an, mo, 0)).getUTCDate();
  return `${an}-${String(mo).padStart(2, '0')}-${String(Math.min(j, dernier)).padStart(2, '0')}`;
}
