import { describe, expect, it } from 'vitest';
import {
  controleDureeCfa,
  instruireApprentissage,
} from '../../src/domaine/dossiers/instruction-apprentissage.ts';
import { nombreAu, P } from '../../src/domaine/dossiers/parametres.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { fa13 } from './aide.ts';

const droit = moteurDeTest().droit;

describe('formation en CFA ≥ 25 % de la durée du contrat (L6211-2)', () => {
  it('le paramètre daté : 25 % depuis le 2019-01-01, rien avant', () => {
    expect(nombreAu(droit, P.app.partMinimumFormationCfa, '2025-08-25')).toBe(25);
    expect(nombreAu(droit, P.app.partMinimumFormationCfa, '2018-12-31')).toBeUndefined();
  });

  it('1 350 h sur un contrat de 730 jours à 35 h : 37 % des 3 650 h, conforme, cité', () => {
    const r = controleDureeCfa(droit, fa13());
    expect(r.resultat).toBe('conforme');
    expect(r.message).toBe(
      'Formation en CFA de 1350 h, soit 37 % des 3650 h du contrat (au moins 25 %, 913 h).',
    );
    expect(r.articles.map((a) => a.article)).toEqual(['L6211-2', 'D6224-2']);
    expect(r.champ).toBe('formation.dureeHeures');
  });

  it('600 h : à vérifier (le certificateur peut prévoir moins), avec les chiffres', () => {
    const r = controleDureeCfa(
      droit,
      fa13((s) => {
        s.formation.dureeHeures = 600;
      }),
    );
    expect(r.resultat).toBe('a_verifier');
    expect(r.message).toBe(
      'Formation en CFA de 600 h, soit 16,4 % des 3650 h du contrat (35 h par semaine sur 730 jours) : moins de 25 % (913 h), possible seulement si les règles du certificateur le prévoient.',
    );
  });

  it('à 30 h 30 par semaine, la limite suit la durée du travail ; le contrôle est dans l’instruction', () => {
    const c = fa13((s) => {
      s.formation.dureeHeures = 796;
      (s.contrat as { dureeHebdoMinutes?: number }).dureeHebdoMinutes = 30;
      s.contrat.dureeHebdoHeures = 30;
    });
    // 30,5 h × 730 / 7 = 3 181 h ; 25 % = 796 h (arrondi au-dessus).
    expect(controleDureeCfa(droit, c).resultat).toBe('conforme');
    const moins = fa13((s) => {
      s.formation.dureeHeures = 795;
      (s.contrat as { dureeHebdoMinutes?: number }).dureeHebdoMinutes = 30;
      s.contrat.dureeHebdoHeures = 30;
    });
    expect(controleDureeCfa(droit, moins).resultat).toBe('a_verifier');
    const codes = instruireApprentissage(droit, fa13(), {
      organisme: null,
      certification: null,
      oppositions: [],
      opcoAttendu: null,
    }).map((x) => x.code);
    expect(codes).toContain('formation.duree_cfa');
  });
});
