import { jour, type Droit } from '../../moteur/index.ts';
import { ageAu } from '../../moteur/mecanismes/calendrier.ts';
import type { CerfaFa13 } from '../../partage/cerfa-fa13.schema.ts';
import { resultat } from './controles.ts';
import { nombreAu, P } from './parametres.ts';
import type { ResultatControle } from './types.ts';

/** Checks of an apprenticeship contract on its masters: of age, and competent. */

export function controleMaitres(droit: Droit, c: CerfaFa13): ResultatControle[] {
  const majorite = nombreAu(droit, P.ageMajorite, c.contrat.dateDebut);
  const avec = nombreAu(droit, P.app.maitreExperienceAvecDiplome, c.contrat.dateConclusion);
  const sans = nombreAu(droit, P.app.maitreExperienceSansDiplome, c.contrat.dateConclusion);
  const r: ResultatControle[] = [];
  c.maitres.forEach((m, i) => {
    const qui = `Maître d'apprentissage n° ${i + 1} (${m.prenom} ${m.nom})`;
    const age = ageAu(jour(m.dateNaissance), jour(c.contrat.dateDebut));
    if (majorite === undefined)
      r.push(resultat('maitre.majeur', 'a_verifier', `${qui} : âge de la majorité non défini.`));
    else
      r.push(
        resultat(
          'maitre.majeur',
          age >= majorite ? 'conforme' : 'bloquant',
          age >= majorite
            ? `${qui} : ${age} ans au début du contrat.`
            : `${qui} : ${age} ans au début du contrat, il doit être majeur (${majorite} ans).`,
          `maitres.${i}.dateNaissance`,
        ),
      );
    if (avec === undefined || sans === undefined) return;
    const ok =
      (m.diplomeDuDomaineEtNiveau && m.anneesExperience >= avec) || m.anneesExperience >= sans;
    r.push(
      resultat(
        'maitre.competence',
        ok ? 'conforme' : 'a_verifier',
        ok
          ? `${qui} : ${m.anneesExperience} an(s) d'expérience${m.diplomeDuDomaineEtNiveau ? ' et un diplôme du domaine de niveau au moins équivalent' : ''}.`
          : `${qui} : ${m.anneesExperience} an(s) d'expérience, moins que les ${avec} an (avec diplôme du domaine) ou ${sans} ans exigés à défaut d'accord de branche ; un gestionnaire vérifie l'accord de branche applicable.`,
        `maitres.${i}.anneesExperience`,
      ),
    );
  });
  return r;
}
