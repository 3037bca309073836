import { useEffect } from 'react';
import type { Espace } from '../espaces.ts';

/** Placeholder of an area whose capability is not delivered yet: says so plainly. */
export function EspaceAVenir({ espace }: { espace: Espace }) {
  useEffect(() => {
    document.title = `${espace.titre} — Plateforme OPCO`;
  }, [espace]);
  return (
    <>
      <h1>{espace.titre}</h1>
      <p>{espace.resume}</p>
      <p className="information">Cet espace n'est pas encore ouvert.</p>
    </>
  );
}
