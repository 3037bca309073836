import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The mail port: the platform sends its mails through this interface only. */
export interface Courrier {
  envoyer(c: { a: string; sujet: string; texte: string }): Promise<void>;
}

/**
 * Development adapter: each mail is a text file in a folder (default .opco/courriels),
 * listed by `opco comptes courriels`. A production deployment plugs an SMTP adapter here.
 */
export function courrierDossier(dossier: string): Courrier {
  return {
    async envoyer(c) {
      mkdirSync(dossier, { recursive: true });
      const horodatage = new Date().toISOString().replace(/[:.]/g, '-');
      const nom = `${horodatage}-${c.a.replace(/[^a-z0-9@._-]/gi, '_')}-${crypto.randomUUID().slice(0, 8)}.txt`;
      writeFileSync(
        path.join(dossier, nom),
        `À : ${c.a}\nSujet : ${c.sujet}\nDate : ${new Date().toISOString()}\n\n${c.texte}\n`,
        { mode: 0o600 },
      );
    },
  };
}

export interface CourrielLu {
  fichier: string;
  a: string;
  sujet: string;
  texte: string;
}

/** The mails of the development folder, oldest first. */
export function lireCourriels(dossier: string): CourrielLu[] {
  let fichiers: string[];
  try {
    fichiers = readdirSync(dossier).filter((f) => f.endsWith('.txt'));
  } catch {
    return [];
  }
  return fichiers.sort().map((f) => {
    const contenu = readFileSync(path.join(dossier, f), 'utf8');
    const a = /^À : (.*)$/m.exec(contenu)?.[1] ?? '';
    const sujet = /^Sujet : (.*)$/m.exec(contenu)?.[1] ?? '';
    return { fichier: f, a, sujet, texte: contenu };
  });
}
