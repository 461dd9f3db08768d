// The CommonJS bundles `miros run` loads with their V8 code caches (bin/cached-bundle.cjs), in two
// parts (issue 4: a static hello world under 150 ms):
//
// - the core bundle (dist/cached/miros-<hash>.cjs): the CLI, ELF reader, decoder, CPU, JIT, memory,
//   kernel and static loader, everything src/cli/main.ts reaches except the on-demand side;
// - the on-demand bundle (dist/cached/miros-on-demand-<hash>.cjs): what a static program never
//   needs: the dynamic linker and Miros libc, which src/cli/dynamic-linking.ts brings in, and the
//   commands other than `run` (ldd, readelf, objdump, explain; bin/miros runs those from
//   dist/miros.mjs, but the core's main dispatches to them too). The core loads it the first time
//   one of those modules is imported (a program with PT_INTERP), so a static program never reads,
//   deserialises or evaluates it: it was about half of one bundle's 2.27 MB and a quarter of its
//   code cache, and reading costs page faults (10-50 us each on this VM).
//
// One copy of each module: the on-demand bundle holds no core module. Each core module that a module
// of the on-demand side imports is replaced there by a stand-in that takes its exports from the
// core's instance, which the core hands over in a registry of each module's exports, made when it
// loads the on-demand bundle (the sixth parameter of the bundle function, `__mirosCoreModules`). The
// stand-in re-declares only what is compile-time constant in the core module's source, so that
// esbuild still inlines it as it did in one bundle: its TypeScript enums (values taken by
// evaluating the declaration; a value use such as `Errno[n]` gets an object of the same members,
// an enum holds no state) and its `export const NAME = <number or string literal>` lines.
// Everything else is the core's binding, read once when the on-demand bundle starts; a core module
// that exports a `let` or `var` (a binding that could change afterwards) is instead a CommonJS
// module whose exports are the registry's getters of the core's bindings, read at each use.
//
// V8 takes a code cache only under the flags it was made with: both caches are made under bin/miros's
// flags (scripts/train-code-cache.mjs), which are V8's flags when a program with PT_INTERP starts. An
// on-demand bundle loaded later in a run (a static program's execve of a dynamic one after the JIT has
// raised its inlining budget) is compiled from its source instead: slower, the same result.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build, transform } from 'esbuild';

/** The modules the core imports from the on-demand bundle (paths from the repository root). */
const ON_DEMAND_ENTRIES = [
  'src/cli/dynamic-linking.ts',
  'src/cli/ldd.ts',
  'src/cli/readelf.ts',
  'src/cli/objdump.ts',
  'src/cli/explain.ts',
];

/** The name of the bundle function's parameter that carries the core's module registry. */
export const CORE_MODULES_PARAMETER = '__mirosCoreModules';

// Whitespace, syntax and identifiers minified: the core bundle is 0.78 MB instead of 1.03 MB, and
// every `miros run` reads it, makes it a string and deserialises its cache (a static glibc hello
// world: 102 page faults and 4.1 M host instructions fewer, ~2.5 ms). Function names are minified
// too, so a stack trace of Miros's own error (MIROS_DEBUG=stack) names them as the bundle does;
// `MIROS_CODE_CACHE=off` runs dist/miros.mjs, unminified with source maps, for readable ones. A
// function whose name matters (the --turbo-filter=-jitSource of src/host/optimisation-budget.ts) is a method: property names
// are kept. ASCII only (bin/cached-bundle.cjs reads the text as latin1).
const bundleOptions = {
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
};

/**
 * Node's built-in modules, each through one module of the bundle that re-exports it. In a CommonJS
 * bundle esbuild turns every `import * as fs from 'node:fs'` into a copy of the module's exports
 * (`__toESM`: a getter defined per export, some 100 for node:fs): 17 such imports made 17 copies at
 * each start, 3.5% of a static glibc hello world's profile. Through this module there is one copy
 * per built-in (getters still, so lazy exports such as fs.promises stay lazy).
 */
const builtinModules = {
  name: 'builtin-modules',
  setup(builder) {
    builder.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'builtin-module'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'builtin-module' },
    );
    builder.onLoad({ filter: /.*/, namespace: 'builtin-module' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
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
      builder.onLoad({ filter: /.*/, namespace }, (args) => {
        const loaded = load(args.path);
        return typeof loaded === 'string'
          ? { contents: loaded, loader: 'ts', resolveDir: repo }
          : { ...loaded, resolveDir: repo };
      });
    },
  };
}

