import { sql } from 'kysely';
import {
  AVERTISSEMENT_ESF,
  compterContrats,
  type LigneBeneficiaireEsf,
  type LigneContratEsf,
  type LigneFinanciereEsf,
} from '../../domaine/finances/index.ts';
import type { Db } from './interne.ts';

/**
 * The annual « état statistique et financier » (R6332-31) of an OPCO, from the ledger and the
 * dossiers — a CONVENTION of the platform pending the arrêté fixing its model (esf.ts).
 */
export interface EtatStatistiqueFinancier {
  opco: string;
  annee: number;
  avertissement: string;
  financier: LigneFinanciereEsf[];
  contrats: LigneContratEsf[];
  beneficiaires: LigneBeneficiaireEsf[];
}

/** Scheme of each dossier of the ledger: engagement's `dispositif`, else its form, else autre. */
const dispositifs = (opco: string) => sql`
  select d.dossier_id, d.section, d.origine,
         coalesce((select fe.engagement->>'dispositif' from fin_engagement fe
                    where fe.dossier_id = d.dossier_id and fe.engagement->>'dispositif' is not null order by fe.version desc limit 1),
                  case dz.formulaire when 'FA13' then 'apprentissage'
                                     when 'EJ20' then 'professionnalisation' else 'autre' end)
           as dispositif
    from fin_dossier d left join dossier dz on dz.id = d.dossier_id
   where d.opco = ${opco}`;

const libellesNature: Record<string, string> = {
  avance: 'Paiements — avances',
  echeance: 'Paiements — échéances',
  solde: 'Paiements — soldes',
  frais_annexes: 'Paiements — frais annexes',
};

export async function etatStatistiqueFinancier(
  db: Db,
  opco: string,
  annee: number,
): Promise<EtatStatistiqueFinancier> {
  const debut = `${annee}-01-01`;
  const fin = `${annee + 1}-01-01`;
  type Ligne = {
    section: string;
    origine: string;
    cle: string;
    destination: string;
    n: number | string;
  };
  const { rows: dotations } = await sql<Ligne>`
    select section, origine, 'dotation' as cle, section as destination, sum(montant) as n
      from fin_dotation where opco = ${opco} and annee = ${annee}
     group by section, origine`.execute(db);
  const { rows: recus } = await sql<Ligne>`
    select section, origine, 'versement' as cle, section as destination, sum(montant) as n
      from fin_versement where opco = ${opco}
       and date_versement >= ${debut} and date_versement < ${fin}
     group by section, origine`.execute(db);
  const { rows: engagements } = await sql<Ligne>`
    with disp as (${dispositifs(opco)})
    select e.section, e.origine, 'engagement' as cle, coalesce(x.dispositif, 'autre') as destination,
           sum(case when e.cause_type = 'engagement' then l.montant else -l.montant end) as n
      from fin_ecriture e
      join fin_ligne l on l.ecriture_id = e.id and l.sens = 'D'
      left join disp x on x.dossier_id = split_part(e.cause_reference, '#', 1)
     where e.opco = ${opco} and e.cause_type in ('engagement', 'ajustement')
       and e.date_comptable >= ${debut} and e.date_comptable < ${fin}
     group by e.section, e.origine, coalesce(x.dispositif, 'autre')`.execute(db);
  const { rows: paiements } = await sql<Ligne>`
    with disp as (${dispositifs(opco)})
    select x.section, x.origine, ech.nature as cle, x.dispositif as destination, sum(p.montant) as n
      from fin_paiement p
      join fin_lot t on t.id = p.lot_id
      join fin_echeance ech on ech.dossier_id = p.dossier_id and ech.numero = p.numero
      join disp x on x.dossier_id = p.dossier_id
     where t.opco = ${opco} and p.statut = 'emis'
       and t.date_execution >= ${debut} and t.date_execution < ${fin}
     group by x.section, x.origine, ech.nature, x.dispositif`.execute(db);
  const financier: LigneFinanciereEsf[] = [
    ...dotations.map((r) => ({ ...r, sens: 'produits' as const, nature: 'Dotations allouées' })),
    ...recus.map((r) => ({
      ...r,
      sens: 'produits' as const,
      nature: 'Fonds reçus de France compétences',
    })),
    ...engagements.map((r) => ({
      ...r,
      sens: 'charges' as const,
      nature: 'Engagements nets d’annulations',
    })),
    ...paiements.map((r) => ({
      ...r,
      sens: 'charges' as const,
      nature: libellesNature[r.cle] ?? `Paiements — ${r.cle}`,
    })),
  ]
    .map((r) => ({
      section: r.section,
      origine: r.origine,
      sens: r.sens,
      nature: r.nature,
      destination: r.destination,
      montantCentimes: Number(r.n),
    }))
    .filter((r) => r.montantCentimes !== 0)
    .sort(
      (a, b) =>
        a.section.localeCompare(b.section) ||
        a.origine.localeCompare(b.origine) ||
        b.sens.localeCompare(a.sens) ||
        a.nature.localeCompare(b.nature) ||
        a.destination.localeCompare(b.destination),
    );

  // Contracts first engaged in the year (ledger), described by their dossier's CERFA.
  const { rows: contrats } = await sql<{
    formulaire: string;
    salaries: string | null;
    naissance: string | null;
    sexe: string | null;
    debut: string | null;
  }>`
    with premiers as (
      select split_part(e.cause_reference, '#', 1) as dossier_id, min(e.date_comptable) as premiere
        from fin_ecriture e
       where e.opco = ${opco} and e.cause_type = 'engagement'
       group by 1)
    select dz.formulaire,
           dz.projection->'cerfa'->'employeur'->>'nombreDeSalaries' as salaries,
           coalesce(dz.projection->'cerfa'->'apprenti'->>'dateNaissance',
                    dz.projection->'cerfa'->'salarie'->>'dateNaissance') as naissance,
           coalesce(dz.projection->'cerfa'->'apprenti'->>'sexe',
                    dz.projection->'cerfa'->'salarie'->>'sexe') as sexe,
           dz.projection->'cerfa'->'contrat'->>'dateDebut' as debut
      from premiers p join dossier dz on dz.id = p.dossier_id
     where p.premiere >= ${debut} and p.premiere < ${fin}
       and dz.formulaire in ('FA13', 'EJ20')`.execute(db);
  const comptes = compterContrats(
    contrats.map((c) => ({
      dispositif: c.formulaire === 'FA13' ? 'apprentissage' : 'professionnalisation',
      salaries: c.salaries === null ? null : Number(c.salaries),
      naissance: c.naissance,
      debut: c.debut,
      sexe: c.sexe,
    })),
  );
  return { opco, annee, avertissement: AVERTISSEMENT_ESF, financier, ...comptes };
}
