/**
 * The one registry of unexpected failures. Each code has an HTTP status, a French title and a
 * message template whose `{champ}` placeholders are filled from the error's `info`.
 * Every code is documented in docs/errors.md; tests/erreurs.test.ts keeps both in sync.
 * Expected refusals (an ineligible request, an unknown SIRET…) are values, not errors.
 */
export const registreErreurs = {
  ERR_VALIDATION: {
    statut: 400,
    titre: 'Requête invalide',
    message: 'La requête est invalide : {detail}',
  },
  ERR_JSON_MALFORME: {
    statut: 400,
    titre: 'JSON malformé',
    message: "Le corps de la requête n'est pas un JSON valide : {detail}",
  },
  ERR_CORPS_TROP_GRAND: {
    statut: 413,
    titre: 'Corps trop volumineux',
    message: 'Le corps de la requête dépasse la taille autorisée ({limite} octets).',
  },
  ERR_TYPE_MEDIA: {
    statut: 415,
    titre: 'Type de contenu non pris en charge',
    message: "Le type de contenu « {type} » n'est pas accepté par cette route.",
  },
  ERR_ROUTE_INCONNUE: {
    statut: 404,
    titre: 'Ressource introuvable',
    message: 'Aucune route ne correspond à {methode} {url}.',
  },
  ERR_IDEMPOTENCE_CONFLIT: {
    statut: 409,
    titre: "Clé d'idempotence déjà utilisée",
    message:
      "La clé d'idempotence « {cle} » a déjà servi pour un autre dépôt : une même clé ne vaut que pour un même contenu.",
  },
  ERR_RESSOURCE_INTROUVABLE: {
    statut: 404,
    titre: 'Ressource introuvable',
    message: '{ressource} introuvable : {identifiant}.',
  },
  ERR_BASE_INDISPONIBLE: {
    statut: 503,
    titre: 'Base de données indisponible',
    message: 'La base de données ne répond pas.',
  },
  ERR_DONNEES_ABSENTES: {
    statut: 503,
    titre: 'Données de référence absentes',
    message: 'Les données de référence « {jeu} » ne sont pas chargées : {detail}',
  },
  ERR_IMPORT_FICHIER_INVALIDE: {
    statut: 422,
    titre: "Fichier d'import invalide",
    message: 'Fichier {fichier}, ligne {ligne} : {probleme}',
  },
  ERR_IMPORT_SOURCE_INCONNUE: {
    statut: 400,
    titre: "Source d'import inconnue",
    message: "La source « {source} » n'existe pas. Sources connues : {sources}.",
  },
  ERR_MIGRATION: {
    statut: 500,
    titre: 'Échec de migration',
    message: 'La migration {migration} a échoué : {detail}',
  },
  ERR_BASE_VERROUILLEE: {
    statut: 409,
    titre: 'Base déjà ouverte par un autre processus',
    message:
      'La base PGlite {dossier} est déjà ouverte par un autre processus (PID {pid}, « {commande} », depuis {depuis}). PGlite n’accepte qu’un processus à la fois : arrêtez-le d’abord, interrogez le serveur en cours par son API, ou utilisez PostgreSQL (DATABASE_URL).',
  },
  ERR_CONFIGURATION: {
    statut: 500,
    titre: 'Configuration invalide',
    message: 'Configuration invalide : {detail}',
  },
  ERR_INTERNE: {
    statut: 500,
    titre: 'Erreur interne',
    message:
      "Une erreur interne est survenue. Elle a été journalisée avec l'identifiant {requete}.",
  },
  ERR_TEXTE_ARTICLE_INCONNU: {
    statut: 404,
    titre: 'Article inconnu',
    message: "L'article {article} n'est pas dans le corpus des textes importés ({corpus}).",
  },
  ERR_TEXTE_NON_EN_VIGUEUR: {
    statut: 404,
    titre: 'Article non en vigueur à cette date',
    message: '{explication}',
  },
  ERR_TEXTE_VERSION_INCONNUE: {
    statut: 404,
    titre: 'Version inconnue',
    message: "« {version} » ne désigne aucune version connue de l'article {article}.",
  },
  ERR_TEXTE_INDISPONIBLE: {
    statut: 404,
    titre: 'Texte de la version indisponible',
    message:
      "Le texte de la version {version} de l'article {article} (du {du}) n'est dans aucune publication importée ; versions dont le texte est connu : {disponibles}.",
  },
  ERR_TEXTE_PUBLICATION_INCONNUE: {
    statut: 404,
    titre: 'Publication des textes inconnue',
    message:
      "La publication {version} des textes n'est pas importée. Publications importées : {publications}.",
  },
  ERR_TEXTE_CITATIONS_INVALIDES: {
    statut: 422,
    titre: 'Références juridiques invalides',
    message: '{nombre} référence(s) juridique(s) du droit ne résolvent pas : {detail}',
  },
  ERR_PARAMETRE_INVALIDE: {
    statut: 500,
    titre: 'Paramètre de droit invalide',
    message: 'Fichier de paramètre {fichier}, {chemin} : {probleme}',
  },
  ERR_REGLE_INVALIDE: {
    statut: 500,
    titre: 'Règle de droit invalide',
    message: 'Fichier de règles {fichier}, règle {regle} : {probleme}',
  },
  ERR_PARAMETRE_INTROUVABLE: {
    statut: 500,
    titre: 'Paramètre de droit introuvable',
    message: 'Le paramètre {parametre} n’a pas de valeur au {date} (demandé par {regle}).',
  },
  // --- Requêtes HTTP mal formées, refusées avant toute route (robustesse, issue 9) ---
  ERR_URL_INVALIDE: {
    statut: 400,
    titre: 'Adresse invalide',
    message: "L'adresse demandée contient un encodage invalide (« % » mal formé) : {chemin}",
  },
  ERR_PARAMETRE_TROP_LONG: {
    statut: 414,
    titre: 'Paramètre de chemin trop long',
    message: 'Un paramètre du chemin dépasse {limite} caractères : {chemin}',
  },
  ERR_REQUETE_HTTP_INVALIDE: {
    statut: 400,
    titre: 'Requête HTTP invalide',
    message:
      "La requête HTTP n'a pas pu être lue (méthode, en-tête ou syntaxe invalide) : {detail}",
  },
  ERR_EN_TETES_TROP_GRANDS: {
    statut: 431,
    titre: 'En-têtes trop volumineux',
    message: 'Les en-têtes de la requête dépassent la taille autorisée ({limite} octets).',
  },
  ERR_DELAI_DEPASSE: {
    statut: 408,
    titre: 'Délai dépassé',
    message: "La requête n'a pas été reçue entièrement dans le délai imparti.",
  },
  // --- fin du bloc robustesse ---
  ERR_APPRENTI_TROP_JEUNE: {
    statut: 400,
    titre: 'Apprenti trop jeune',
    message:
      "L'apprenti a {age} ans au début de l'apprentissage : il doit avoir au moins {ageMinimum} ans ({condition}, L6222-1).",
  },
  // Comptes, sessions et accès (issue 11) -------------------------------------------------
  ERR_NON_AUTHENTIFIE: {
    statut: 401,
    titre: 'Authentification requise',
    message:
      'Cette route demande une session (cookie, POST /api/v1/session) ou une clé d’API (Authorization: Bearer ou X-Api-Key).',
  },
  ERR_IDENTIFIANTS_INVALIDES: {
    statut: 401,
    titre: 'Identifiants invalides',
    message: 'Courriel ou mot de passe incorrect.',
  },
  ERR_ACCES_REFUSE: {
    statut: 403,
    titre: 'Accès refusé',
    message: 'Accès refusé : {raison}.',
  },
  ERR_MOT_DE_PASSE_A_CHANGER: {
    statut: 403,
    titre: 'Mot de passe à changer',
    message:
      'Le mot de passe initial doit être changé avant toute autre action (PUT /api/v1/moi/mot-de-passe).',
  },
  ERR_CSRF: {
    statut: 403,
    titre: 'Jeton anti-CSRF absent ou invalide',
    message:
      'Une requête qui modifie des données avec une session doit porter l’en-tête X-CSRF-Token reçu à la connexion (ou de GET /api/v1/moi).',
  },
  ERR_TROP_DE_TENTATIVES: {
    statut: 429,
    titre: 'Trop de tentatives',
    message: 'Trop de tentatives de connexion : réessayez {quand}.',
  },
  ERR_JETON_INVALIDE: {
    statut: 400,
    titre: 'Lien invalide ou expiré',
    message:
      'Ce lien n’est pas valide : il a expiré, a déjà servi ou a été mal copié. Demandez-en un nouveau.',
  },
  ERR_COMPTE_EXISTANT: {
    statut: 409,
    titre: 'Compte existant',
    message: 'Un compte existe déjà pour le courriel {courriel}.',
  },
  ERR_ENTREPRISE_DEJA_ADMINISTREE: {
    statut: 409,
    titre: 'Entreprise déjà administrée',
    message:
      'L’entreprise de SIREN {siren} a déjà un administrateur sur la plateforme : demandez-lui une invitation.',
  },
  ERR_OIDC_ECHEC: {
    statut: 400,
    titre: 'Connexion par le fournisseur d’identité impossible',
    message: 'La connexion par votre fournisseur d’identité a échoué : {raison}. Recommencez.',
  },
  ERR_OIDC_COMPTE_INCONNU: {
    statut: 403,
    titre: 'Aucun compte pour cette identité',
    message:
      'Aucun compte de la plateforme ne correspond à cette identité. Demandez une invitation à l’administrateur de votre organisation.',
  },
} as const satisfies Record<string, { statut: number; titre: string; message: string }>;

export type CodeErreur = keyof typeof registreErreurs;

export type InfoErreur = Record<string, string | number | boolean | null | undefined>;

/** An unexpected failure, always carrying a registry code. */
export class ErreurOpco extends Error {
  readonly code: CodeErreur;
  readonly info: InfoErreur;
  readonly statut: number;

  constructor(code: CodeErreur, info: InfoErreur = {}, options?: { cause?: unknown }) {
    super(formaterMessage(code, info), options);
    this.name = 'ErreurOpco';
    this.code = code;
    this.info = info;
    this.statut = registreErreurs[code].statut;
  }
}

export function formaterMessage(code: CodeErreur, info: InfoErreur): string {
  return registreErreurs[code].message.replace(/\{(\w+)\}/g, (_m, cle: string) => {
    const v = info[cle];
    return v === undefined || v === null ? `{${cle}}` : String(v);
  });
}

export function estErreurOpco(e: unknown): e is ErreurOpco {
  return e instanceof ErreurOpco;
}
