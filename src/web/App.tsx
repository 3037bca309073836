import { lazy, Suspense, useEffect, useRef } from 'react';
import { espaces } from './espaces.ts';
import { Accueil } from './pages/Accueil.tsx';
import { EspaceAVenir } from './pages/EspaceAVenir.tsx';
import { NavigationSimulateurs } from './composants/NavigationSimulateurs.tsx';
import { SimulerContributions } from './pages/SimulerContributions.tsx';
import { SimulerSalaireApprenti } from './pages/SimulerSalaireApprenti.tsx';
import { TrouverMonOpco } from './pages/TrouverMonOpco.tsx';
import { Lien, useChemin } from './routeur.tsx';
import { Textes } from './pages/textes/Textes.tsx';

// The simulator brings its chart library and the request schema: loaded when first visited.
const SimulerApprentissage = lazy(() =>
  import('./pages/SimulerApprentissage.tsx').then((m) => ({ default: m.SimulerApprentissage })),
);

function Page({ chemin }: { chemin: string }) {
  if (chemin === '/') return <Accueil />;
  if (chemin === '/textes' || chemin.startsWith('/textes/')) return <Textes chemin={chemin} />;
  if (chemin === '/simuler' || chemin.startsWith('/simuler/'))
    return (
      <>
        <NavigationSimulateurs chemin={chemin} />
        {chemin === '/simuler/salaire-apprenti' ? (
          <SimulerSalaireApprenti />
        ) : chemin === '/simuler/contributions' ? (
          <SimulerContributions />
        ) : (
          <SimulerApprentissage />
        )}
      </>
    );
  if (chemin === '/trouver-mon-opco') return <TrouverMonOpco />;
  const espace = espaces.find((e) => chemin === e.chemin || chemin.startsWith(`${e.chemin}/`));
  if (espace) return <EspaceAVenir espace={espace} />;
  return (
    <>
      <h1>Page introuvable</h1>
      <p>
        Cette adresse ne correspond à aucune page. <Lien href="/">Revenir à l'accueil</Lien>.
      </p>
    </>
  );
}

export function App() {
  const chemin = useChemin();
  const principal = useRef<HTMLElement>(null);
  const premier = useRef(true);
  useEffect(() => {
    // RGAA: after a client-side navigation, move focus to the new content.
    if (premier.current) {
      premier.current = false;
      return;
    }
    principal.current?.focus();
  }, [chemin]);
  return (
    <>
      <a className="lien-evitement" href="#contenu">
        Aller au contenu
      </a>
      <header className="entete">
        <Lien href="/" className="marque">
          Plateforme OPCO
        </Lien>
        <nav aria-label="Navigation principale">
          <ul>
            {espaces.map((e) => {
              const actif = chemin === e.chemin || chemin.startsWith(`${e.chemin}/`);
              return (
                <li key={e.chemin}>
                  <Lien href={e.chemin} {...(actif ? { 'aria-current': 'page' as const } : {})}>
                    {e.titre}
                  </Lien>
                </li>
              );
            })}
          </ul>
        </nav>
      </header>
      <main id="contenu" ref={principal} tabIndex={-1}>
        <Suspense fallback={<p aria-live="polite">Chargement…</p>}>
          <Page chemin={chemin} />
        </Suspense>
      </main>
      <footer className="pied">
        <p>
          Plateforme OPCO — logiciel libre. <a href="/docs">Documentation de l'API</a>
        </p>
      </footer>
    </>
  );
}
