import { useEffect, useState } from 'react';
import type {
  ChangementMotDePasse,
  CleApiDto,
  CleCreee,
  Connexion,
  CreationCle,
  DefinitionMotDePasse,
  Invitation,
  MembreDto,
  Moi,
} from '../../../partage/comptes.schema.ts';
import type {
  InscriptionEntreprise,
  InscriptionReponse,
} from '../../../partage/inscription.schema.ts';
import type { FournisseursOidc } from '../../../partage/oidc.schema.ts';

/**
 * The web client of accounts, typed from src/partage/comptes.schema.ts. It keeps the signed-in
 * person (GET /api/v1/moi) and the CSRF token it sends on every state-changing request.
 */
export class ErreurApi extends Error {
  readonly statut: number;
  readonly code: string;
  readonly champs: { champ: string; message: string }[];
  constructor(
    statut: number,
    code: string,
    message: string,
    champs: { champ: string; message: string }[],
  ) {
    super(message);
    this.statut = statut;
    this.code = code;
    this.champs = champs;
  }
}

let moiCourant: Moi | null | undefined;
const abonnes = new Set<(m: Moi | null) => void>();

function publier(m: Moi | null): void {
  moiCourant = m;
  for (const f of abonnes) f(m);
}

export async function appeler<T>(methode: string, url: string, corps?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (corps !== undefined) headers['content-type'] = 'application/json';
  if (methode !== 'GET' && moiCourant?.jetonCsrf) headers['x-csrf-token'] = moiCourant.jetonCsrf;
  const r = await fetch(url, {
    method: methode,
    headers,
    credentials: 'same-origin',
    ...(corps !== undefined ? { body: JSON.stringify(corps) } : {}),
  });
  if (r.status === 204 || r.status === 202) return null as T;
  const json: unknown = await r.json().catch(() => null);
  if (!r.ok) {
    const p = (json ?? {}) as {
      code?: string;
      detail?: string;
      erreurs?: { champ: string; message: string }[];
    };
    throw new ErreurApi(
      r.status,
      p.code ?? 'ERR_INCONNUE',
      p.detail ?? r.statusText,
      p.erreurs ?? [],
    );
  }
  return json as T;
}

export async function chargerMoi(): Promise<Moi | null> {
  try {
    publier(await appeler<Moi>('GET', '/api/v1/moi'));
  } catch (e) {
    if (e instanceof ErreurApi && e.statut === 401) publier(null);
    else throw e;
  }
  return moiCourant ?? null;
}

/** The signed-in person: undefined while loading, null when signed out. */
export function useMoi(): Moi | null | undefined {
  const [m, setM] = useState<Moi | null | undefined>(moiCourant);
  useEffect(() => {
    abonnes.add(setM);
    if (moiCourant === undefined) void chargerMoi().catch(() => publier(null));
    return () => {
      abonnes.delete(setM);
    };
  }, []);
  return m;
}

export const api = {
  /** Publishes a new version of an edited plan < 50 barème (docs/dispositifs.md). */
  publierBareme(
    organisation: string,
    bareme: string,
    champs: Record<string, unknown>,
  ): Promise<{ bareme: string; version: number; creeLe: string }> {
    return appeler(
      'PUT',
      `/api/v1/organisations/${encodeURIComponent(organisation)}/baremes/plan-moins-50/${encodeURIComponent(bareme)}`,
      { champs },
    );
  },
  versionsBareme(
    bareme: string,
  ): Promise<{ version: number; organisationId: string; creeLe: string }[]> {
    return appeler('GET', `/api/v1/baremes/plan-moins-50/${encodeURIComponent(bareme)}/versions`);
  },
  async connecter(c: Connexion): Promise<Moi> {
    const m = await appeler<Moi>('POST', '/api/v1/session', c);
    publier(m);
    return m;
  },
  async deconnecter(): Promise<void> {
    await appeler<null>('DELETE', '/api/v1/session').catch(() => null);
    publier(null);
  },
  async changerMotDePasse(c: ChangementMotDePasse): Promise<void> {
    await appeler<null>('PUT', '/api/v1/moi/mot-de-passe', c);
    await chargerMoi();
  },
  async definirMotDePasse(d: DefinitionMotDePasse): Promise<Moi> {
    const m = await appeler<Moi>('POST', '/api/v1/mot-de-passe/definition', d);
    publier(m);
    return m;
  },
  async inscrireEntreprise(i: InscriptionEntreprise): Promise<InscriptionReponse> {
    const r = await appeler<InscriptionReponse>('POST', '/api/v1/entreprises/inscription', i);
    publier(r.moi);
    return r;
  },
  async confirmerAttestation(jeton: string): Promise<{ organisations: string[] }> {
    const r = await appeler<{ organisations: string[] }>(
      'POST',
      '/api/v1/entreprises/inscription/confirmation',
      { jeton },
    );
    // The session, when there is one, now has full access: read it again.
    await chargerMoi().catch(() => null);
    return r;
  },
  renvoyerConfirmation(): Promise<{ envoye: boolean }> {
    return appeler('POST', '/api/v1/entreprises/inscription/renvoi');
  },
  fournisseursOidc(): Promise<FournisseursOidc> {
    return appeler('GET', '/api/v1/session/oidc');
  },
  demanderReinitialisation(courriel: string): Promise<null> {
    return appeler<null>('POST', '/api/v1/mot-de-passe/reinitialisation', { courriel });
  },
  membres(org: string): Promise<{ membres: MembreDto[] }> {
    return appeler('GET', `/api/v1/organisations/${encodeURIComponent(org)}/membres`);
  },
  inviter(org: string, i: Invitation): Promise<{ compteId: string; nouveau: boolean }> {
    return appeler('POST', `/api/v1/organisations/${encodeURIComponent(org)}/membres`, i);
  },
  retirer(org: string, compte: string): Promise<null> {
    return appeler(
      'DELETE',
      `/api/v1/organisations/${encodeURIComponent(org)}/membres/${encodeURIComponent(compte)}`,
    );
  },
  cles(): Promise<{ cles: CleApiDto[] }> {
    return appeler('GET', '/api/v1/cles');
  },
  creerCle(org: string, c: CreationCle): Promise<CleCreee> {
    return appeler('POST', `/api/v1/organisations/${encodeURIComponent(org)}/cles`, c);
  },
  revoquerCle(org: string, cle: string): Promise<null> {
    return appeler(
      'DELETE',
      `/api/v1/organisations/${encodeURIComponent(org)}/cles/${encodeURIComponent(cle)}`,
    );
  },
};

export function messageErreur(e: unknown): string {
  if (e instanceof ErreurApi && e.champs.length > 0)
    return e.champs.map((c) => c.message).join(' ; ');
  return e instanceof Error ? e.message : String(e);
}
