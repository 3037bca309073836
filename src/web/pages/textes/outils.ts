import { useEffect, useState } from 'react';
import { lireJson } from '../../api.ts';

/** The query string of the current address, kept up to date on navigation (?date=, ?q=, ?de=…). */
export function useParametres(): URLSearchParams {
  const [recherche, setRecherche] = useState(window.location.search);
  useEffect(() => {
    const maj = () => setRecherche(window.location.search);
    window.addEventListener('popstate', maj);
    return () => window.removeEventListener('popstate', maj);
  }, []);
  return new URLSearchParams(recherche);
}

/** Today in Paris, as a calendar date: only the default of the date field, always editable. */
export function aujourdhui(): string {
  return new Intl.DateTimeFormat('fr-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** The LEGI state of an article version, in words. */
const ETATS: Record<string, string> = {
  VIGUEUR: 'en vigueur',
  VIGUEUR_DIFF: 'en vigueur à une date à venir',
  MODIFIE: 'modifié',
  MODIFIE_MORT_NE: 'modifié avant d’entrer en vigueur',
  ABROGE: 'abrogé',
  ABROGE_DIFF: 'abrogé à une date à venir',
  TRANSFERE: 'transféré',
  PERIME: 'périmé',
  ANNULE: 'annulé',
  DISJOINT: 'disjoint',
};

export function etatEnMots(etat: string): string {
  return ETATS[etat] ?? etat.toLowerCase().replace(/_/g, ' ');
}

export function cheminArticle(article: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(params).toString();
  return `/textes/${encodeURIComponent(article)}${q ? `?${q}` : ''}`;
}

export interface EtatChargement<T> {
  donnees: T | null;
  erreur: string | null;
  enCours: boolean;
}

/**
 * Fetches `url` (null: nothing to fetch) and keeps the answer of the latest address only; the
 * state changes only when an answer arrives (no synchronous reset inside the effect).
 */
export function useJson<T>(url: string | null): EtatChargement<T> {
  const [etat, setEtat] = useState<{
    url: string;
    donnees: T | null;
    erreur: string | null;
  } | null>(null);
  useEffect(() => {
    if (url === null) return;
    let actif = true;
    lireJson<T>(url)
      .then((donnees) => {
        if (actif) setEtat({ url, donnees, erreur: null });
      })
      .catch((e: unknown) => {
        if (actif)
          setEtat({ url, donnees: null, erreur: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      actif = false;
    };
  }, [url]);
  if (url === null) return { donnees: null, erreur: null, enCours: false };
  if (!etat || etat.url !== url) return { donnees: null, erreur: null, enCours: true };
  return { donnees: etat.donnees, erreur: etat.erreur, enCours: false };
}
