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

/** '2024-06-01' → '1er juin 2024'. */
export function dateLisible(d: string): string {
  const [a, m, j] = d.split('-').map(Number) as [number, number, number];
  const mois = [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ][m - 1];
  return `${j === 1 ? '1er' : j} ${mois ?? '?'} ${a}`;
}

export function periode(du: string, au: string | null): string {
  return au
    ? `du ${dateLisible(du)} au ${dateLisible(au)} (exclu)`
    : `depuis le ${dateLisible(du)}`;
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
