import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import '../../../partage/zod-fr.ts';
import { cerfaFa13Schema } from '../../../partage/cerfa-fa13.schema.ts';
import { listesCerfa, type NomListe } from '../../../partage/listes-cerfa.ts';
import { messageChamp } from '../../../partage/libelles.ts';
import { naviguer } from '../../routeur.tsx';
import { useMoi } from '../comptes/client.ts';
import {
  appelDossiers,
  ErreurDossier,
  libelleCourt,
  type DossierComplet,
  type ResultatControleDto,
} from './client.ts';
import { Controles } from './Controles.tsx';

type Genre = 'texte' | 'date' | 'nombre' | 'case' | 'liste' | 'courriel';
interface Champ {
  chemin: string;
  genre: Genre;
  liste?: NomListe;
  obligatoire?: boolean;
}
interface Section {
  titre: string;
  /** Path prefixes whose checks and errors are shown under this section. */
  prefixes: readonly string[];
  champs: readonly Champ[];
}

const t = (chemin: string, obligatoire = true): Champ => ({ chemin, genre: 'texte', obligatoire });
const d = (chemin: string, obligatoire = true): Champ => ({ chemin, genre: 'date', obligatoire });
const n = (chemin: string, obligatoire = true): Champ => ({ chemin, genre: 'nombre', obligatoire });
const c = (chemin: string): Champ => ({ chemin, genre: 'case' });
const l = (chemin: string, liste: NomListe, obligatoire = true): Champ => ({
  chemin,
  genre: 'liste',
  liste,
  obligatoire,
});

const PERIODES = 4;

/** The sections of the CERFA FA13, in the order of the form. */
const sections: readonly Section[] = [
  {
    titre: "L'employeur",
    prefixes: ['employeur', 'opco'],
    champs: [
      t('employeur.siret'),
      t('employeur.denomination'),
      t('employeur.adresse.numero', false),
      t('employeur.adresse.voie'),
      t('employeur.adresse.codePostal'),
      t('employeur.adresse.commune'),
      t('employeur.telephone'),
      { chemin: 'employeur.courriel', genre: 'courriel', obligatoire: true },
      l('employeur.typeEmployeur', 'typeEmployeur'),
      l('employeur.employeurSpecifique', 'employeurSpecifique', false),
      t('employeur.naf'),
      n('employeur.nombreDeSalaries'),
      t('employeur.codeIdcc'),
      t('opco'),
    ],
  },
  {
    titre: "L'apprenti(e)",
    prefixes: ['apprenti'],
    champs: [
      t('apprenti.nom'),
      t('apprenti.prenom'),
      l('apprenti.sexe', 'sexe'),
      d('apprenti.dateNaissance'),
      l('apprenti.nationalite', 'nationalite'),
      l('apprenti.regimeSocial', 'regimeSocial'),
      t('apprenti.adresse.voie'),
      t('apprenti.adresse.codePostal'),
      t('apprenti.adresse.commune'),
      { chemin: 'apprenti.courriel', genre: 'courriel', obligatoire: true },
      l('apprenti.situationAvantContrat', 'situationAvantContrat'),
      l('apprenti.dernierDiplome', 'diplome'),
      l('apprenti.derniereClasse', 'derniereClasse'),
      c('apprenti.premierCycleSecondaireAcheve'),
      c('apprenti.handicap'),
      c('apprenti.projetCreationRepriseEntreprise'),
      c('apprenti.sportifHautNiveau'),
      t('apprenti.responsableLegal.nom', false),
      t('apprenti.responsableLegal.prenom', false),
    ],
  },
  {
    titre: "Le maître d'apprentissage",
    prefixes: ['maitres', 'attestationEligibiliteMaitre'],
    champs: [
      t('maitres.0.nom'),
      t('maitres.0.prenom'),
      d('maitres.0.dateNaissance'),
      t('maitres.0.emploiOccupe'),
      l('maitres.0.niveauDiplome', 'niveauDiplomeMaitre'),
      c('maitres.0.diplomeDuDomaineEtNiveau'),
      n('maitres.0.anneesExperience'),
      c('attestationEligibiliteMaitre'),
    ],
  },
  {
    titre: 'Le contrat',
    prefixes: [
      'contrat.mode',
      'contrat.type',
      'contrat.date',
      'contrat.duree',
      'contrat.travail',
      'contrat.cause',
      'contrat.contratPrecedent',
    ],
    champs: [
      l('contrat.modeContractuel', 'modeContractuel'),
      l('contrat.typeContrat', 'typeContratApprentissage'),
      l('contrat.typeDerogation', 'typeDerogation', false),
      l('contrat.causeDerogationAge', 'causeDerogationAge', false),
      d('contrat.dateConclusion'),
      d('contrat.dateDebut'),
      d('contrat.dateDebutFormationPratique'),
      d('contrat.dateFin'),
      n('contrat.dureeHebdoHeures'),
      c('contrat.travailRisque'),
    ],
  },
  {
    titre: 'La rémunération',
    prefixes: ['contrat.remunerations', 'contrat.salaire'],
    champs: Array.from({ length: PERIODES }, (_, i) => [
      d(`contrat.remunerations.${i}.du`, i === 0),
      d(`contrat.remunerations.${i}.au`, i === 0),
      n(`contrat.remunerations.${i}.tauxPourcent`, i === 0),
      n(`contrat.remunerations.${i}.montantMensuel`, i === 0),
    ]).flat(),
  },
  {
    titre: 'La formation et le CFA',
    prefixes: ['formation', 'mentionParticipationEmployeur'],
    champs: [
      c('formation.cfaEntreprise'),
      t('formation.organisme.siret'),
      t('formation.organisme.uai', false),
      t('formation.organisme.denomination'),
      t('formation.rncp'),
      t('formation.intitule'),
      l('formation.diplomePrepare', 'diplome'),
      n('formation.niveau'),
      d('formation.dateDebut'),
      d('formation.dateFinExamens'),
      n('formation.dureeHeures'),
      n('formation.heuresDistance', false),
      c('mentionParticipationEmployeur'),
    ],
  },
  {
    titre: 'Coûts et pièces',
    prefixes: ['couts', 'pieces'],
    champs: [
      n('couts.npecAnnuel', false),
      n('couts.nuitees', false),
      n('couts.repas', false),
      n('couts.premierEquipement', false),
      c('pieces.conventionFormation'),
      c('pieces.conventionTripartite'),
      c('pieces.annexePedagogique'),
    ],
  },
];

