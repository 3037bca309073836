/** RFC 4180 CSV parsing for small reference files (whole text in memory). */

export interface LigneCsv {
  /** 1-based physical line number where the record starts (the header is line 1). */
  numero: number;
  champs: string[];
}

export class ErreurCsv extends Error {
  constructor(
    readonly ligne: number,
    readonly probleme: string,
  ) {
    super(`ligne ${ligne} : ${probleme}`);
    this.name = 'ErreurCsv';
  }
}

export function parserCsv(texte: string, separateur = ','): LigneCsv[] {
  const t = texte.charCodeAt(0) === 0xfeff ? texte.slice(1) : texte;
  const lignes: LigneCsv[] = [];
  let champs: string[] = [];
  let champ = '';
  let guillemets = false;
  let ligne = 1;
  let debut = 1;
  let i = 0;
  const n = t.length;
  const finEnregistrement = () => {
    champs.push(champ);
    if (!(champs.length === 1 && champs[0] === '')) lignes.push({ numero: debut, champs });
    champs = [];
    champ = '';
  };
  while (i < n) {
    const c = t[i];
    if (guillemets) {
      if (c === '"') {
        if (t[i + 1] === '"') {
          champ += '"';
          i += 2;
          continue;
        }
        guillemets = false;
        i++;
        const suivant = t[i];
        if (suivant !== undefined && suivant !== separateur && suivant !== '\n' && suivant !== '\r')
          throw new ErreurCsv(ligne, `caractère « ${suivant} » après un guillemet fermant`);
        continue;
      }
      if (c === '\n') ligne++;
      champ += c;
      i++;
      continue;
    }
    if (c === '"' && champ === '') {
      guillemets = true;
      i++;
    } else if (c === separateur) {
      champs.push(champ);
      champ = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      finEnregistrement();
      i += c === '\r' && t[i + 1] === '\n' ? 2 : 1;
      ligne++;
      debut = ligne;
    } else {
      champ += c;
      i++;
    }
  }
  if (guillemets) throw new ErreurCsv(debut, 'guillemet ouvrant jamais fermé');
  if (champ !== '' || champs.length > 0) finEnregistrement();
  return lignes;
}

/**
 * Parses a CSV with a header row into objects keyed by the header, checking that the
 * expected columns are present and that every record has as many fields as the header.
 */
export function parserCsvAvecEntete(
  texte: string,
  colonnesAttendues: readonly string[],
  separateur = ',',
): { numero: number; valeurs: Record<string, string> }[] {
  const [entete, ...corps] = parserCsv(texte, separateur);
  if (!entete) throw new ErreurCsv(1, 'fichier vide (ligne d’en-tête attendue)');
  const manquantes = colonnesAttendues.filter((c) => !entete.champs.includes(c));
  if (manquantes.length > 0)
    throw new ErreurCsv(1, `colonne(s) absente(s) de l’en-tête : ${manquantes.join(', ')}`);
  return corps.map((l) => {
    if (l.champs.length !== entete.champs.length)
      throw new ErreurCsv(
        l.numero,
        `${l.champs.length} champ(s) au lieu de ${entete.champs.length} attendus par l’en-tête`,
      );
    const valeurs: Record<string, string> = {};
    entete.champs.forEach((nom, k) => {
      valeurs[nom] = l.champs[k] ?? '';
    });
    return { numero: l.numero, valeurs };
  });
}
