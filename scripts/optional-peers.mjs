// The optional peer dependencies (package.json `peerDependencies`: vendor SDKs, the Twilio server
// library, the Salesforce Voice host library) in the Node builds: dist/cli.js and dist/lib.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/** Names of the optional peer dependencies. */
export const OPTIONAL_PEERS = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).peerDependencies ?? {});

const HELPER = resolve('src/config/optional-dependencies.ts');
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The subpath whose code imports a peer, for the error message (`softphone-connector/providers/sip`). */
function userOf(importer) {
  const path = relative('src', importer).split(/[\\/]/);
  return path[0] === 'providers' ? `softphone-connector/providers/${path[1]}` : `softphone-connector/${path[0]}`;
}

/**
 * esbuild plugin of the library build: a static import of an optional peer (SIP.js by
 * `softphone-connector/providers/sip`) becomes a module that loads it with `import()` as the subpath
 * loads, so a project without it gets `MissingDependencyError` naming `npm install sip.js@…` instead
 * of Node's "Cannot find package". `import()`s written in the sources stay as they are.
 */
export const optionalPeersPlugin = {
  name: 'optional-peers',
  setup(build) {
    const filter = new RegExp(`^(${OPTIONAL_PEERS.map(escape).join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'optional-peer' || args.kind === 'dynamic-import'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'optional-peer', pluginData: { user: userOf(args.importer) } },
    );
    build.onLoad({ filter: /.*/, namespace: 'optional-peer' }, async (args) => {
      // The names the package exports, read from the package itself at build time.
      const names = Object.keys(await import(args.path)).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      const contents = [
        `import { importOptional } from ${JSON.stringify(HELPER)};`,
        `const sdk = await importOptional(${JSON.stringify(args.path)}, ${JSON.stringify(args.pluginData.user)}, () => import(${JSON.stringify(args.path)}));`,
        `export const { ${names.join(', ')} } = sdk;`,
        'export default sdk.default;',
      ].join('\n');
      return { contents, loader: 'js', resolveDir: resolve('.') };
    });
  },
};

/**
 * Fails when a Node output (dist/cli.js, dist/lib) imports an optional peer statically: Node would
 * then need it at start for every provider. `results` are esbuild results with metafiles.
 */
export function assertPeersLoadedLazily(results) {
  const offending = results.flatMap((result) =>
    Object.entries(result.metafile?.outputs ?? {}).flatMap(([file, output]) =>
      output.imports.filter((item) => item.kind !== 'dynamic-import' && OPTIONAL_PEERS.includes(item.path)).map((item) => `${file} imports ${item.path}`),
    ),
  );
  if (offending.length > 0) throw new Error(`optional peer dependencies must be loaded with import() in Node code:\n  ${offending.join('\n  ')}`);
}
