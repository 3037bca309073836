import { useMemo, useRef, useState, type FormEvent } from 'react';
import { cerfaEj20Schema } from '../../../partage/cerfa-ej20.schema.ts';
import { cerfaFa13Schema } from '../../../partage/cerfa-fa13.schema.ts';
import { messageChamp } from '../../../partage/libelles.ts';
import { libelleCourt, type DossierComplet } from './client.ts';
import {
  ChampCerfa,
  d as date,
  idChamp,
  l,
  n,
  t,
  valeursDe,
  type Champ,
  type Valeurs,
} from './FormulaireCerfa.tsx';

/**
 * « Déclarer un avenant » on an engaged dossier: the fields an avenant usually changes,
 * prefilled from the contract in force, the changes listed before sending, and the date of
 * effect. The platform re-instructs the amended contract and recomputes the engagement.
 */

/** The fields an avenant may change, by form (the others stay as deposited). */
function champsAvenant(cerfa: DossierComplet['cerfa']): Champ[] {
  if (cerfa.formulaire === 'EJ20')
    return [
      l('contrat.typeContrat', 'typeContratProfessionnalisation'),
      date('contrat.dateFin', false),
      date('contrat.dateFinAction'),
      n('contrat.dureeHebdoHeures'),
      t('contrat.emploiOccupe'),
      n('contrat.salaireMensuel'),
      t('tuteur.nom'),
      t('tuteur.prenom'),
      t('tuteur.emploiOccupe'),
      n('tuteur.anneesExperience'),
      date('formation.dateFin'),
      n('formation.dureeHeures'),
    ];
  return [
    l('contrat.typeContrat', 'typeContratApprentissage'),
    date('contrat.dateFin'),
    n('contrat.dureeHebdoHeures'),
    ...cerfa.contrat.remunerations.flatMap((_, i) => [
      date(`contrat.remunerations.${i}.du`),
      date(`contrat.remunerations.${i}.au`),
      n(`contrat.remunerations.${i}.tauxPourcent`),
      n(`contrat.remunerations.${i}.montantMensuel`),
    ]),
    t('maitres.0.nom'),
    t('maitres.0.prenom'),
    t('maitres.0.emploiOccupe'),
    n('maitres.0.anneesExperience'),
    date('formation.dateFinExamens'),
    n('formation.dureeHeures'),
    n('formation.heuresDistance', false),
    n('couts.npecAnnuel', false),
  ];
}

/** The amended contract: a copy of `cerfa` with the form's values set at their paths. */
export function cerfaModifie(
  cerfa: DossierComplet['cerfa'],
  champs: readonly Champ[],
  v: Valeurs,
): Record<string, unknown> {
  const r = structuredClone(cerfa) as unknown as Record<string, unknown>;
  for (const ch of champs) {
    const brut = v[ch.chemin];
    const s = typeof brut === 'string' ? brut.trim() : '';
    const parts = ch.chemin.split('.');
    let o = r as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
    const cle = parts.at(-1) ?? '';
    if (ch.genre === 'case') o[cle] = brut === true;
    else if (s === '') Reflect.deleteProperty(o, cle);
    else o[cle] = ch.genre === 'nombre' ? Number(s.replace(',', '.')) : s;
  }
  return r;
}

export function Avenant({
  dossier,
  envoyer,
}: {
  dossier: DossierComplet;
  envoyer: (corps: { dateEffet: string; cerfa: unknown }) => Promise<void>;
}) {
  const champs = useMemo(() => champsAvenant(dossier.cerfa), [dossier.cerfa]);
  const initiales = useMemo(() => valeursDe(dossier.cerfa), [dossier.cerfa]);
  const [valeurs, setValeurs] = useState<Valeurs>(initiales);
  const [dateEffet, setDateEffet] = useState('');
  const [tente, setTente] = useState(false);
  const erreurDate = useRef<HTMLInputElement>(null);

  const corps = useMemo(
    () => cerfaModifie(dossier.cerfa, champs, valeurs),
    [dossier.cerfa, champs, valeurs],
  );
  const validation = useMemo(
    () =>
      (dossier.cerfa.formulaire === 'FA13' ? cerfaFa13Schema : cerfaEj20Schema).safeParse(corps),
    [dossier.cerfa.formulaire, corps],
  );
  const erreurs = validation.success
    ? new Map<string, string>()
    : new Map(validation.error.issues.map((i) => [i.path.join('.'), i.message]));
  const modifies = champs.filter(
    (ch) => (valeurs[ch.chemin] ?? '') !== (initiales[ch.chemin] ?? ''),
  );
  const sansDate = tente && dateEffet === '';
  const sansModif = tente && modifies.length === 0;

  function soumettre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    setTente(true);
    if (dateEffet === '') {
      erreurDate.current?.focus();
      return;
    }
    const premier = champs.find((ch) => erreurs.has(ch.chemin));
    if (premier) {
      document.getElementById(idChamp(premier.chemin))?.focus();
      return;
    }
    if (modifies.length === 0) return;
    void envoyer({ dateEffet, cerfa: corps });
  }

  return (
    <form onSubmit={soumettre} aria-labelledby="titre-avenant" noValidate>
      <h2 id="titre-avenant">Déclarer un avenant</h2>
      <p>
        Modifiez les champs qui changent : le contrat modifié est réinstruit, puis l'engagement et
        l'échéancier sont recalculés et l'écart expliqué.
      </p>
      <p>
        <label htmlFor="dateEffetAvenant">Date d'effet de l'avenant *</label>
        <input
          id="dateEffetAvenant"
          ref={erreurDate}
          type="date"
          value={dateEffet}
          onChange={(e) => setDateEffet(e.target.value)}
          aria-required
          {...(sansDate
            ? { 'aria-invalid': true as const, 'aria-describedby': 'dateEffetAvenant-erreur' }
            : {})}
        />
        {sansDate && (
          <span id="dateEffetAvenant-erreur" className="erreur-champ">
            date d'effet attendue
          </span>
        )}
      </p>
      <fieldset>
        <legend>Champs du contrat modifiés</legend>
        {champs.map((ch) => (
          <ChampCerfa
            key={ch.chemin}
            champ={ch}
            valeur={valeurs[ch.chemin]}
            erreur={
              valeurs[ch.chemin] !== initiales[ch.chemin] || tente
                ? erreurs.get(ch.chemin)
                : undefined
            }
            maj={(v) => setValeurs((x) => ({ ...x, [ch.chemin]: v }))}
          />
        ))}
      </fieldset>
      {modifies.length > 0 ? (
        <div aria-live="polite">
          <p>Vous modifiez :</p>
          <ul aria-label="Modifications de l'avenant">
            {modifies.map((ch) => (
              <li key={ch.chemin}>
                {libelleCourt(ch.chemin.replace(/\.(\d+)\./, '.'))}
                {/\.(\d+)\./.exec(ch.chemin)
                  ? ` (${Number(/\.(\d+)\./.exec(ch.chemin)?.[1]) + 1})`
                  : ''}{' '}
                : {String(initiales[ch.chemin] ?? '—')} → {String(valeurs[ch.chemin] || '—')}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        sansModif && (
          <p className="alerte" role="alert">
            Aucun champ modifié : l'avenant n'aurait pas d'objet.
          </p>
        )
      )}
      {tente && erreurs.size > 0 && (
        <p className="alerte" role="alert">
          {[...erreurs].map(([k, m]) => messageChamp(k, m)).join(' ; ')}
        </p>
      )}
      <button type="submit">Déclarer l'avenant</button>
    </form>
  );
}
