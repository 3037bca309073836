import { describe, expect, it } from 'vitest';
import type { ReponseRattachement } from '../../src/domaine/rattachement/index.ts';
import { reponseSiro, siretInterrogeable } from '../../src/domaine/siro/index.ts';
import { reponseSiroSchema } from '../../src/partage/siro.schema.ts';
import { attenteLba, lectureCe, lectureLba } from './clients.ts';

function rattachement(r: Partial<ReponseRattachement>): ReponseRattachement {
  return {
    statut: 'trouve',
    siret: '41816609600069',
    idcc: null,
    opco: null,
    opcoGestion: null,
    repartition: [],
    minoritaires: [],
    sources: [],
    demo: false,
    explication: '',
    aFaire: null,
    ...r,
  };
}

describe('réponse SIRO depuis la réponse de rattachement', () => {
  it('trouve → 01 avec idcc, OPCO de rattachement et N/C en gestion', () => {
    const b = reponseSiro(
      '41816609600069',
      rattachement({ idcc: { code: '1486', titre: 'Syntec' }, opco: { code: '03', nom: 'ATLAS' } }),
    );
    expect(b).toEqual({
      code: '01',
      siret: '41816609600069',
      idcc: '1486',
      opcoRattachement: { code: '03', nom: 'ATLAS' },
      opcoGestion: { code: 'N/C', nom: 'N/C' },
    });
    expect(Object.keys(b)).toEqual(['code', 'siret', 'idcc', 'opcoRattachement', 'opcoGestion']);
  });

  it('sans_opco et idcc_echappement sans OPCO → 01 avec N/C ; sans IDCC → idcc ""', () => {
    for (const statut of ['sans_opco', 'idcc_echappement'] as const) {
      const b = reponseSiro('41816609600069', rattachement({ statut }));
      expect(b).toMatchObject({ code: '01', idcc: '', opcoRattachement: { code: 'N/C' } });
      expect(lectureLba(200, b)).toEqual({ opco: null });
      expect(lectureCe(200, b)).toEqual({ opco: null });
    }
  });

  it('siret_inconnu → 99 avec le seul SIRET demandé', () => {
    expect(reponseSiro('89448692700011', rattachement({ statut: 'siret_inconnu' }))).toEqual({
      code: '99',
      siret: '89448692700011',
    });
  });

  it('n’interroge que 14 chiffres exactement, sans exiger la clé de Luhn', () => {
    expect(siretInterrogeable('12345678901234')).toBe(true);
    for (const s of ['424761419000455', '418166096', '4181660960006A', ' 41816609600069', ''])
      expect(siretInterrogeable(s), s).toBe(false);
  });
});

describe('exemples du contrat que le serveur ne produit pas', () => {
  it('E5 : un 03 (API Déclaration) est dans le schéma publié, et La bonne alternance l’ignore', () => {
    const e5 = {
      code: '03',
      siret: '12345678901234',
      idcc: '1234',
      opcoRattachement: { code: '1', nom: 'AKTO' },
    };
    expect(reponseSiroSchema.safeParse(e5).success).toBe(true);
    expect(attenteLba.safeParse(e5).success).toBe(true);
    expect(lectureLba(200, e5)).toEqual({ opco: null });
  });

  it('un idcc null ou un opcoGestion null seraient refusés par La bonne alternance', () => {
    const base = {
      code: '01',
      siret: '12345678901234',
      opcoRattachement: { code: '07', nom: 'AKTO' },
    };
    expect(lectureLba(200, { ...base, idcc: null })).toHaveProperty('erreur');
    expect(lectureLba(200, { ...base, idcc: '', opcoGestion: null })).toHaveProperty('erreur');
    expect(lectureLba(200, { ...base, idcc: '' })).toEqual({ opco: 'akto' });
    expect(
      lectureLba(200, { ...base, idcc: '', opcoRattachement: { code: 'x', nom: 'Akto' } }),
    ).toHaveProperty('erreur');
  });
});
