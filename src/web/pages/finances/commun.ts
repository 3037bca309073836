import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type {
  budgetsSchema,
  facturesSchema,
  horsLivreSchema,
  lotsSchema,
  resultatCertificatSchema,
  resultatComptabilisationSchema,
  resultatFacturesSchema,
  resultatLotSchema,
  synthesesCfaSchema,
  utilisationsSchema,
} from '../../../partage/finances.schema.ts';
import { euros } from '../../format.ts';
import { appeler, messageErreur } from '../comptes/client.ts';

export type Budgets = z.infer<typeof budgetsSchema>;
export type Lots = z.infer<typeof lotsSchema>;
export type Factures = z.infer<typeof facturesSchema>;
export type SynthesesCfa = z.infer<typeof synthesesCfaSchema>;
export type ResultatLot = z.infer<typeof resultatLotSchema>;
export type ResultatFactures = z.infer<typeof resultatFacturesSchema>;
export type ResultatCertificats = z.infer<typeof resultatCertificatSchema>;
export type Utilisations = z.infer<typeof utilisationsSchema>;
export type HorsLivre = z.infer<typeof horsLivreSchema>;
export type ResultatComptabilisation = z.infer<typeof resultatComptabilisationSchema>;

/** Cents to the UI's euros (« 1 234,56 € »). */
export const e = (centimes: number) => euros(centimes / 100);

export const libellesSections: Record<string, string> = {
  alternance: 'Alternance',
  plan_moins_50: 'Plan < 50 salariés',
  pro_a: 'Pro-A / reconversion',
  cpf: 'CPF',
  fonctionnement: 'Fonctionnement',
};
export const libellesOrigines: Record<string, string> = {
  mutualises: 'fonds mutualisés',
  conventionnels: 'contributions conventionnelles',
  volontaires: 'versements volontaires',
};
export const libellesStatuts: Record<string, string> = {
  acceptee: 'Acceptée',
  partielle: 'Partiellement acceptée',
  refusee: 'Refusée',
  termine: 'Terminé',
  en_cours: 'En cours',
};

/** GETs `url` (again whenever `version` changes); null url = nothing to load. */
export function useDonnees<T>(
  url: string | null,
  version: number,
): { donnees: T | null; erreur: string | null } {
  const [etat, setEtat] = useState<{ donnees: T | null; erreur: string | null }>({
    donnees: null,
    erreur: null,
  });
  useEffect(() => {
    if (!url) return;
    let actif = true;
    appeler<T>('GET', url).then(
      (d) => actif && setEtat({ donnees: d, erreur: null }),
      (x: unknown) => actif && setEtat({ donnees: null, erreur: messageErreur(x) }),
    );
    return () => {
      actif = false;
    };
  }, [url, version]);
  return etat;
}

/** POST of a CSV file body with the CSRF token; the parsed JSON answer, or the problem's detail. */
export async function envoyerCsv(
  url: string,
  fichier: File,
  jetonCsrf: string | null | undefined,
): Promise<{ ok: true; corps: unknown } | { ok: false; detail: string }> {
  const r = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'text/csv',
      accept: 'application/json',
      ...(jetonCsrf ? { 'x-csrf-token': jetonCsrf } : {}),
    },
    body: await fichier.text(),
  });
  const corps: unknown = await r.json().catch(() => null);
  if (!r.ok)
    return { ok: false, detail: (corps as { detail?: string } | null)?.detail ?? r.statusText };
  return { ok: true, corps };
}
