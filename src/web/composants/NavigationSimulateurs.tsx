import { Lien } from '../routeur.tsx';

const SIMULATEURS = [
  { chemin: '/simuler', titre: "Prise en charge d'un contrat d'apprentissage" },
  { chemin: '/simuler/salaire-apprenti', titre: "Salaire minimum de l'apprenti" },
  { chemin: '/simuler/contributions', titre: 'Contributions à la formation' },
  { chemin: '/simuler/contrat-professionnalisation', titre: 'Contrat de professionnalisation' },
  { chemin: '/simuler/aide-tutorale', titre: 'Aide à la fonction tutorale' },
  { chemin: '/simuler/pro-a', titre: 'Pro-A' },
  { chemin: '/simuler/periode-reconversion', titre: 'Période de reconversion' },
  { chemin: '/simuler/plan-moins-50', titre: 'Plan de développement (< 50)' },
  { chemin: '/simuler/comparer-plan-moins-50', titre: 'Comparer les OPCO (< 50)' },
  { chemin: '/simuler/formation-ssct-cse', titre: 'Formation SSCT du CSE' },
  { chemin: '/simuler/action-collective', titre: 'Action collective' },
  { chemin: '/actions-collectives', titre: 'Catalogue des actions collectives' },
  { chemin: '/simuler/abondement-cpf', titre: 'Abondement du CPF' },
] as const;

/** Links between the simulators of « Simuler un financement ». */
export function NavigationSimulateurs({ chemin }: { chemin: string }) {
  const actif = SIMULATEURS.find((s) => s.chemin === chemin)?.chemin ?? '/simuler';
  return (
    <nav aria-label="Simulateurs" className="navigation-simulateurs">
      <ul>
        {SIMULATEURS.map((s) => (
          <li key={s.chemin}>
            <Lien
              href={s.chemin}
              {...(s.chemin === actif ? { 'aria-current': 'page' as const } : {})}
            >
              {s.titre}
            </Lien>
          </li>
        ))}
      </ul>
    </nav>
  );
}
