import { appelDossiers, type EvenementDto } from './client.ts';

/**
 * What a command just did, in words: the summary of the dossier's last event (for an avenant or
 * a rupture, the engagement before and after and the difference, as the domain explains it).
 */
export async function explication(id: string, csrf: string | null | undefined): Promise<string> {
  try {
    const h = await appelDossiers<{ evenements: EvenementDto[] }>(
      'GET',
      `/api/v1/dossiers/${id}/historique`,
      csrf,
    );
    const dernier = h.evenements.at(-1);
    return dernier ? `Enregistré. ${dernier.resume}` : 'Enregistré.';
  } catch {
    return 'Enregistré.';
  }
}
