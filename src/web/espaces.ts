/** The areas of the platform, in navigation order. Each capability fills its page. */
export interface Espace {
  chemin: string;
  titre: string;
  resume: string;
  /** Personal space: shown only to a person whose GET /api/v1/moi lists it in `espaces`. */
  prive?: 'entreprise' | 'opco' | 'cfa' | 'branche' | 'national';
  /** Kinds of organisation whose rows the space shows. */
  types?: readonly string[];
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
    prive: 'entreprise',
    types: ['entreprise'],
  },
  {
    chemin: '/espace-opco',
    titre: 'Espace OPCO',
    resume: 'Instruire les demandes, engager et payer, piloter les budgets et les catalogues.',
    prive: 'opco',
    types: ['opco'],
  },
  {
    chemin: '/espace-cfa',
    titre: 'Espace CFA',
    resume: 'Les contrats pour lesquels votre organisme forme, les factures et les paiements.',
    prive: 'cfa',
    types: ['organisme_formation'],
  },
  {
    chemin: '/espace-branche',
    titre: 'Espace branche',
    resume: 'Les chiffres de votre branche : contrats, engagements, niveaux de prise en charge.',
    prive: 'branche',
    types: ['branche'],
  },
  {
    chemin: '/espace-national',
    titre: 'Espace France compétences',
    resume:
      'France compétences et l’État : l’utilisation par chaque OPCO des fonds qui lui sont alloués.',
    prive: 'national',
    types: ['france_competences', 'etat'],
  },
];

/** Where to land after sign-in: the first personal space, else the account page. */
export function premierEspace(ouverts: readonly string[]): string {
  return espaces.find((e) => e.prive && ouverts.includes(e.prive))?.chemin ?? '/compte';
}
