import { describe, expect, it } from 'vitest';
import { controleHabilitation } from '../../src/domaine/dossiers/controles-maitre-habilitation.ts';
import { instruireApprentissage } from '../../src/domaine/dossiers/index.ts';
import type {
  HabilitationsCertification,
  ReferentielsDossier,
} from '../../src/domaine/referentiels-formation/index.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { fa13, referentielsConformes, SIRET_CFA } from './aide.ts';

/**
 * D6224-2 6° (contracts concluded from 2024-08-01), R6113-16: the CFA of the contract of
 * tests/dossiers/aide.ts (SIRET 98765432100019, RNCP35185, concluded 2025-08-25) is habilitated
 * when the RNCP « Partenaires » file lists it to train.
 */
const droit = moteurDeTest().droit;
const liste = (
  partenaires: HabilitationsCertification['partenaires'],
): HabilitationsCertification => ({ codeRncp: 'RNCP35185', millesime: '2026-11-30', partenaires });
const controle = (
  h: HabilitationsCertification | null | undefined,
  r: Partial<ReferentielsDossier> = {},
  cerfa = fa13(),
) =>
  controleHabilitation(droit, cerfa, {
    ...referentielsConformes(),
    ...(h === undefined ? {} : { habilitations: h }),
    ...r,
  });

describe('habilitation de l’organisme à préparer la certification (D6224-2 6°)', () => {
  it('habilité à former (FORMER ou ORGA_FORM) → conforme, avec la date d’extraction', () => {
    for (const habilitation of ['HABILITATION_FORMER', 'HABILITATION_ORGA_FORM']) {
      const r = controle(liste([{ siret: SIRET_CFA, nom: 'CFA DES METIERS', habilitation }]));
      expect(r?.resultat).toBe('conforme');
      expect(r?.message).toContain('extraction du 2026-11-30');
      expect(r?.articles.map((a) => `${a.article} ${a.alinea ?? ''}`.trim())).toEqual([
        'D6224-2 6°',
        'R6113-16',
      ]);
    }
  });

  it('le lieu de formation habilité suffit', () => {
    const r = controle(
      liste([{ siret: '11111111100011', nom: 'SITE', habilitation: 'HABILITATION_FORMER' }]),
      {},
      fa13((x) => {
        (x.formation as Record<string, unknown>).lieuFormation = {
          siret: '11111111100011',
          denomination: 'Site de formation',
        };
      }),
    );
    expect(r?.resultat).toBe('conforme');
  });

  it('liste non chargée, certification inconnue → à vérifier par un gestionnaire', () => {
    expect(controle(null)?.resultat).toBe('a_verifier');
    expect(controle(null)?.message).toContain("n'est pas chargée");
    const r = controle(liste([]), { certification: null });
    expect(r?.resultat).toBe('a_verifier');
    expect(r?.champ).toBe('formation.rncp');
  });

  it('absent d’une liste non vide, seulement ORGANISER, ou autre établissement du même SIREN → à vérifier (jamais un refus automatique)', () => {
    const absent = controle(
      liste([{ siret: '22222222200012', nom: 'AUTRE', habilitation: 'HABILITATION_FORMER' }]),
    );
    expect(absent?.resultat).toBe('a_verifier');
    expect(absent?.message).toContain(
      "n'est pas parmi les 1 organisme(s) habilité(s) pour RNCP35185",
    );
    const organiser = controle(
      liste([{ siret: SIRET_CFA, nom: 'CFA', habilitation: 'HABILITATION_ORGANISER' }]),
    );
    expect(organiser?.resultat).toBe('a_verifier');
    expect(organiser?.message).toContain('HABILITATION_ORGANISER');
    const siren = controle(
      liste([{ siret: '98765432100027', nom: 'CFA SIEGE', habilitation: 'HABILITATION_FORMER' }]),
    );
    expect(siren?.resultat).toBe('a_verifier');
    expect(siren?.message).toContain('même SIREN');
  });

  it('aucune habilitation publiée : sans objet si enregistrée de droit, sinon à vérifier', () => {
    const cert = referentielsConformes().certification!;
    const deDroit = controle(liste([]), {
      certification: { ...cert, typeEnregistrement: 'Enregistrement de droit' },
    });
    expect(deDroit?.resultat).toBe('conforme');
    expect(deDroit?.message).toContain('le cas échéant');
    const surDemande = controle(liste([]), {
      certification: { ...cert, typeEnregistrement: 'Enregistrement sur demande' },
    });
    expect(surDemande?.resultat).toBe('a_verifier');
  });

  it('contrat conclu avant le 2024-08-01, ou source sans habilitations : contrôle non exécuté', () => {
    const avant = fa13((x) => {
      x.contrat.dateConclusion = '2024-07-31';
    });
    expect(controle(null, {}, avant)).toBeNull();
    expect(controle(undefined)).toBeNull();
    const tous = instruireApprentissage(droit, fa13(), {
      ...referentielsConformes(),
      habilitations: liste([{ siret: SIRET_CFA, nom: 'CFA', habilitation: 'HABILITATION_FORMER' }]),
    });
    expect(tous.at(-1)?.code).toBe('formation.habilitation_organisme');
  });
});
