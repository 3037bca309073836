import { useId, type ReactNode } from 'react';
import type { TypeDemande } from '../../../partage/demandes.schema.ts';
import { libelleCourt } from './client.ts';

/**
 * The fields of a request form (the scheme's paths of the shared schema), and the body of the
 * request from the form's flat values — shared by the request form and the modification form.
 */
export type Valeurs = Record<string, string>;

export function Champ({
  nom,
  valeurs,
  maj,
  type = 'text',
  erreurs,
  aide,
}: {
  nom: string;
  valeurs: Valeurs;
  maj: (nom: string, v: string) => void;
  type?: 'text' | 'number' | 'date' | 'checkbox';
  erreurs: Record<string, string>;
  aide?: ReactNode;
}) {
  const id = useId();
  const erreur = erreurs[nom];
  if (type === 'checkbox')
    return (
      <div className="champ champ-case">
        <input
          id={id}
          type="checkbox"
          checked={valeurs[nom] === 'true'}
          onChange={(e) => maj(nom, e.target.checked ? 'true' : 'false')}
        />
        <label htmlFor={id}>{libelleCourt(nom)}</label>
      </div>
    );
  return (
    <div className="champ">
      <label htmlFor={id}>{libelleCourt(nom)}</label>
      {aide && <p className="aide">{aide}</p>}
      <input
        id={id}
        type={type}
        value={valeurs[nom] ?? ''}
        onChange={(e) => maj(nom, e.target.value)}
        {...(type === 'number' ? { inputMode: 'decimal' as const, step: 'any' } : {})}
        aria-invalid={erreur ? true : undefined}
        aria-describedby={erreur ? `${id}-erreur` : undefined}
      />
      {erreur && (
        <p id={`${id}-erreur`} className="erreur-champ">
          {erreur}
        </p>
      )}
    </div>
  );
}

/** Fields of each scheme (paths of the request schema), after the company's. */
export const CHAMPS: Record<
  TypeDemande,
  readonly [string, 'text' | 'number' | 'date' | 'checkbox'][]
> = {
  plan_moins_50: [
    ['bareme', 'text'],
    ['action.intitule', 'text'],
    ['action.organismeSiret', 'text'],
    ['action.organismeDenomination', 'text'],
    ['dateDebut', 'date'],
    ['dateFin', 'date'],
    ['heures', 'number'],
    ['stagiaires', 'number'],
    ['coutPedagogique', 'number'],
    ['salaireHoraire', 'number'],
    ['fraisAnnexes', 'number'],
  ],
  formation_ssct_cse: [
    ['bareme', 'text'],
    ['action.intitule', 'text'],
    ['action.organismeSiret', 'text'],
    ['action.organismeDenomination', 'text'],
    ['dateDebut', 'date'],
    ['dateFin', 'date'],
    ['jours', 'number'],
    ['heures', 'number'],
    ['stagiaires', 'number'],
    ['coutPedagogique', 'number'],
    ['membreCse', 'checkbox'],
    ['salarieCompetent', 'checkbox'],
    ['premierMandat', 'checkbox'],
  ],
  aide_tutorale: [
    ['tuteur.nom', 'text'],
    ['tuteur.prenom', 'text'],
    ['tuteur.dateNaissance', 'date'],
    ['tuteur.employeur', 'checkbox'],
    ['dateDebut', 'date'],
    ['dateFin', 'date'],
    ['formationHeures', 'number'],
    ['formationCout', 'number'],
    ['tutoratMois', 'number'],
    ['maitreApprentissageMois', 'number'],
    ['publicPrioritaire', 'checkbox'],
    ['beneficiairesSimultanes', 'number'],
  ],
  action_collective: [
    ['session', 'number'],
    ['stagiaires', 'number'],
  ],
};
export const ENTREPRISE: readonly [string, 'text' | 'number'][] = [
  ['opco', 'text'],
  ['entreprise.siret', 'text'],
  ['entreprise.denomination', 'text'],
  ['entreprise.codeIdcc', 'text'],
  ['entreprise.effectif', 'number'],
];
const NOMBRES = new Set(
  [...ENTREPRISE, ...Object.values(CHAMPS).flat()]
    .filter(([, t]) => t === 'number')
    .map(([n]) => n),
);
const CASES = new Set(
  Object.values(CHAMPS)
    .flat()
    .filter(([, t]) => t === 'checkbox')
    .map(([n]) => n),
);

/** The body of the request from the form's flat values (empty fields left out). */
export function corps(type: TypeDemande, v: Valeurs): Record<string, unknown> {
  const o: Record<string, unknown> = { type };
  for (const [nom] of [...ENTREPRISE, ...CHAMPS[type]]) {
    const brut = v[nom];
    if (brut === undefined || brut === '') continue;
    const valeur = NOMBRES.has(nom)
      ? Number(brut.replace(',', '.'))
      : CASES.has(nom)
        ? brut === 'true'
        : brut;
    const parties = nom.split('.');
    let cible = o;
    for (const p of parties.slice(0, -1)) {
      cible[p] ??= {};
      cible = cible[p] as Record<string, unknown>;
    }
    cible[parties[parties.length - 1] as string] = valeur;
  }
  return o;
}

/** The form's flat values from a stored request (a draft resumed). */
export function valeursDe(f: Record<string, unknown>): Valeurs {
  const v: Valeurs = {};
  const type = f.type as TypeDemande;
  for (const [nom] of [...ENTREPRISE, ...CHAMPS[type]]) {
    let x: unknown = f;
    for (const p of nom.split('.'))
      x = x && typeof x === 'object' ? (x as Record<string, unknown>)[p] : undefined;
    if (x !== undefined && x !== null) v[nom] = String(x);
  }
  return v;
}

/** A short digest of the body (FNV-1a), for the idempotency key. */
export function empreinte(texte: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < texte.length; i++) {
    h ^= texte.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}
