import { useEffect, useState } from 'react';
import { lireJson } from '../api.ts';
import { espaces } from '../espaces.ts';
import { Lien } from '../routeur.tsx';

interface Opco {
  code: string;
  nom: string;
  libelleUsuel: string;
  siren: string;
}

export function Accueil() {
  const [opcos, setOpcos] = useState<Opco[] | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Accueil — Plateforme OPCO';
    lireJson<{ opcos: Opco[] }>('/api/v1/opcos')
      .then((r) => setOpcos(r.opcos))
      .catch((e: unknown) => setErreur(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <>
      <h1>Plateforme OPCO</h1>
      <p className="chapo">
        Le système d'information ouvert des onze opérateurs de compétences : trouver son OPCO,
        simuler un financement, lire la règle et le texte dont elle vient, à toute date.
      </p>
      <ul className="cartes">
        {espaces.map((e) => (
          <li key={e.chemin} className="carte">
            <h2>
              <Lien href={e.chemin}>{e.titre}</Lien>
            </h2>
            <p>{e.resume}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="titre-opcos">
        <h2 id="titre-opcos">Les 11 OPCO agréés</h2>
        {erreur && (
          <p role="alert" className="alerte">
            {erreur}
          </p>
        )}
        {!opcos && !erreur && <p aria-live="polite">Chargement…</p>}
        {opcos && (
          <table>
            <caption>Codes France compétences et SIREN des OPCO</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">OPCO</th>
                <th scope="col">SIREN</th>
              </tr>
            </thead>
            <tbody>
              {opcos.map((o) => (
                <tr key={o.code}>
                  <td>{o.code}</td>
                  <td>{o.libelleUsuel}</td>
                  <td>{o.siren}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
