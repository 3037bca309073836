import { useEffect, useRef, useState } from 'react';

export interface Probleme {
  detail: string;
  erreurs?: { champ: string; message: string }[];
}

/** POSTs a simulation, keeps its result or problem, and moves focus to the result heading. */
export function useSimulation<R>(url: string) {
  const [resultat, setResultat] = useState<R | null>(null);
  const [probleme, setProbleme] = useState<Probleme | null>(null);
  const [enCours, setEnCours] = useState(false);
  const titre = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (resultat || probleme) titre.current?.focus();
  }, [resultat, probleme]);

  async function simuler(corps: unknown) {
    setEnCours(true);
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(corps),
      });
      const json: unknown = await r.json();
      if (r.ok) {
        setResultat(json as R);
        setProbleme(null);
      } else {
        setProbleme(json as Probleme);
        setResultat(null);
      }
    } catch (e) {
      setProbleme({ detail: e instanceof Error ? e.message : String(e) });
      setResultat(null);
    } finally {
      setEnCours(false);
    }
  }

  const erreurDe = (champ: string) =>
    probleme?.erreurs?.find((e) => e.champ === `body.${champ}`)?.message;
  const aria = (champ: string) =>
    erreurDe(champ) ? { 'aria-invalid': true, 'aria-describedby': `erreur-${champ}` } : {};
  return { resultat, probleme, enCours, titre, simuler, erreurDe, aria };
}