const tousLesChamps = sections.flatMap((s) => s.champs);
const CLE_BROUILLON = 'opco.dossier.fa13.brouillon';

type Valeurs = Record<string, string | boolean>;

/** The request body from the flat values: empty fields are left out, numbers parsed. */
function corpsDe(v: Valeurs): Record<string, unknown> {
  const racine: Record<string, unknown> = { formulaire: 'FA13' };
  for (const ch of tousLesChamps) {
    const brut = v[ch.chemin];
    let val: unknown;
    if (ch.genre === 'case') val = brut === true;
    else {
      const s = typeof brut === 'string' ? brut.trim() : '';
      if (s === '') continue;
      val = ch.genre === 'nombre' ? Number(s.replace(',', '.')) : s;
    }
    const parts = ch.chemin.split('.');
    let o: Record<string, unknown> | unknown[] = racine;
    parts.forEach((p, i) => {
      const dernier = i === parts.length - 1;
      const cle: string | number = /^\d+$/.test(p) ? Number(p) : p;
      const cont = o as Record<string | number, unknown>;
      if (dernier) cont[cle] = val;
      else {
        if (cont[cle] === undefined) cont[cle] = /^\d+$/.test(parts[i + 1] ?? '') ? [] : {};
        o = cont[cle] as Record<string, unknown>;
      }
    });
  }
  const rem = (racine.contrat as { remunerations?: unknown[] } | undefined)?.remunerations;
  if (rem) (racine.contrat as { remunerations: unknown[] }).remunerations = rem.filter(Boolean);
  if (racine.attestationEligibiliteMaitre !== true) racine.attestationEligibiliteMaitre = false;
  return racine;
}

