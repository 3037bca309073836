import { lazy, Suspense, useEffect, useRef } from 'react';
import { espaces } from './espaces.ts';
import { Accueil } from './pages/Accueil.tsx';
import { EspaceAVenir } from './pages/EspaceAVenir.tsx';
import { NavigationSimulateurs } from './composants/NavigationSimulateurs.tsx';
import { SimulerContributions } from './pages/SimulerContributions.tsx';
import { SimulerSalaireApprenti } from './pages/SimulerSalaireApprenti.tsx';
import { ComparerPlanMoins50, FORMULAIRES, SimulerDispositif } from './pages/SimulerDispositif.tsx';
import { api, useMoi } from './pages/comptes/client.ts';
import { Compte } from './pages/comptes/Compte.tsx';
import { Connexion } from './pages/comptes/Connexion.tsx';
import { DefinirMotDePasse } from './pages/comptes/DefinirMotDePasse.tsx';
import {
  ConfirmationInscription,
  InscriptionEntreprise,
} from './pages/comptes/InscriptionEntreprise.tsx';
import { Utilisateurs } from './pages/comptes/Utilisateurs.tsx';
import { Baremes } from './pages/comptes/Baremes.tsx';
import { BaremesAbondement } from './pages/dossiers/BaremesAbondement.tsx';
import { CatalogueActionsCollectives, SessionsOpco } from './pages/ActionsCollectives.tsx';
import { AccordsTarifaires } from './pages/AccordsTarifaires.tsx';
import { EspacePersonnel } from './pages/espaces/EspacePersonnel.tsx';
import { TrouverMonOpco } from './pages/TrouverMonOpco.tsx';
import { Lien, naviguer, useChemin } from './routeur.tsx';
import { Textes } from './pages/textes/Textes.tsx';
import { FicheDossier, ListeDossiers } from './pages/dossiers/Dossiers.tsx';
import { DemanderPriseEnCharge, FicheDemande } from './pages/dossiers/Demandes.tsx';

// The deposit form brings the CERFA schema and code lists: loaded when first visited.
const DeposerDossier = lazy(() =>
  import('./pages/dossiers/DeposerDossier.tsx').then((m) => ({ default: m.DeposerDossier })),
);
const DepotEnMasse = lazy(() =>
  import('./pages/dossiers/DepotEnMasse.tsx').then((m) => ({ default: m.DepotEnMasse })),
);
const DeposerProfessionnalisation = lazy(() =>
  import('./pages/dossiers/DeposerProfessionnalisation.tsx').then((m) => ({
    default: m.DeposerProfessionnalisation,
  })),
);
const DepotLotFichier = lazy(() =>
  import('./pages/dossiers/DepotLotFichier.tsx').then((m) => ({ default: m.DepotLotFichier })),
);

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
        {chemin === '/simuler/comparer-plan-moins-50' ? (
          <ComparerPlanMoins50 />
        ) : chemin.slice('/simuler/'.length) in FORMULAIRES ? (
          <SimulerDispositif slug={chemin.slice('/simuler/'.length)} />
        ) : chemin === '/simuler/salaire-apprenti' ? (
          <SimulerSalaireApprenti />
        ) : chemin === '/simuler/contributions' ? (
          <SimulerContributions />
        ) : (
          <SimulerApprentissage />
        )}
      </>
    );
  if (chemin === '/trouver-mon-opco') return <TrouverMonOpco />;
  if (chemin === '/dossiers') return <ListeDossiers />;
  if (chemin === '/dossiers/nouveau') return <DeposerDossier />;
  if (chemin === '/dossiers/lot') return <DepotEnMasse />;
  if (chemin === '/dossiers/nouveau-professionnalisation') return <DeposerProfessionnalisation />;
  if (chemin === '/dossiers/lot/fichier') return <DepotLotFichier />;
  if (chemin === '/dossiers/file-attente') return <ListeDossiers fileAttente />;
  if (chemin === '/demandes/nouvelle') return <DemanderPriseEnCharge />;
  const demande = /^\/demandes\/([^/]+)$/.exec(chemin);
  if (demande?.[1]) return <FicheDemande id={demande[1]} />;
  const dossier = /^\/dossiers\/([^/]+)$/.exec(chemin);
  if (dossier?.[1]) return <FicheDossier id={dossier[1]} />;
  if (chemin === '/connexion') return <Connexion />;
  if (chemin === '/connexion/mot-de-passe') return <DefinirMotDePasse />;
  if (chemin === '/compte') return <Compte />;
  const baremes = /^\/compte\/organisations\/([^/]+)\/baremes$/.exec(chemin);
  if (baremes?.[1]) return <Baremes organisationId={baremes[1]} />;
  const abondement = /^\/compte\/organisations\/([^/]+)\/baremes-abondement$/.exec(chemin);
  if (abondement?.[1]) return <BaremesAbondement organisationId={abondement[1]} />;
  if (chemin === '/actions-collectives') return <CatalogueActionsCollectives />;
  const sessionsOpco = /^\/compte\/organisations\/([^/]+)\/actions-collectives$/.exec(chemin);
  if (sessionsOpco?.[1]) return <SessionsOpco organisationId={sessionsOpco[1]} />;
  const accords = /^\/compte\/organisations\/([^/]+)\/accords-tarifaires$/.exec(chemin);
  if (accords?.[1]) return <AccordsTarifaires organisationId={accords[1]} />;
  if (chemin === '/inscription') return <InscriptionEntreprise />;
  if (chemin === '/inscription/confirmation') return <ConfirmationInscription />;
  const gestion = /^\/compte\/organisations\/([^/]+)$/.exec(chemin);
  if (gestion?.[1]) return <Utilisateurs organisationId={gestion[1]} />;
  const espace = espaces.find((e) => chemin === e.chemin || chemin.startsWith(`${e.chemin}/`));
  if (espace?.prive) return <EspacePersonnel espace={espace} />;
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
  const moi = useMoi();
  // Signed out: every space is a door to sign in. Signed in: only the spaces one may enter.
  const visibles = espaces.filter((e) => !e.prive || !moi || moi.espaces.includes(e.prive));
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
            {visibles.map((e) => {
              const actif = chemin === e.chemin || chemin.startsWith(`${e.chemin}/`);
              return (
                <li key={e.chemin}>
                  <Lien href={e.chemin} {...(actif ? { 'aria-current': 'page' as const } : {})}>
                    {e.titre}
                  </Lien>
                </li>
              );
            })}
            {moi ? (
              <>
                <li>
                  <Lien
                    href="/compte"
                    {...(chemin === '/compte' ? { 'aria-current': 'page' as const } : {})}
                  >
                    Mon compte
                  </Lien>
                </li>
                <li>
                  <button
                    type="button"
                    className="lien-nav"
                    onClick={() => void api.deconnecter().then(() => naviguer('/connexion'))}
                  >
                    Se déconnecter
                  </button>
                </li>
              </>
            ) : (
              <li>
                <Lien
                  href="/connexion"
                  {...(chemin === '/connexion' ? { 'aria-current': 'page' as const } : {})}
                >
                  Se connecter
                </Lien>
              </li>
            )}
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
