/** The areas of the platform, in navigation order. Each capability fills its page. */
export interface Espace {
  chemin: string;
  titre: string;
  resume: string;
}

export const espaces: readonly Espace[] = [
  {
    chemin: '/trouver-mon-opco',
    titre: 'Trouver mon OPCO',
    resume:
      'Par SIRET, SIREN, IDCC ou intitulé de convention collective, à toute date, et en masse.',
  },
  {
    chemin: '/simuler',
    titre: 'Simuler un financement',
    resume:
      "Prise en charge d'un contrat d'apprentissage, salaire minimum de l'apprenti, contributions à la formation, avec l'explication et les textes.",
  },
  {
    chemin: '/textes',
    titre: 'Textes et règles',
    resume:
      'Les articles du Code du travail à toute date, leurs versions et les règles qui les citent.',
  },
  {
    chemin: '/entreprise',
    titre: 'Espace entreprise',
    resume: 'Déposer une demande de financement, suivre les décisions et les paiements.',
  },
  {
    chemin: '/espace-opco',
    titre: 'Espace OPCO',
    resume: 'Instruire les demandes, engager et payer, piloter les budgets et les catalogues.',
  },
];