/**
 * In the core bundle, each dynamic `import()` of a core module becomes a static import, and each of an
 * on-demand entry a call of the on-demand loader. Why: esbuild defers the evaluation of a module that
 * is the target of an `import()` (and of everything it imports) behind an init function per module,
 * called at each import edge: `import('./run.ts')` in src/cli/commands.ts wrapped 201 of the core's
 * modules. Without them a static glibc hello world makes ~70 page faults fewer (4,825 -> 4,755) and
 * the code cache is 50 KB smaller (1.07 -> 1.02 MB).
 */
function staticDynamicImports(repo, onDemandEntries) {
  return {
    name: 'static-dynamic-imports',
    setup(builder) {
      builder.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import(')) return undefined;
        const added = [];
        const rewritten = text.replace(/\bimport\((['"])(\.\.?\/[^'"]+)\1\)/g, (_, _quote, specifier) => {
          const path = relative(repo, resolve(dirname(args.path), specifier));
          if (onDemandEntries.has(path)) {
            added.push("import { onDemandBundle as __mirosOnDemandBundle } from 'miros:on-demand-loader';");
            return 'Promise.resolve().then(__mirosOnDemandBundle)';
          }
          const name = `__mirosStatic${added.length}`;
          added.push(`import * as ${name} from ${JSON.stringify(specifier)};`);
          return `Promise.resolve(${name})`;
        });
        return { contents: [...new Set(added), rewritten].join('\n'), loader: 'ts' };
      });
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

/**
 * Whether module `path` exports a binding that may change after it has run (`export let` or `var`,
 * or a top-level `let`/`var` named in its exports), itself or through the modules it re-exports.
 */
function exportsMutableBinding(repo, path, exportNames, seen = new Set()) {
  if (seen.has(path)) return false;
  seen.add(path);
  const source = readFileSync(join(repo, path), 'utf8');
  if (/^export (?:let|var) /m.test(source)) return true;
  for (const match of source.matchAll(/^(?:let|var) ([A-Za-z_$][\w$]*)/gm)) {
    if (exportNames.includes(match[1])) return true;
  }
  for (const match of source.matchAll(/^export (?:\*|\{[^}]*\}) from '(\.{1,2}\/[^']+)'/gm)) {
    const target = relative(repo, resolve(repo, dirname(path), match[1]));
    if (exportsMutableBinding(repo, target, exportNames, seen)) return true;
  }
  return false;
}

/** The stand-in of core module `path` in the on-demand bundle (see the top of this file). */
async function coreStandIn(repo, path, exportNames) {
  if (exportNames.includes('default')) throw new Error(`${path}: a default export is not handled`);
  // A binding that may change is read through the registry's getters at each use: a CommonJS module
  // whose exports are that registry entry (esbuild reads an import of it as a property each time).
  if (exportsMutableBinding(repo, path, exportNames)) {
    return { contents: `module.exports = ${CORE_MODULES_PARAMETER}[${JSON.stringify(path)}];`, loader: 'js' };
  }
  const source = readFileSync(join(repo, path), 'utf8');
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
  return { contents: lines.join('\n'), loader: 'ts' };
}

/** Wraps a CommonJS bundle into the one function expression bin/cached-bundle.cjs compiles. */
function bundleFunction(text) {
  return `(function (exports, require, module, __filename, __dirname, ${CORE_MODULES_PARAMETER}) {"use strict";${text}\n})`;
}

/**
 * Builds both bundles' texts. `onDemandName(text)` names the on-demand bundle's file (the core names
 * it when it loads it, from its own directory).
 */
export async function buildCachedBundles(repo, onDemandName) {
  const onDemandEntries = new Set(ON_DEMAND_ENTRIES);
  // 1. The core's modules: the graph of main.ts with the on-demand entries cut off.
  const coreGraph = await analyse(
    repo,
    ['src/cli/main.ts'],
    [replaceModules(repo, onDemandEntries, 'on-demand-entry', () => '')],
  );
  const core = new Set(Object.keys(coreGraph.inputs));
  // 2. The on-demand side, and the core modules it imports directly (the registry).
  const onDemandGraph = await analyse(repo, ON_DEMAND_ENTRIES);
  const shared = new Set();
  for (const [path, input] of Object.entries(onDemandGraph.inputs)) {
    if (core.has(path)) continue;
    for (const imported of input.imports) if (core.has(imported.path)) shared.add(imported.path);
  }
  const registry = [...shared].sort();
  const entryExports = exportsByEntry(onDemandGraph);
  const sharedExports = exportsByEntry(await analyse(repo, registry));
  // 3. The on-demand bundle: its entries' exports, core modules replaced by stand-ins.
  const standIns = new Map();
  for (const path of registry) standIns.set(path, await coreStandIn(repo, path, sharedExports.get(path)));
  const onDemand = await build({
    ...bundleOptions,
    absWorkingDir: repo,
    stdin: {
      contents: ON_DEMAND_ENTRIES.map((path) => `export * from './${path}';`).join('\n'),
      resolveDir: repo,
      sourcefile: 'on-demand-bundle.ts',
      loader: 'ts',
    },
    plugins: [replaceModules(repo, shared, 'core-module', (path) => standIns.get(path)), builtinModules],
  });
  const onDemandText = bundleFunction(onDemand.outputFiles[0].text);
  const onDemandFile = onDemandName(onDemandText);
  // 4. The core bundle: each on-demand entry is a module taking its exports from the on-demand bundle,
  // loaded once, with the registry of the core modules it uses. The registry is made when the
  // on-demand bundle loads, from named imports: `import * as` would have esbuild build every
  // registry module's namespace object (a getter per export, 534 of them, 334 for src/elf/index.ts)
  // at each start of the core, though a static program never loads the on-demand bundle. A module
  // whose exports may change (exportsMutableBinding: its stand-in reads them at each use) gets getters.
  const registryEntries = [];
  const imports = [];
  for (const [i, path] of registry.entries()) {
    const exported = sharedExports.get(path);
    // An enum is declared again in its module's stand-in (coreStandIn) unless the module has a mutable
    // binding: importing it here would keep its object, built at every start of the core.
    const enums = exportsMutableBinding(repo, path, exported)
      ? new Map()
      : await declaredEnums(path, readFileSync(join(repo, path), 'utf8'));
    const names = exported.filter((name) => !enums.has(name));
    const local = (name) => `core${i}_${name}`;
    imports.push(
      names.length > 0
        ? `import { ${names.map((name) => `${name} as ${local(name)}`).join(', ')} } from './${path}';`
        : `import './${path}';`,
    );
    const mutable = exportsMutableBinding(repo, path, names);
    const members = names.map((name) =>
      mutable ? `get ${name}() { return ${local(name)}; }` : `${name}: ${local(name)}`,
    );
    registryEntries.push(`${JSON.stringify(path)}: { ${members.join(', ')} }`);
  }
  const loader = [
    ...imports,
    'let onDemand;',
    "/** The on-demand bundle's exports; it is loaded (with its code cache) on the first call. */",
    'export function onDemandBundle() {',
    '  if (onDemand === undefined) {',
    `    const coreModules = { ${registryEntries.join(', ')} };`,
    "    const bundles = require('../../bin/cached-bundle.cjs');",
    `    const path = __dirname + '/' + ${JSON.stringify(onDemandFile)};`,
    '    onDemand = bundles.runBundle(bundles.compileBundle(path), coreModules).exports;',
    '  }',
    '  return onDemand;',
    '}',
  ].join('\n');
  const onDemandLoader = {
    name: 'on-demand-loader',
    setup(builder) {
      builder.onResolve({ filter: /^miros:on-demand-loader$/ }, () => ({
        path: 'on-demand-loader',
        namespace: 'on-demand-loader',
      }));
      builder.onLoad({ filter: /.*/, namespace: 'on-demand-loader' }, () => ({
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
    return `import { onDemandBundle } from 'miros:on-demand-loader';\nexport const { ${names.join(', ')} } = onDemandBundle();`;
  };
  const coreBuild = await build({
    ...bundleOptions,
    absWorkingDir: repo,
    entryPoints: ['src/cli/main.ts'],
    plugins: [
      staticDynamicImports(repo, onDemandEntries),
      replaceModules(repo, onDemandEntries, 'on-demand-entry', entryStandIn),
      onDemandLoader,
      builtinModules,
    ],
  });
  return { coreText: bundleFunction(coreBuild.outputFiles[0].text), onDemandText, onDemandFile, registry };
}
