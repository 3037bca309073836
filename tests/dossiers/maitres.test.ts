import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portsParDefaut, ServiceDossiers } from '../../src/api/dossiers/service.ts';
import {
  cleMaitre,
  controleNombreApprentis,
} from '../../src/domaine/dossiers/controles-maitre-habilitation.ts';
import { instruireApprentissage, ReferentielsEnMemoire } from '../../src/domaine/dossiers/index.ts';
import { instruireEnMasse } from '../../src/domaine/dossiers/masse.ts';
import type { ContratDuMaitre } from '../../src/domaine/referentiels-formation/index.ts';
import { baseDeTest, moteurDeTest as nomMoteur } from '../aide/base.ts';
import { moteurDeTest } from '../aide/moteur.ts';
import { MaitresEnVol } from '../../src/api/dossiers/maitres-en-vol.ts';
import { contexte, fa13, OPCO, referentielsConformes } from './aide.ts';

/**
 * R6223-6: two apprentices at a time per maître d'apprentissage, plus one whose training is
 * prolonged after an exam failure. The contract of tests/dossiers/aide.ts starts on 2025-09-01
 * with one maître, Paul Martin born 1980-05-02.
 */
const droit = moteurDeTest().droit;

const autre = (id: string, modif: Partial<ContratDuMaitre> = {}): ContratDuMaitre => ({
  dossierId: id,
  etat: 'engage',
  dateDebut: '2024-09-01',
  dateFin: '2026-08-31',
  dateRupture: null,
  typeContrat: '11',
  ...modif,
});

const controle = (contrats: ContratDuMaitre[], cerfa = fa13()) =>
  controleNombreApprentis(droit, cerfa, {
    ...referentielsConformes(),
    contratsDesMaitres: [contrats],
  });

describe('nombre d’apprentis par maître d’apprentissage (R6223-6), contrôle pur', () => {
  it('le maître est reconnu malgré les accents, la casse et la ponctuation', () => {
    expect(cleMaitre({ nom: "d'Arc-Martin", prenom: 'Élodie', dateNaissance: '1980-05-02' })).toBe(
      cleMaitre({ nom: 'D ARC MARTIN', prenom: 'elodie', dateNaissance: '1980-05-02' }),
    );
    expect(cleMaitre({ nom: 'Martin', prenom: 'Paul', dateNaissance: '1980-05-02' })).not.toBe(
      cleMaitre({ nom: 'Martin', prenom: 'Paul', dateNaissance: '1980-05-03' }),
    );
  });

  it('sans fait recueilli par l’adaptateur, le contrôle ne s’exécute pas', () => {
    const r = instruireApprentissage(droit, fa13(), referentielsConformes());
    expect(r.some((x) => x.code === 'maitre.nombre_apprentis')).toBe(false);
  });

  it('un autre contrat en cours : 2 apprentis, conforme', () => {
    const [r] = controle([autre('A')]);
    expect(r?.resultat).toBe('conforme');
    expect(r?.message).toContain('2 apprenti(s) au 2025-09-01');
    expect(r?.articles.map((a) => a.article)).toEqual(['R6223-6', 'R6223-7']);
  });

  it('deux autres contrats en cours : 3 apprentis, à vérifier par un gestionnaire avec les dossiers trouvés', () => {
    const [r] = controle([autre('A'), autre('B')]);
    expect(r?.resultat).toBe('a_verifier');
    expect(r?.champ).toBe('maitres.0.nom');
    expect(r?.message).toContain('3 apprentis au 2025-09-01');
    expect(r?.message).toContain('A (engage, du 2024-09-01 au 2026-08-31)');
    expect(r?.message).toContain('B (engage');
    expect(r?.message).toContain('plus que les 2 permis (+ 1');
  });

  it('le troisième est admis s’il s’agit d’une formation prolongée après un échec (avenant 33)', () => {
    const [r] = controle([autre('A'), autre('B', { typeContrat: '33' })]);
    expect(r?.resultat).toBe('conforme');
    expect(r?.message).toContain('2 + 1 au plus');
    // Four apprentices, even with a prolongation: beyond 2 + 1.
    const [q] = controle([autre('A'), autre('B', { typeContrat: '33' }), autre('C')]);
    expect(q?.resultat).toBe('a_verifier');
  });

  it('ne comptent pas : contrats finis avant le début, pas commencés, annulés, refusés, rompus avant', () => {
    const [r] = controle([
      autre('fini', { dateFin: '2025-08-31' }),
      autre('futur', { dateDebut: '2025-09-02' }),
      autre('annule', { etat: 'annule' }),
      autre('refuse', { etat: 'refuse' }),
      autre('brouillon', { etat: 'brouillon' }),
      autre('rompu', { etat: 'rompu', dateRupture: '2025-09-01' }),
      autre('A'),
    ]);
    expect(r?.resultat).toBe('conforme');
    expect(r?.message).toContain('2 apprenti(s)');
    // A contract broken with effect after the start date still runs on it.
    const [q] = controle([
      autre('A'),
      autre('rompu', { etat: 'rompu', dateRupture: '2025-10-01' }),
    ]);
    expect(q?.resultat).toBe('a_verifier');
  });

  it('instruction en masse : la source en mémoire porte les contrats des maîtres', () => {
    const moteur = moteurDeTest();
    const r = referentielsConformes();
    const cle = cleMaitre(fa13().maitres[0] as never);
    const source = new ReferentielsEnMemoire({
      organismes: r.organisme ? [r.organisme] : [],
      certifications: r.certification ? [r.certification] : [],
      contratsDesMaitres: new Map([[cle, [autre('A'), autre('B')]]]),
    });
    expect(instruireEnMasse(droit, moteur, source, OPCO, fa13())).toMatchObject({
      issue: 'a_verifier',
      aVerifier: 1,
    });
    const seul = new ReferentielsEnMemoire({
      organismes: r.organisme ? [r.organisme] : [],
      certifications: r.certification ? [r.certification] : [],
      contratsDesMaitres: new Map([[cle, [autre('A')]]]),
    });
    expect(instruireEnMasse(droit, moteur, seul, OPCO, fa13()).issue).toBe('engage');
  });
});

