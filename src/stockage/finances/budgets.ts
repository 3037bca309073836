import { sql, type Kysely } from 'kysely';
import {
  codeCompte,
  deciderReservation,
  type Dotation,
  type OrigineFonds,
  type SectionFinancement,
} from '../../domaine/finances/index.ts';
import type { Database } from '../schema.ts';
import {
  type Auteur,
  assurerComptes,
  auditer,
  auteurSysteme,
  cle,
  soldeVerrouille,
} from './interne.ts';
import { posterEcriture, solde } from './grand-livre.ts';

/**
 * Budgets (point 2): France compétences allocations (imported with provenance) and the envelopes
 * OPCO administrators carve out of them, checked under the source account's row lock.
 */

export interface Provenance {
  fichier: string;
  empreinte: string;
}

export interface BilanDotations {
  importees: number;
  dejaPresentes: number;
  montantImporteCentimes: number;
}

/** Imports France compétences allocations: each line once (by OPCO, section, origin, year, reference). */
export async function importerDotations(
  db: Kysely<Database>,
  dotations: readonly Dotation[],
  provenance: Provenance,
  auteur: Auteur = auteurSysteme,
): Promise<BilanDotations> {
  const bilan: BilanDotations = { importees: 0, dejaPresentes: 0, montantImporteCentimes: 0 };
  for (const d of dotations) {
    await db.transaction().execute(async (trx) => {
      const deja =
        await sql`select 1 from fin_dotation where opco = ${d.opco} and section = ${d.section}
        and origine = ${d.origine} and annee = ${d.annee} and reference = ${d.reference}`.execute(
          trx,
        );
      if (deja.rows.length > 0) {
        bilan.dejaPresentes++;
        return;
      }
      const annee = String(d.annee);
      const source = cle(d.opco, d.section, d.origine, null, 'dotation', annee);
      const dispo = cle(d.opco, d.section, d.origine, null, 'disponible', annee);
      const id = await posterEcriture(
        trx,
        {
          opco: d.opco,
          section: d.section,
          origine: d.origine,
          dateComptable: d.dateReference,
          libelle: `Dotation ${d.annee} ${d.section} (${d.reference})`,
          cause: { type: 'dotation', reference: d.reference },
          contrepasse: null,
          lignes: [
            { compte: codeCompte(dispo), sens: 'D', montantCentimes: d.montantCentimes },
            { compte: codeCompte(source), sens: 'C', montantCentimes: d.montantCentimes },
          ],
        },
        [source, dispo],
      );
      await sql`insert into fin_dotation (opco, section, origine, annee, montant, reference, date_reference,
          fichier, empreinte_fichier, ecriture_id)
        values (${d.opco}, ${d.section}, ${d.origine}, ${d.annee}, ${d.montantCentimes}, ${d.reference},
          ${d.dateReference}, ${provenance.fichier}, ${provenance.empreinte}, ${id})`.execute(trx);
      await auditer(
        trx,
        auteur,
        'finances.dotation',
        `dotation:${d.opco}:${d.section}:${d.annee}`,
        {
          ...d,
          ecriture: id,
        },
      );
      bilan.importees++;
      bilan.montantImporteCentimes += d.montantCentimes;
    });
  }
  return bilan;
}

export interface EnveloppeDemandee {
  id: string;
  opco: string;
  section: SectionFinancement;
  origine: OrigineFonds;
  annee: number;
  branche: string | null;
  dispositif: string | null;
  libelle: string;
}

export type ResultatEnveloppe =
  | { fait: true; compte: string; soldeCentimes: number }
  | { fait: false; motif: string; disponibleCentimes: number; demandeCentimes: number };

/**
 * Creates an envelope (branch or scheme) if needed and moves `delta` cents into it from the
 * section's available funds (or, negative, back out of it). Refused with the figures when the
 * source lacks the money.
 */
export async function alimenterEnveloppe(
  db: Kysely<Database>,
  env: EnveloppeDemandee,
  deltaCentimes: number,
  date: string,
  auteur: Auteur = auteurSysteme,
): Promise<ResultatEnveloppe> {
  return db.transaction().execute(async (trx) => {
    const dispo = cle(env.opco, env.section, env.origine, null, 'disponible', String(env.annee));
    const compteEnv = cle(env.opco, env.section, env.origine, env.branche, 'enveloppe', env.id);
    const existante = await sql<{ opco: string; section: string; origine: string; annee: number }>`
      select opco, section, origine, annee from fin_enveloppe where id = ${env.id}`.execute(trx);
    const e0 = existante.rows[0];
    if (e0 && (e0.opco !== env.opco || e0.section !== env.section || e0.origine !== env.origine))
      return {
        fait: false,
        motif: `l'enveloppe ${env.id} existe déjà pour ${e0.opco}/${e0.section}/${e0.origine}`,
        disponibleCentimes: 0,
        demandeCentimes: deltaCentimes,
      };
    await assurerComptes(trx, [dispo, compteEnv]);
    if (!e0)
      await sql`insert into fin_enveloppe (id, opco, section, origine, annee, branche, dispositif, libelle, compte_id)
        values (${env.id}, ${env.opco}, ${env.section}, ${env.origine}, ${env.annee}, ${env.branche},
          ${env.dispositif}, ${env.libelle}, ${codeCompte(compteEnv)})`.execute(trx);
    if (deltaCentimes === 0)
      return {
        fait: true,
        compte: codeCompte(compteEnv),
        soldeCentimes: await solde(trx, codeCompte(compteEnv)),
      };
    const [de, vers] = deltaCentimes > 0 ? [dispo, compteEnv] : [compteEnv, dispo];
    const montant = Math.abs(deltaCentimes);
    const disponible = (await soldeVerrouille(trx, codeCompte(de))) ?? 0;
    const d = deciderReservation(
      disponible,
      montant,
      de.nature === 'disponible' ? 'les fonds disponibles de la section' : `l'enveloppe ${env.id}`,
    );
    if (!d.acceptee)
      return {
        fait: false,
        motif: d.motif,
        disponibleCentimes: d.disponibleCentimes,
        demandeCentimes: montant,
      };
    const id = await posterEcriture(
      trx,
      {
        opco: env.opco,
        section: env.section,
        origine: env.origine,
        dateComptable: date,
        libelle: `${deltaCentimes > 0 ? 'Alimentation' : 'Réduction'} de l'enveloppe ${env.libelle}`,
        cause: { type: 'enveloppe', reference: env.id },
        contrepasse: null,
        lignes: [
          { compte: codeCompte(vers), sens: 'D', montantCentimes: montant },
          { compte: codeCompte(de), sens: 'C', montantCentimes: montant },
        ],
      },
      [de, vers],
    );
    await auditer(trx, auteur, 'finances.enveloppe', `enveloppe:${env.id}`, {
      deltaCentimes,
      ecriture: id,
    });
    return {
      fait: true,
      compte: codeCompte(compteEnv),
      soldeCentimes: await solde(trx, codeCompte(compteEnv)),
    };
  });
}
