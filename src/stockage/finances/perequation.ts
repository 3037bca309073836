import { sql } from 'kysely';
import {
  calculerPerequation,
  parametreCite,
  PARAMETRE_PART_CONTRATS,
  PARAMETRES_PEREQUATION_ANNEES,
  type DispositifPerequation,
  type ParametreCite,
  type ResultatPerequation,
} from '../../domaine/finances/index.ts';
import type { Droit } from '../../moteur/index.ts';
import { suiviHorsLivre } from './hors-livre.ts';
import type { Db } from './interne.ts';

/**
 * Péréquation eligibility (R6123-31, R6123-33) of an OPCO at a date, computed from the ledger
 * (engagement and adjustment entries of the alternance section, mutualised funds; allocations;
 * payments), the schedules (what remains to pay) and the dossiers (their form: FA13, EJ20).
 */
export async function perequation(
  db: Db,
  droit: Droit,
  opco: string,
  date: string,
  previsionNouveauxCentimes = 0,
): Promise<ResultatPerequation | { manquant: string[] }> {
  const p = (id: string) => parametreCite(droit, id, date);
  const ids = [
    PARAMETRE_PART_CONTRATS,
    ...Object.values(PARAMETRES_PEREQUATION_ANNEES).flatMap((x) => [x.annulation, x.anciennete]),
  ];
  const manquant = ids.filter((id) => !p(id));
  if (manquant.length > 0) return { manquant };
  const lu = (id: string) => p(id) as ParametreCite;

  const { rows: mouvements } = await sql<{
    dossier_id: string;
    cause_type: 'engagement' | 'ajustement';
    premiere: string;
    montant: number | string;
  }>`select split_part(e.cause_reference, '#', 1) as dossier_id, e.cause_type,
            min(e.date_comptable) as premiere, sum(l.montant) as montant
       from fin_ecriture e join fin_ligne l on l.ecriture_id = e.id and l.sens = 'D'
      where e.opco = ${opco} and e.section = 'alternance' and e.origine = 'mutualises'
        and e.cause_type in ('engagement', 'ajustement') and e.date_comptable <= ${date}
      group by 1, 2`.execute(db);
  const { rows: dossiers } = await sql<{
    dossier_id: string;
    formulaire: string | null;
    dispositif: string | null;
    reste: number | string | null;
  }>`select d.dossier_id, dz.formulaire,
            (select fe.engagement->>'dispositif' from fin_engagement fe
              where fe.dossier_id = d.dossier_id and fe.engagement->>'dispositif' is not null order by fe.version desc limit 1) as dispositif,
            (select sum(case when e.statut = 'prevue' then e.montant else e.facture end)
               from fin_echeance e where e.dossier_id = d.dossier_id
                and e.statut in ('prevue', 'facturee', 'a_payer')) as reste
       from fin_dossier d left join dossier dz on dz.id = d.dossier_id
      where d.opco = ${opco} and d.section = 'alternance' and d.origine = 'mutualises'`.execute(db);
  const { rows: soldes } = await sql<{ nature: string; n: number | string | null }>`
    select nature, sum(solde) as n from fin_compte
     where opco = ${opco} and section = 'alternance' and origine = 'mutualises'
       and nature in ('dotation', 'paye') group by nature`.execute(db);
  const solde = (n: string) => Number(soldes.find((x) => x.nature === n)?.n ?? 0);
  const horsLivre = (await suiviHorsLivre(db, opco))
    .filter(
      (h) =>
        h.etat === 'a_comptabiliser' && h.section === 'alternance' && h.origine === 'mutualises',
    )
    .reduce((s, h) => s + h.montantCentimes, 0);

  const dispositifDe = (d: (typeof dossiers)[number]): DispositifPerequation =>
    d.dispositif === 'apprentissage' ||
    d.dispositif === 'professionnalisation' ||
    d.dispositif === 'autre'
      ? d.dispositif
      : d.formulaire === 'FA13'
        ? 'apprentissage'
        : d.formulaire === 'EJ20'
          ? 'professionnalisation'
          : 'autre';
  const parDossier = new Map(dossiers.map((d) => [d.dossier_id, d]));
  const engagements = [...new Set(mouvements.map((m) => m.dossier_id))].flatMap((id) => {
    const eng = mouvements.find((m) => m.dossier_id === id && m.cause_type === 'engagement');
    if (!eng) return [];
    const ann = mouvements.find((m) => m.dossier_id === id && m.cause_type === 'ajustement');
    const d = parDossier.get(id);
    return [
      {
        dossierId: id,
        dispositif: d ? dispositifDe(d) : ('autre' as const),
        dateEngagement: eng.premiere,
        engageCentimes: Number(eng.montant),
        annuleCentimes: Number(ann?.montant ?? 0),
        resteAPayerCentimes: Number(d?.reste ?? 0),
      },
    ];
  });
  return calculerPerequation({
    opco,
    date,
    engagements,
    dotationsCentimes: -solde('dotation'),
    payeCentimes: solde('paye'),
    horsLivreCentimes: horsLivre,
    previsionNouveauxCentimes,
    partMinimale: lu(PARAMETRE_PART_CONTRATS),
    annees: {
      apprentissage: {
        annulation: lu(PARAMETRES_PEREQUATION_ANNEES.apprentissage.annulation),
        anciennete: lu(PARAMETRES_PEREQUATION_ANNEES.apprentissage.anciennete),
      },
      professionnalisation: {
        annulation: lu(PARAMETRES_PEREQUATION_ANNEES.professionnalisation.annulation),
        anciennete: lu(PARAMETRES_PEREQUATION_ANNEES.professionnalisation.anciennete),
      },
    },
  });
}