describe('registre des dépôts en vol (R6223-6 entre dépôts simultanés)', () => {
  const ctx = () => ({
    ...contexte(),
    referentiels: { ...referentielsConformes(), contratsDesMaitres: [[]] },
  });
  const vus = (r: MaitresEnVol, id: string) =>
    r.completer(ctx(), fa13(), id).referentiels.contratsDesMaitres?.[0]?.map((c) => c.dossierId);

  it('un dépôt voit ceux instruits avant lui, gardés tant qu’un dépôt commencé avant leur validation court ; un échec sort', () => {
    const r = new MaitresEnVol();
    const a = r.commencer();
    const b = r.commencer();
    r.inscrire('A', fa13(), 'en_cours_instruction');
    expect(vus(r, 'B')).toEqual(['A']);
    expect(vus(r, 'A')).toEqual([]);
    r.ecrit('A', true);
    r.finir(a);
    // B started before A's commit: A stays for it.
    expect(vus(r, 'B')).toEqual(['A']);
    const c = r.commencer();
    r.inscrire('C', fa13(), 'en_cours_instruction');
    r.ecrit('C', false);
    expect(vus(r, 'D')).toEqual(['A']);
    r.finir(b);
    r.finir(c);
    expect(r.taille).toBe(0);
  });

  it('un autre maître n’est pas vu ; une inscription refaite après validation reste jusqu’à sa propre validation', () => {
    const r = new MaitresEnVol();
    const autreMaitre = fa13();
    autreMaitre.maitres = [{ ...autreMaitre.maitres[0]!, dateNaissance: '1981-01-01' }];
    const a = r.commencer();
    r.inscrire('X', autreMaitre, 'en_cours_instruction');
    r.inscrire('A', fa13(), 'en_cours_instruction');
    expect(vus(r, 'B')).toEqual(['A']);
    r.ecrit('A', true);
    // Registered again (replayed) after its first commit, not yet committed again: kept.
    r.inscrire('A', fa13(), 'engage');
    r.finir(a);
    expect(vus(r, 'B')).toEqual(['A']);
    const b = r.commencer();
    r.ecrit('A', true);
    r.ecrit('X', true);
    r.finir(b);
    expect(r.taille).toBe(0);
  });
});

