// Builds the precompiled CLI: src/cli/entree.ts bundled by esbuild into dist/cli/ (ES modules, one
// chunk per lazily imported command module), so that `opco` starts without compiling TypeScript.
//   node scripts/construire-cli.mjs   (run by postinstall; `npm run build:cli`)
// Most packages of node_modules stay outside the bundle (see PAQUETS_INCLUS). bin/opco.mjs uses
// the bundle only when it is fresh: dist/cli/manifeste.json lists every file bundled (sources and
// bundled packages) with its size and modification time.
// Paths computed from `import.meta` in the sources (droit/, donnees/, the repository root) are
// rewritten to point to the original source file, so that they mean the same in the bundle.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// OPCO_CLI_SORTIE: another folder (tests/cli/paquet.test.ts builds one of its own).
const sortie = process.env.OPCO_CLI_SORTIE
  ? path.resolve(process.env.OPCO_CLI_SORTIE)
  : path.join(racine, 'dist', 'cli');

/** esbuild comes with tsx (a dependency); without it, the CLI simply runs through tsx. */
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('construire-cli : esbuild absent, la CLI reste exécutée par tsx.');
  process.exit(0);
}

/**
 * Pure JavaScript packages read by every command, bundled: Node would otherwise resolve and
 * compile their hundreds of files one by one (kysely, zod) at each start. Every other package
 * stays in node_modules (PGlite reads its WebAssembly next to its module, Fastify's plugins
 * their files; the server and the importers do not need to start in a blink).
 */
const PAQUETS_INCLUS = new Set(['zod', 'kysely', 'commander', 'yaml']);
const paquetsExternes = {
  name: 'paquets-externes',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const nom = args.path.startsWith('@')
        ? args.path.split('/').slice(0, 2).join('/')
        : args.path.split('/')[0];
      return PAQUETS_INCLUS.has(nom) ? undefined : { path: args.path, external: true };
    });
  },
};

/** Rewrites import.meta.dirname / import.meta.url of a source file relative to the chunk's URL. */
const cheminsSources = {
  name: 'chemins-sources',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(path.join(racine, 'src') + path.sep)) return undefined;
      let texte = readFileSync(args.path, 'utf8');
      if (texte.includes('import.meta.dirname') || texte.includes('import.meta.url')) {
        // Every chunk is written at the top of dist/cli/.
        const versFichier = path.relative(sortie, args.path).split(path.sep).join('/');
        const versDossier = path
          .relative(sortie, path.dirname(args.path))
          .split(path.sep)
          .join('/');
        texte =
          `import { fileURLToPath as __opcoCheminDe } from 'node:url';\n` +
          texte
            .replaceAll(
              'import.meta.url',
              `new URL(${JSON.stringify(versFichier)}, __OPCO_URL__).href`,
            )
            .replaceAll(
              'import.meta.dirname',
              `__opcoCheminDe(new URL(${JSON.stringify(`${versDossier}/`)}, __OPCO_URL__)).replace(/[\\\\/]$/, '')`,
            )
            .replaceAll('__OPCO_URL__', 'import.meta.url');
      }
      return { contents: texte, loader: 'ts' };
    });
  },
};

const provisoire = `${sortie}.${process.pid}.tmp`;
rmSync(provisoire, { recursive: true, force: true });
const debut = Date.now();
const r = await esbuild.build({
  absWorkingDir: racine,
  entryPoints: { main: 'src/cli/entree.ts' },
  outdir: provisoire,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  // The CommonJS packages bundled (commander, yaml) require Node's modules.
  banner: {
    js: "import { createRequire as __opcoCreerRequire } from 'node:module'; const require = __opcoCreerRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
  plugins: [paquetsExternes, cheminsSources],
});
const sources = Object.keys(r.metafile.inputs)
  .filter((f) => !f.includes(':'))
  .sort()
  .map((f) => {
    const s = statSync(path.join(racine, f));
    return { fichier: f, taille: s.size, modifie: s.mtimeMs };
  });
writeFileSync(
  path.join(provisoire, 'manifeste.json'),
  `${JSON.stringify({ construit: new Date().toISOString(), node: process.version, sources }, null, 1)}\n`,
);
writeFileSync(path.join(provisoire, 'package.json'), '{ "type": "module" }\n');
// Replace the previous bundle in one step for a reader (bin/opco.mjs falls back to tsx meanwhile).
mkdirSync(path.dirname(sortie), { recursive: true });
rmSync(sortie, { recursive: true, force: true });
renameSync(provisoire, sortie);
console.warn(
  `construire-cli : ${sources.length} fichiers sources → ${path.relative(racine, sortie)} en ${Date.now() - debut} ms`,
);
