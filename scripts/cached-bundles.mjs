// The CommonJS bundles `miros run` loads with their V8 code caches (bin/cached-bundle.cjs), in two
// parts (issue 4: a static hello world under 150 ms):
//
// - the core bundle (dist/cached/miros-<hash>.cjs): the CLI, ELF reader, decoder, CPU, JIT, memory,
//   kernel and static loader, everything src/cli/main.ts reaches except the linking side;
// - the linking bundle (dist/cached/miros-linking-<hash>.cjs): the dynamic linker and Miros libc,
//   which src/cli/dynamic-linking.ts and src/cli/ldd.ts bring in. The core loads it the first time
//   one of those two is imported (a program with PT_INTERP, `ldd`), so a static program never reads,
//   deserialises or evaluates it: it was about half of one bundle's 2.27 MB and a quarter of its
//   code cache, and reading costs page faults (10-50 us each on this VM).
//
// One copy of each module: the linking bundle holds no core module. Each core module that a
// linking-side module imports is replaced there by a stand-in that takes its exports from the core's
// instance, which the core hands over in a registry of module namespaces when it loads the linking
// bundle (the sixth parameter of the bundle function, `__mirosCoreModules`). The stand-in re-declares
// only what is compile-time constant in the core module's source, so that esbuild still inlines it
// as it did in one bundle: its TypeScript enums (values taken by evaluating the declaration) and its
// `export const NAME = <number or string literal>` lines. Everything else is the core's binding,
// read once when the linking bundle starts; a core module that exports a `let` or `var` (a binding
// that could change afterwards) stops the build.
//
// V8 takes a code cache only under the flags it was made with: both caches are made under bin/miros's
// flags (scripts/train-code-cache.mjs), which are V8's flags when a program with PT_INTERP starts. A
// linking bundle loaded later in a run (a static program's execve of a dynamic one after the JIT has
// raised its inlining budget) is compiled from its source instead: slower, the same result.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build, transform } from 'esbuild';

/** The modules the core imports from the linking bundle (paths from the repository root). */
const LINKING_ENTRIES = ['src/cli/dynamic-linking.ts', 'src/cli/ldd.ts'];

/** The name of the bundle function's parameter that carries the core's module registry. */
export const CORE_MODULES_PARAMETER = '__mirosCoreModules';

// As the single bundle was: whitespace and syntax minified (a third less text to read at start-up;
// names are kept, so stack traces still read), ASCII only (bin/cached-bundle.cjs reads it as latin1).
const bundleOptions = {
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
};

/** The module graph (metafile inputs) and outputs of bundling `entryPoints` as ES modules. */
async function analyse(repo, entryPoints, plugins = []) {
  const result = await build({
    absWorkingDir: repo,
    entryPoints,
    outdir: join(repo, 'dist', 'analysis'), // not written: only the metafile is kept
    outbase: repo,
    entryNames: '[dir]/[name]',
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    metafile: true,
    logLevel: 'error',
    plugins,
  });
  return result.metafile;
}

/** A plugin resolving imports of the repository's files that `replace` names to a module of its own. */
function replaceModules(repo, replace, namespace, load) {
  return {
    name: namespace,
    setup(builder) {
      builder.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace !== 'file' || args.resolveDir === '') return undefined;
        const path = relative(repo, resolve(args.resolveDir, args.path));
        return replace.has(path) ? { path, namespace } : undefined;
      });
      builder.onLoad({ filter: /.*/, namespace }, (args) => ({
        contents: load(args.path),
        loader: 'ts',
        resolveDir: repo,
      }));
    },
  };
}

/** The exports of each entry point of `metafile`, by entry path. */
function exportsByEntry(metafile) {
  const exports = new Map();
  for (const output of Object.values(metafile.outputs)) {
    if (output.entryPoint !== undefined) exports.set(output.entryPoint, output.exports);
  }
  return exports;
}

/**
 * The enums a module declares at top level (`export enum` / `export const enum`), each with its
 * members' values: the declaration is compiled alone and evaluated, so a member defined through
 * anything outside the enum fails here, loudly.
 */