describe(`nombre d’apprentis par maître : recherche des autres contrats (${nomMoteur})`, () => {
  let base: Awaited<ReturnType<typeof baseDeTest>>;
  beforeAll(async () => {
    base = await baseDeTest();
  }, 120_000);
  afterAll(async () => base?.fermer());

  const auteur = { compteId: null, cleId: null, processus: 'test' };
  const service = () =>
    new ServiceDossiers(
      base,
      moteurDeTest(),
      { ...portsParDefaut(base), opcoAttendu: async () => OPCO, npec: async () => null },
      () => new Date('2025-09-03T10:00:00Z'),
    );
  const nombre = (r: {
    resultats: readonly { code: string; resultat: string; message: string }[];
  }) => r.resultats.find((x) => x.code === 'maitre.nombre_apprentis');

  it('le service compte les dossiers déposés du même maître (nom, prénom, naissance normalisés)', async () => {
    const s = service();
    const premier = await s.deposer(auteur, fa13(), {});
    expect(nombre(await s.verifier(fa13()))?.message).toContain('2 apprenti(s)');
    // Same person written otherwise: same maître.
    const second = await s.deposer(
      auteur,
      fa13((x) => {
        x.maitres[0] = { ...x.maitres[0]!, nom: 'MARTIN', prenom: 'paul' };
        x.apprenti.nom = 'Bernard';
      }),
      {},
    );
    const troisieme = nombre(await s.verifier(fa13()));
    expect(troisieme?.resultat).toBe('a_verifier');
    expect(troisieme?.message).toContain(premier.ligne.dossier.id);
    expect(troisieme?.message).toContain(second.ligne.dossier.id);
    // Another birth date: another person.
    const homonyme = nombre(
      await s.verifier(
        fa13((x) => (x.maitres[0] = { ...x.maitres[0]!, dateNaissance: '1979-01-01' })),
      ),
    );
    expect(homonyme?.resultat).toBe('conforme');
    expect(homonyme?.message).toContain('1 apprenti(s)');
    // A second maître of the new contract is counted on its own.
    const deux = await s.verifier(
      fa13((x) => {
        x.maitres.push({ ...x.maitres[0]!, nom: 'Durand', prenom: 'Jeanne' });
      }),
    );
    expect(
      deux.resultats.filter((x) => x.code === 'maitre.nombre_apprentis').map((x) => x.resultat),
    ).toEqual(['a_verifier', 'conforme']);
  }, 60_000);

  it('trois dépôts simultanés du même maître (lus et validés ensemble) se voient : le troisième instruit est « à vérifier »', async () => {
    const s = service();
    const cerfa = (apprenti: string) =>
      fa13((x) => {
        x.maitres[0] = { ...x.maitres[0]!, nom: 'Simultané', prenom: 'Claire' };
        x.apprenti.nom = apprenti;
      });
    const r = await Promise.all(
      ['Un', 'Deux', 'Trois'].map((n) => s.deposer(auteur, cerfa(n), {})),
    );
    const controles = r.map((x) =>
      x.ligne.dossier.instruction?.resultats.find((c) => c.code === 'maitre.nombre_apprentis'),
    );
    // In deposit (instruction) order: 1, 2, then 3 apprentices — whichever came third.
    const messages = controles.map((c) => c?.message ?? '');
    expect(messages.filter((m) => m.includes('1 apprenti(s)'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('2 apprenti(s)'))).toHaveLength(1);
    const troisieme = controles.filter((c) => c?.resultat === 'a_verifier');
    expect(troisieme).toHaveLength(1);
    expect(troisieme[0]?.message).toContain('3 apprentis');
    const autres = r.map((x) => x.ligne.dossier.id);
    const ids = autres.filter((id) => troisieme[0]?.message.includes(id));
    expect(ids).toHaveLength(2);
    const enAttente = r.filter((x) =>
      x.ligne.dossier.aVerifier.includes('maitre.nombre_apprentis'),
    );
    expect(enAttente).toHaveLength(1);
    // Once written, a fourth deposit reads the three in the database (each counted once).
    const quatrieme = nombre(await s.verifier(cerfa('Quatre')));
    expect(quatrieme?.message).toContain('4 apprentis');
  }, 60_000);

  it('un dossier engagé puis modifié par avenant compte pour le contrat suivant du même maître', async () => {
    const s = service();
    const cerfa = fa13((x) => {
      x.maitres[0] = { ...x.maitres[0]!, nom: 'Lefèvre', prenom: 'Anne' };
    });
    const d = await s.deposer(auteur, cerfa, {});
    const id = d.ligne.dossier.id;
    const e = await s.commander(auteur, id, { type: 'decider', sens: 'engager', motif: 'vu' });
    expect(e.ok && e.dossier.etat).toBe('engage');
    const avenant = fa13((x) => {
      x.maitres[0] = { ...x.maitres[0]!, nom: 'Lefèvre', prenom: 'Anne' };
      x.contrat.typeContrat = '36';
      x.contrat.dureeHebdoHeures = 30;
    });
    const r = await s.commander(auteur, id, {
      type: 'avenant',
      dateEffet: '2025-10-01',
      cerfa: avenant,
    });
    expect(r.ok).toBe(true);
    const v = await s.verifier(cerfa);
    expect(nombre(v)?.message).toContain('2 apprenti(s)');
    if (!r.ok) return;
    const evs = r.evenements.filter((x) => x.type === 'avenant');
    expect(evs).toHaveLength(1);
  }, 60_000);
});
