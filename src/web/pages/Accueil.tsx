import { useEffect, useState } from 'react';
import { lireJson } from '../api.ts';
import { phrase } from '../format.ts';
import { espaces } from '../espaces.ts';
import { Lien } from '../routeur.tsx';

interface Opco {
  code: string;
  nom: string;
  libelleUsuel: string;
  siren: string;
  codeInfere: boolean;
  noteCode: string | null;
}

export function Accueil() {
  const [opcos, setOpcos] = useState<Opco[] | null>(null);
  const [erreur, setErreur] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Accueil — Plateforme OPCO';
    lireJson<{ opcos: Opco[] }>('/api/v1/opcos')
      .then((r) => setOpcos(r.opcos))
      // The API's detail is for operators (what to import…); the public gets a plain sentence.
      .catch(() =>
        setErreur('La liste des OPCO est momentanément indisponible. Réessayez plus tard.'),
      );
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
                  <td>
                    {o.code}
                    {o.codeInfere ? ' (déduit*)' : ''}
                  </td>
                  <td>{o.libelleUsuel}</td>
                  <td>{o.siren}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {opcos?.some((o) => o.codeInfere) && (
          <p>
            * Codes publiés par France compétences, sauf celui marqué « déduit » :{' '}
            {opcos
              .filter((o) => o.codeInfere)
              .map((o) => `${o.libelleUsuel} (${o.code}) — ${phrase(o.noteCode ?? 'non confirmé')}`)
              .join(' ; ')}
          </p>
        )}
      </section>
    </>
  );
}
