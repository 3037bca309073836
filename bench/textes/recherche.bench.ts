import { performance } from 'node:perf_hooks';
import { tempsProcesseurMs } from '../processus.ts';

/**
 * The client side of the text search benchmark (bench/textes/index.ts): word searches over the
 * whole imported 6th part through HTTP, alone, then while a bulk rattachement request of
 * `tailleLot` CSV lines streams and `/health` is polled. The server runs in another process
 * (`opco serve` with OPCO_MESURE_BOUCLE=1): it measures its own event-loop delay
 * (src/api/mesure-boucle.ts), read here before and after each phase; its processor time is read
 * in /proc/<pid>/stat, which a shared machine's load does not inflate.
 */
export interface OptionsBenchTextes {
  /** http://127.0.0.1:port of the server. */
  racine: string;
  /** The server's process id (processor time). */
  pid: number;
  tailleLot: number;
  tours: number;
  journal: (m: string) => void;
}

/** Word queries a reader of the Code du travail would type (accents, inflections, several words). */
export const requetes = [
  'apprentissage',
  'formation professionnelle',
  'hébergement nuitée',
  'opérateur compétences',
  'contrat de professionnalisation',
  'financement',
  'validation des acquis de l’expérience',
  'compte personnel de formation',
  'entreprise',
  'salariés',
  'prise en charge',
  'L6332 frais annexes',
  'apprenti',
  'handicap',
  'certification professionnelle',
  'France compétences',
];

function quantile(valeurs: number[], q: number): number {
  if (valeurs.length === 0) return 0;
  const t = [...valeurs].sort((a, b) => a - b);
  return t[Math.min(t.length - 1, Math.ceil(q * t.length) - 1)] ?? 0;
}
const arrondi = (x: number) => Math.round(x * 10) / 10;
const resume = (v: number[]) => ({
  n: v.length,
  p50Ms: arrondi(quantile(v, 0.5)),
  p95Ms: arrondi(quantile(v, 0.95)),
  maxMs: arrondi(Math.max(0, ...v)),
});

/** Luhn-valid 14-digit SIRET (mostly unknown to the demo sample: each still goes through the index). */
export function siretsAleatoires(n: number): string[] {
  const r: string[] = [];
  let graine = 42;
  const alea = () => {
    graine = (graine * 1_103_515_245 + 12_345) & 0x7fffffff;
    return graine;
  };
  for (let i = 0; i < n; i++) {
    const chiffres = Array.from({ length: 13 }, () => alea() % 10);
    let somme = 0;
    for (let k = 0; k < 13; k++) {
      let d = chiffres[12 - k] ?? 0;
      if (k % 2 === 0) d *= 2;
      somme += d > 9 ? d - 9 : d;
    }
    chiffres.push((10 - (somme % 10)) % 10);
    r.push(chiffres.join(''));
  }
  return r;
}

interface Boucle {
  maxMs: number;
  p99Ms: number;
  moyenneMs: number;
  mesures: number;
  processeurMaxEntreTopsMs: number;
}