/** Deposit form of an apprenticeship contract (CERFA FA13), with inline checks and a draft. */
export function DeposerDossier() {
  const moi = useMoi();
  const [valeurs, setValeurs] = useState<Valeurs>(() => {
    try {
      return JSON.parse(localStorage.getItem(CLE_BROUILLON) ?? '{}') as Valeurs;
    } catch {
      return {};
    }
  });
  const [controles, setControles] = useState<ResultatControleDto[]>([]);
  const [manquants, setManquants] = useState<string[]>([]);
  const [probleme, setProbleme] = useState<string | null>(null);
  const [erreurs, setErreurs] = useState<{ champ: string; message: string }[]>([]);
  const [statut, setStatut] = useState<string>('');
  const cle = useRef(crypto.randomUUID());
  useEffect(() => {
    document.title = "Déposer un contrat d'apprentissage — Plateforme OPCO";
  }, []);

  // Draft saved on every change (this browser); the server keeps drafts once the form is valid.
  useEffect(() => {
    localStorage.setItem(CLE_BROUILLON, JSON.stringify(valeurs));
  }, [valeurs]);

  const corps = useMemo(() => corpsDe(valeurs), [valeurs]);
  const validation = useMemo(() => cerfaFa13Schema.safeParse(corps), [corps]);

  // Inline checks: once the form is complete, the instruction's checks run (debounced).
  useEffect(() => {
    if (!validation.success || !moi) return;
    const minuteur = setTimeout(() => {
      appelDossiers<{ resultats: ResultatControleDto[]; manquants: string[] }>(
        'POST',
        '/api/v1/dossiers/verification',
        moi.jetonCsrf,
        corps,
      )
        .then((r) => {
          setControles(r.resultats);
          setManquants(r.manquants);
        })
        .catch(() => setControles([]));
    }, 600);
    return () => clearTimeout(minuteur);
  }, [corps, validation.success, moi]);

  const erreursLocales = validation.success
    ? []
    : validation.error.issues.map((i) => ({ champ: i.path.join('.'), message: i.message }));
  const erreurDe = (chemin: string) =>
    erreurs.find((e) => e.champ === chemin)?.message ??
    erreursLocales.find((e) => e.champ === chemin && valeurs[chemin] !== undefined)?.message;

  async function envoyer(brouillon: boolean) {
    setProbleme(null);
    setErreurs([]);
    setStatut(brouillon ? 'Enregistrement du brouillon…' : 'Transmission…');
    try {
      const d = await appelDossiers<DossierComplet>(
        'POST',
        `/api/v1/dossiers${brouillon ? '?brouillon=true' : ''}`,
        moi?.jetonCsrf,
        corps,
        { 'idempotency-key': `${cle.current}-${brouillon ? 'b' : 't'}` },
      );
      localStorage.removeItem(CLE_BROUILLON);
      naviguer(`/dossiers/${d.id}`);
    } catch (e) {
      setStatut('');
      if (e instanceof ErreurDossier) {
        setErreurs([...e.champs]);
        setProbleme(
          e.champs.length > 0
            ? e.champs.map((x) => messageChamp(x.champ, x.message)).join(' ; ')
            : e.message,
        );
      } else setProbleme('La demande a échoué.');
    }
  }

  function soumettre(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    void envoyer(false);
  }

  if (moi === null)
    return (
      <p>
        <a href="/connexion">Connectez-vous</a> pour déposer un contrat.
      </p>
    );

  const champ = (ch: Champ) => {
    const id = `champ-${ch.chemin.replaceAll('.', '-')}`;
    const err = erreurDe(ch.chemin);
    const aria = err ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-erreur` } : {};
    const libelle = `${libelleCourt(ch.chemin.replace(/\.\d+\./, '.'))}${ch.obligatoire ? ' *' : ''}`;
    const valeur = valeurs[ch.chemin];
    const maj = (v: string | boolean) => setValeurs((x) => ({ ...x, [ch.chemin]: v }));
    return (
      <p key={ch.chemin}>
        {ch.genre === 'case' ? (
          <>
            <input
              id={id}
              type="checkbox"
              checked={valeur === true}
              onChange={(e) => maj(e.target.checked)}
            />
            <label htmlFor={id}>{libelle}</label>
          </>
        ) : (
          <>
            <label htmlFor={id}>{libelle}</label>
            {ch.genre === 'liste' && ch.liste ? (
              <select
                id={id}
                value={typeof valeur === 'string' ? valeur : ''}
                onChange={(e) => maj(e.target.value)}
                {...aria}
              >
                <option value="">—</option>
                {Object.entries(listesCerfa[ch.liste].codes).map(([k, v]) => (
                  <option key={k} value={k}>
                    {k} — {v}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type={ch.genre === 'date' ? 'date' : ch.genre === 'courriel' ? 'email' : 'text'}
                inputMode={ch.genre === 'nombre' ? 'decimal' : undefined}
                value={typeof valeur === 'string' ? valeur : ''}
                onChange={(e) => maj(e.target.value)}
                {...aria}
              />
            )}
          </>
        )}
        {err && (
          <span id={`${id}-erreur`} className="erreur-champ">
            {err}
          </span>
        )}
      </p>
    );
  };

  return (
    <>
      <h1>Déposer un contrat d'apprentissage</h1>
      <p className="chapo">
        CERFA FA13 (n° 10103*14). Le brouillon est gardé dans ce navigateur à chaque saisie ; dès
        que le formulaire est complet, les contrôles de l'instruction s'affichent sous chaque
        section, avec l'article qu'ils appliquent.
      </p>
      <form onSubmit={soumettre} noValidate aria-describedby="aide-depot">
        <p id="aide-depot">Les champs marqués d'un astérisque (*) sont obligatoires.</p>
        {sections.map((s) => (
          <fieldset key={s.titre}>
            <legend>{s.titre}</legend>
            {s.titre === 'La rémunération'
              ? Array.from({ length: PERIODES }, (_, i) => (
                  <fieldset key={i} className="periode">
                    <legend>Période {i + 1}</legend>
                    {s.champs.slice(i * 4, i * 4 + 4).map(champ)}
                  </fieldset>
                ))
              : s.champs.map(champ)}
            <Controles
              titre={`Contrôles : ${s.titre}`}
              resultats={controles.filter(
                (r) =>
                  r.resultat !== 'conforme' &&
                  s.prefixes.some((p) => (r.champ ?? '').startsWith(p)),
              )}
            />
          </fieldset>
        ))}
        {manquants.length > 0 && (
          <p className="information">Pièces attendues (D6224-1) : {manquants.join(', ')}.</p>
        )}
        {controles.length > 0 && (
          <details>
            <summary>Tous les contrôles ({controles.length})</summary>
            <Controles resultats={controles} />
          </details>
        )}
        <p role="status" aria-live="polite">
          {statut}
        </p>
        {probleme && (
          <p className="alerte" role="alert">
            {probleme}
          </p>
        )}
        <p>
          <button type="button" onClick={() => void envoyer(true)}>
            Enregistrer le brouillon sur la plateforme
          </button>{' '}
          <button type="submit">Transmettre à l'OPCO</button>
        </p>
      </form>
    </>
  );
}
