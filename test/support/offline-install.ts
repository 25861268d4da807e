/**
 * Installs the packed package into a fresh project offline, from the local npm cache, the way a user
 * installs it (`npm install <tarball> sip.js`), without the network.
 *
 * `npm install --offline <names>` cannot do it after a plain `npm ci`: to pick versions for names it
 * asks for each package's full registry document, and `npm ci` caches only the short one it needs to
 * fetch the tarballs of a lockfile. So the project gets a lockfile instead, cut from this repository's
 * own: the packed package (from the tarball) and, for it and for the peers asked for, every package of
 * our tree that Node would resolve, at the versions we install and test with. `npm ci --offline` then
 * installs exactly that, from the tarballs and documents the cache holds after `.ci/run`'s `npm ci`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One package of a lockfile (`packages["node_modules/…"]`). */
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  peer?: boolean;
  link?: boolean;
  [field: string]: unknown;
}

/** This repository's package.json fields the consumer's lockfile needs. */
interface Manifest {
  name: string;
  version: string;
  license?: string;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where Node finds `name` from the package at `from` (a lockfile path, `''` for the root). */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let at = from; ; at = at.includes('/node_modules/') ? at.slice(0, at.lastIndexOf('/node_modules/')) : '') {
    const candidate = at ? `${at}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!at) return undefined;
  }
}

/** The lockfile paths of `names` and of everything they need, resolved in `packages` from the root. */
function closure(packages: Record<string, LockEntry>, names: readonly string[]): Set<string> {
  const found = new Set<string>();
  const queue: { from: string; name: string; optional: boolean }[] = names.map((name) => ({ from: '', name, optional: false }));
  while (queue.length > 0) {
    const { from, name, optional } = queue.shift()!;
    const path = resolveIn(packages, from, name);
    if (!path) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || 'the project'}) is not in package-lock.json`);
    }
    if (found.has(path)) continue;
    found.add(path);
    const entry = packages[path]!;
    for (const dep of Object.keys(entry.dependencies ?? {})) queue.push({ from: path, name: dep, optional: false });
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) queue.push({ from: path, name: dep, optional: true });
    // npm installs required peers too.
    for (const dep of Object.keys(entry.peerDependencies ?? {})) queue.push({ from: path, name: dep, optional: true });
  }
  return found;
}

/**
 * Writes `package.json` and `package-lock.json` into `project` for the packed `tarball` and `peers`
 * (names of our optional peers or dev dependencies such as `@types/node`), then runs
 * `npm ci --offline`. Returns npm's output.
 */
export function installOffline(options: { readonly repo: string; readonly project: string; readonly tarball: string; readonly peers: readonly string[] }): string {
  const { repo, project, tarball, peers } = options;
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest & { devDependencies?: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const rangeOf = (name: string): string => {
    const range = manifest.peerDependencies?.[name] ?? manifest.devDependencies?.[name];
    if (!range) throw new Error(`${name} is neither a peer nor a dev dependency of ${manifest.name}`);
    return range;
  };
  const spec = `file:${relative(project, tarball)}`;
  const dependencies = Object.fromEntries([[manifest.name, spec], ...peers.map((name) => [name, rangeOf(name)])].sort(([a], [b]) => a!.localeCompare(b!)));
  const paths = closure(lock.packages, [...Object.keys(manifest.dependencies ?? {}), ...peers]);
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', version: '1.0.0', dependencies },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
    },
  };
  for (const path of [...paths].sort()) {
    // Our own flags say how *we* use a package (dev, peer); the consumer's depend on its tree.
    const { dev: _dev, devOptional, peer: _peer, ...entry } = lock.packages[path]!;
    packages[path] = devOptional ? { ...entry, optional: true } : entry;
  }
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies }, null, 2)}\n`);
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  return execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
}

/** Folders of `node_modules` (`name` or `@scope/name`), the packages a project got. */
export function installedPackages(project: string): string[] {
  const lock = JSON.parse(readFileSync(join(project, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages).map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)).filter((name, index, all) => all.indexOf(name) === index);
}
