import cliProgress from 'cli-progress';
import type { Progression } from '../partage/progression.ts';

/**
 * A progress bar on stderr when it is a terminal; otherwise a line every 10 % (CI logs).
 */
export function barreProgression(flux: NodeJS.WriteStream = process.stderr): Progression {
  let barre: cliProgress.SingleBar | null = null;
  let total: number | null = null;
  let libelle = '';
  let dernierPalier = -1;
  let fait = 0;
  return {
    debut(l, t) {
      libelle = l;
      total = t;
      fait = 0;
      dernierPalier = -1;
      if (flux.isTTY) {
        barre = new cliProgress.SingleBar(
          {
            format: `${l} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
            stream: flux,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        barre.start(t ?? 0, 0);
      } else {
        flux.write(`${l} : début${t !== null ? ` (${t} éléments)` : ''}\n`);
      }
    },
    avance(n) {
      fait = n;
      if (barre) {
        if (total === null || n > total) barre.setTotal(n);
        barre.update(n);
      } else if (total) {
        const palier = Math.floor((n / total) * 10);
        if (palier > dernierPalier) {
          dernierPalier = palier;
          flux.write(`${libelle} : ${palier * 10} % (${n}/${total})\n`);
        }
      }
    },
    fin(resume) {
      if (barre) {
        barre.update(total ?? fait);
        barre.stop();
        barre = null;
      }
      flux.write(`${libelle} : terminé${resume ? ` — ${resume}` : ''}\n`);
    },
  };
}