export async function benchRechercheTextes(
  o: OptionsBenchTextes,
): Promise<Record<string, unknown>> {
  const { racine } = o;
  const boucle = async (): Promise<Boucle> =>
    (await (await fetch(`${racine}/interne/boucle`)).json()) as Boucle;
  const remettreBoucle = async () => {
    await fetch(`${racine}/interne/boucle`, { method: 'DELETE' });
  };
  const chercher = async (q: string) => {
    const t0 = performance.now();
    const r = await fetch(`${racine}/api/v1/textes?q=${encodeURIComponent(q)}&limite=50`);
    const corps = (await r.json()) as { total?: number };
    if (r.status !== 200) throw new Error(`recherche « ${q} » : ${r.status}`);
    return { ms: performance.now() - t0, total: corps.total ?? 0 };
  };

  // The first rattachement request (a valid SIRET: an invalid one is refused before the finder is
  // reached), measured apart; `opco serve` loads the SIRO index before listening.
  const p0 = performance.now();
  const premier = await fetch(`${racine}/api/v1/rattachement?siret=73282932000074`);
  await premier.arrayBuffer();
  if (premier.status !== 200) throw new Error(`premier rattachement : ${premier.status}`);
  const premierRattachementMs = Math.round(performance.now() - p0);
  // Warm-up, and what each query finds.
  const trouves: Record<string, number> = {};
  for (const q of requetes) trouves[q] = (await chercher(q)).total;
  o.journal(`résultats par requête : ${JSON.stringify(trouves)}`);

  // The machine's own noise: the server's loop delay while it does nothing for 2 s.
  await remettreBoucle();
  await new Promise((ok) => setTimeout(ok, 2000));
  const auRepos = await boucle();
  o.journal(`boucle du serveur au repos : ${JSON.stringify(auRepos)}`);

  // Each query `tours` times in a row: the server's processor time per query (ticks of 10 ms,
  // hence the repetitions), whatever the machine's load does to the wall time.
  await remettreBoucle();
  const cpu0 = tempsProcesseurMs(o.pid);
  const seules: number[] = [];
  const processeurParRequete: Record<string, number> = {};
  for (const q of requetes) {
    const c0 = tempsProcesseurMs(o.pid);
    for (let t = 0; t < o.tours; t++) seules.push((await chercher(q)).ms);
    processeurParRequete[q] = arrondi((tempsProcesseurMs(o.pid) - c0) / o.tours);
  }
  const cpuParRecherche = (tempsProcesseurMs(o.pid) - cpu0) / seules.length;
  const rechercheSeule = {
    ...resume(seules),
    processeurServeurMoyenMs: arrondi(cpuParRecherche),
    processeurServeurMaxParRequeteMs: Math.max(...Object.values(processeurParRequete)),
    processeurParRequete,
    boucle: await boucle(),
  };
  o.journal(`recherche seule : ${JSON.stringify(rechercheSeule)}`);

  let pendantLot: Record<string, unknown> | null = null;
  if (o.tailleLot > 0) {
    const corpsLot = Buffer.from(`siret\n${siretsAleatoires(o.tailleLot).join('\n')}\n`);
    const sante: number[] = [];
    const recherches: number[] = [];
    let fini = false;
    await remettreBoucle();
    const cpuLot0 = tempsProcesseurMs(o.pid);
    const t0 = performance.now();
    const lot = (async () => {
      const r = await fetch(`${racine}/api/v1/rattachement/lot`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: corpsLot,
      });
      let octets = 0;
      let lignes = 0;
      if (!r.body) throw new Error('lot : pas de corps');
      const lecteur = r.body.getReader();
      for (;;) {
        const { done, value: morceau } = await lecteur.read();
        if (done) break;
        octets += morceau.length;
        let i = -1;
        while ((i = morceau.indexOf(10, i + 1)) >= 0) lignes++;
      }
      if (r.status !== 200) throw new Error(`lot : ${r.status}`);
      return { statut: r.status, octetsRecus: octets, lignesRecues: lignes };
    })().finally(() => {
      fini = true;
    });
    const sonde = (async () => {
      while (!fini) {
        const s0 = performance.now();
        await (await fetch(`${racine}/health`)).arrayBuffer();
        sante.push(performance.now() - s0);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    })();
    const chercheur = (async () => {
      let i = 0;
      while (!fini) recherches.push((await chercher(requetes[i++ % requetes.length] ?? '')).ms);
    })();
    const resultatLot = await lot;
    const dureeLotMs = Math.round(performance.now() - t0);
    await Promise.all([sonde, chercheur]);
    pendantLot = {
      lot: {
        lignesEnvoyees: o.tailleLot,
        octetsEnvoyes: corpsLot.length,
        ...resultatLot,
        ms: dureeLotMs,
        processeurServeurMs: tempsProcesseurMs(o.pid) - cpuLot0,
      },
      recherche: resume(recherches),
      health: resume(sante),
      boucle: await boucle(),
    };
    o.journal(`pendant le lot : ${JSON.stringify(pendantLot)}`);
  }
  const boucleMaxMs = Math.max(
    rechercheSeule.boucle.maxMs,
    (pendantLot?.boucle as Boucle | undefined)?.maxMs ?? 0,
  );
  const processeurMaxMs = Math.max(
    rechercheSeule.boucle.processeurMaxEntreTopsMs,
    (pendantLot?.boucle as Boucle | undefined)?.processeurMaxEntreTopsMs ?? 0,
  );
  return {
    requetes,
    trouves,
    premierRattachementMs,
    boucleAuRepos: auRepos,
    rechercheSeule,
    pendantLot,
    objectifs: { rechercheP95Ms: 20, boucleMaxMs: 50 },
    atteints: {
      rechercheP95: rechercheSeule.p95Ms <= 20,
      rechercheProcesseurMoyen: rechercheSeule.processeurServeurMoyenMs <= 20,
      rechercheProcesseurPireRequete: rechercheSeule.processeurServeurMaxParRequeteMs <= 20,
      boucle: boucleMaxMs <= 50,
      boucleEnTempsProcesseur: processeurMaxMs <= 50,
    },
  };
}
