// ESLint plugin `layers`, one rule: `layers/allowed-imports`, the architecture's import rules as an
// allow-list (docs/architecture.md, "Import rules"). The table of layers lives in eslint.config.js;
// this file is only the mechanism.
//
// Why a local rule and not eslint-plugin-boundaries: boundaries needs an import resolver to map our
// `./events.js` specifiers onto `events.ts` files (eslint-import-resolver-typescript, with a native
// resolver binary); without it, relative imports are "unknown" and pass unchecked. We only need the
// folder an import points into, which `path.resolve` gives without resolving files, and an exact list
// of packages per layer. That fits in the code below.
//
// Options: `{ root, layers }`.
// - `root`: the source folder, relative to ESLint's cwd (`src`).
// - `layers`: folder (relative to root, `/`-separated) → `{ layers, packages }`. A file belongs to
//   the layer of the longest folder that contains it (`providers/sip` before `providers`). It may
//   import its own layer, any layer named in `layers` (a name also covers its sub-layers: `providers`
//   is every `providers/*`), and the packages in `packages`: exact specifiers (`preact/hooks`), `x/*`
//   for any subpath of `x`, `node:*` for any Node built-in. Built-ins are matched as `node:<name>`
//   whether or not the source wrote the prefix.
//
// Every import form counts, type-only ones too: `import`, `import type`, `export … from`, `import()`
// with a literal, `import('x').T` in types, `import x = require('x')` and `require('x')`. An `import()`
// of a computed specifier (config/load-config.ts loading the user's config file) cannot be checked and
// is skipped. A file under root in no layer is reported, so a new folder needs a row in the table.
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules);

/** `a/b` with `/` separators, whatever the platform. */
const posix = (file) => file.split(path.sep).join('/');

/** The layer (a key of `layers`) holding `relative` (a path under root), or undefined. */
function layerOf(relative, layers) {
  let best;
  for (const folder of Object.keys(layers)) {
    if ((relative === folder || relative.startsWith(`${folder}/`)) && (best === undefined || folder.length > best.length)) best = folder;
  }
  return best;
}

/** Whether an entry of a layer's `layers` list admits `target` (itself or one of its sub-layers). */
const coversLayer = (entry, target) => target === entry || target.startsWith(`${entry}/`);

/** Whether an entry of a layer's `packages` list admits the (built-in normalised) specifier. */
function coversPackage(entry, specifier) {
  if (entry === specifier) return true;
  if (entry.endsWith('/*')) return specifier.startsWith(entry.slice(0, -1));
  if (entry === 'node:*') return specifier.startsWith('node:');
  return false;
}

/** `node:fs` for `fs` and `node:fs`; any other specifier unchanged. */
function normalisePackage(specifier) {
  if (specifier.startsWith('node:')) return specifier;
  return BUILTINS.has(specifier) ? `node:${specifier}` : specifier;
}

/** The string of a literal or of a template literal without expressions, else undefined. */
function staticString(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === 'TSLiteralType') return staticString(node.literal);
  return undefined;
}

/** What a layer may import, for messages: `core, libphonenumber-js/core`. */
function describeAllowed(layer, rule) {
  const all = [layer, ...rule.layers.filter((entry) => entry !== layer), ...rule.packages];
  return all.join(', ');
}

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer of src/ imports only the layers and packages its row of the table allows.' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['root', 'layers'],
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['layers', 'packages'],
              properties: {
                layers: { type: 'array', items: { type: 'string' } },
                packages: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
    ],
    messages: {
      forbidden: '{{layer}} may not import "{{specifier}}" ({{what}}). {{layer}} may import only: {{allowed}}. See docs/architecture.md, "Import rules".',
      noLayer: '{{file}} is in no layer of the import rules: add its folder to the layer table in eslint.config.js (and docs/architecture.md).',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const rootDir = path.resolve(context.cwd, root);
    const file = path.resolve(context.cwd, context.filename);
    const relative = posix(path.relative(rootDir, file));
    if (relative.startsWith('..') || path.isAbsolute(relative)) return {};
    const layer = layerOf(relative, layers);
    if (layer === undefined) {
      return {
        Program(node) {
          context.report({ node, messageId: 'noLayer', data: { file: `${root}/${relative}` } });
        },
      };
    }
    const rule = layers[layer];

    /** Checks one specifier; `node` is where to report. */
    function check(node, specifier) {
      if (specifier === undefined) return;
      let what;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = posix(path.relative(rootDir, path.resolve(path.dirname(file), specifier)));
        const targetLayer = target.startsWith('..') || path.isAbsolute(target) ? undefined : layerOf(target, layers);
        if (targetLayer === layer || (targetLayer !== undefined && rule.layers.some((entry) => coversLayer(entry, targetLayer)))) return;
        what = targetLayer === undefined ? `outside the layers of ${root}/` : `layer ${targetLayer}`;
      } else {
        const name = normalisePackage(specifier);
        if (rule.packages.some((entry) => coversPackage(entry, name))) return;
        what = name.startsWith('node:') ? 'a Node built-in' : 'a package';
      }
      context.report({ node, messageId: 'forbidden', data: { layer, specifier, what, allowed: describeAllowed(layer, rule) } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, staticString(node.source)),
      // `import('x').T` in a type: `argument` since typescript-eslint 6, `parameter` before.
      TSImportType: (node) => check(node, staticString(node.argument ?? node.parameter)),
      TSExternalModuleReference: (node) => check(node.expression, staticString(node.expression)),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0] ?? node, staticString(node.arguments[0]));
      },
    };
  },
};

/** The plugin: register as `plugins: { layers }` and enable `layers/allowed-imports`. */
export default { meta: { name: 'layers' }, rules: { 'allowed-imports': allowedImports } };