async function declaredEnums(path, source) {
  const enums = new Map();
  for (const match of source.matchAll(/^export (?:const )?enum ([A-Za-z_$][\w$]*) \{/gm)) {
    const name = match[1];
    const open = match.index + match[0].length - 1;
    const close = source.indexOf('\n}', open);
    if (close < 0) throw new Error(`${path}: enum ${name} has no closing brace at the start of a line`);
    const declaration = `enum ${name} ${source.slice(open, close + 2)}`;
    const { code } = await transform(declaration, { loader: 'ts' });
    let values;
    try {
      values = runInNewContext(`${code};${name}`);
    } catch (error) {
      throw new Error(`${path}: enum ${name} does not evaluate alone (${error.message})`);
    }
    // A numeric member also maps its value back to its name ("0": "RAX"): those keys are not members.
    const members = Object.keys(values).filter(
      (key) => !(typeof values[key] === 'string' && values[values[key]] === Number(key) && /^-?\d/.test(key)),
    );
    enums.set(
      name,
      members.map((key) => [key, values[key]]),
    );
  }
  return enums;
}

/** `export const NAME = literal` lines of a module: constants esbuild may inline. */
function literalConstants(source) {
  const constants = new Map();
  const literal =
    /^export const ([A-Za-z_$][\w$]*)(?:: [\w$]+)? = (-?(?:0[xXbBoO][\da-fA-F_]+|\d[\d_]*)|'[^'\\\n]*');/gm;
  for (const match of source.matchAll(literal)) constants.set(match[1], match[2]);
  return constants;
}

/** The stand-in of core module `path` in the linking bundle (see the top of this file). */
async function coreStandIn(repo, path, exportNames) {
  const source = readFileSync(join(repo, path), 'utf8');
  if (/^export (?:let|var) /m.test(source)) {
    throw new Error(`${path} exports a let/var binding, which the linking bundle would read only once`);
  }
  if (exportNames.includes('default')) throw new Error(`${path}: a default export is not handled`);
  const enums = await declaredEnums(path, source);
  const constants = literalConstants(source);
  const lines = [`const core = ${CORE_MODULES_PARAMETER}[${JSON.stringify(path)}];`];
  for (const [name, members] of enums) {
    const body = members.map(([key, value]) => `${JSON.stringify(key)} = ${JSON.stringify(value)}`).join(', ');
    lines.push(`export const enum ${name} { ${body} }`);
  }
  for (const [name, value] of constants) lines.push(`export const ${name} = ${value};`);
  const taken = exportNames.filter((name) => !enums.has(name) && !constants.has(name));
  if (taken.length > 0) lines.push(`export const { ${taken.join(', ')} } = core;`);
  return lines.join('\n');
}

/** Wraps a CommonJS bundle into the one function expression bin/cached-bundle.cjs compiles. */
function bundleFunction(text) {
  return `(function (exports, require, module, __filename, __dirname, ${CORE_MODULES_PARAMETER}) {"use strict";${text}\n})`;
}

/**
 * Builds both bundles' texts. `linkingName(text)` names the linking bundle's file (the core names
 * it when it loads it, from its own directory).
 */
export async function buildCachedBundles(repo, linkingName) {
  const linkingEntries = new Set(LINKING_ENTRIES);
  // 1. The core's modules: the graph of main.ts with the linking entries cut off.
  const coreGraph = await analyse(
    repo,
    ['src/cli/main.ts'],
    [replaceModules(repo, linkingEntries, 'linking-entry', () => '')],
  );
  const core = new Set(Object.keys(coreGraph.inputs));
  // 2. The linking side, and the core modules it imports directly (the registry).
  const linkingGraph = await analyse(repo, LINKING_ENTRIES);
  const shared = new Set();
  for (const [path, input] of Object.entries(linkingGraph.inputs)) {
    if (core.has(path)) continue;
    for (const imported of input.imports) if (core.has(imported.path)) shared.add(imported.path);
  }
  const registry = [...shared].sort();
  const entryExports = exportsByEntry(linkingGraph);
  const sharedExports = exportsByEntry(await analyse(repo, registry));
  // 3. The linking bundle: its entries' exports, core modules replaced by stand-ins.
  const standIns = new Map();
  for (const path of registry) standIns.set(path, await coreStandIn(repo, path, sharedExports.get(path)));
  const linking = await build({
    ...bundleOptions,
    absWorkingDir: repo,
    stdin: {
      contents: LINKING_ENTRIES.map((path) => `export * from './${path}';`).join('\n'),
      resolveDir: repo,
      sourcefile: 'linking-bundle.ts',
      loader: 'ts',
    },
    plugins: [replaceModules(repo, shared, 'core-module', (path) => standIns.get(path))],
  });
  const linkingText = bundleFunction(linking.outputFiles[0].text);
  const linkingFile = linkingName(linkingText);
  // 4. The core bundle: each linking entry is a module taking its exports from the linking bundle,
  // loaded once, with the registry of the core modules it uses.
  const loader = [
    ...registry.map((path, i) => `import * as module${i} from './${path}';`),
    `const coreModules = { ${registry.map((path, i) => `${JSON.stringify(path)}: module${i}`).join(', ')} };`,
    'let linking;',
    "/** The linking bundle's exports; it is loaded (with its code cache) on the first call. */",
    'export function linkingBundle() {',
    '  if (linking === undefined) {',
    "    const bundles = require('../../bin/cached-bundle.cjs');",
    `    const path = __dirname + '/' + ${JSON.stringify(linkingFile)};`,
    '    linking = bundles.runBundle(bundles.compileBundle(path), coreModules).exports;',
    '  }',
    '  return linking;',
    '}',
  ].join('\n');
  const linkingLoader = {
    name: 'linking-loader',
    setup(builder) {
      builder.onResolve({ filter: /^miros:linking-loader$/ }, () => ({
        path: 'linking-loader',
        namespace: 'linking-loader',
      }));
      builder.onLoad({ filter: /.*/, namespace: 'linking-loader' }, () => ({
        contents: loader,
        loader: 'ts',
        resolveDir: repo,
      }));
      // bin/cached-bundle.cjs is the module that loaded the core: required at run time, not bundled.
      builder.onResolve({ filter: /^\.\.\/\.\.\/bin\/cached-bundle\.cjs$/ }, (args) => ({
        path: args.path,
        external: true,
      }));
    },
  };
  const entryStandIn = (path) => {
    const names = entryExports.get(path);
    return `import { linkingBundle } from 'miros:linking-loader';\nexport const { ${names.join(', ')} } = linkingBundle();`;
  };
  const coreBuild = await build({
    ...bundleOptions,
    absWorkingDir: repo,
    entryPoints: ['src/cli/main.ts'],
    plugins: [replaceModules(repo, linkingEntries, 'linking-entry', entryStandIn), linkingLoader],
  });
  return { coreText: bundleFunction(coreBuild.outputFiles[0].text), linkingText, linkingFile, registry };
}
