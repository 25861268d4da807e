// Builds a tiny module of the Lightning Design System icons the UI uses, from the package's sprites,
// so pages draw icons inline instead of loading two 450 KB sprite sheets.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Icons the softphone and the console draw, as `sprite:name`. */
export const ICON_NAMES = [
  'utility:call', 'utility:end_call', 'utility:incoming_call', 'utility:outbound_call', 'utility:muted', 'utility:pause',
  'utility:keypad', 'utility:forward', 'utility:search', 'utility:close', 'utility:minimize_window', 'utility:broadcast', 'utility:record',
  'standard:contact', 'standard:lead', 'standard:account', 'standard:case', 'standard:task', 'standard:record',
];

const root = join(dirname(createRequire(import.meta.url).resolve('@salesforce-ux/design-system/package.json')), 'assets', 'icons');
const sprites = new Map();

function symbol(sprite, name) {
  if (!sprites.has(sprite)) sprites.set(sprite, readFileSync(join(root, `${sprite}-sprite`, 'svg', 'symbols.svg'), 'utf8'));
  const match = new RegExp(`<symbol([^>]*)\\bid="${name}"[^>]*>(.*?)</symbol>`, 's').exec(sprites.get(sprite));
  if (!match) throw new Error(`SLDS icon ${sprite}:${name} does not exist in @salesforce-ux/design-system`);
  const viewBox = /viewBox="([^"]+)"/.exec(match[0])?.[1];
  const body = match[2];
  const paths = [...body.matchAll(/<path\b[^>]*\bd="([^"]+)"[^>]*\/?>/g)].map((path) => path[1]);
  // Circles become two arcs, so every icon is a list of path data.
  for (const circle of body.matchAll(/<circle\b([^>]*)\/?>/g)) {
    const attr = (key) => Number(new RegExp(`\\b${key}="([^"]+)"`).exec(circle[1])?.[1]);
    const [cx, cy, r] = [attr('cx'), attr('cy'), attr('r')];
    paths.push(`M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`);
  }
  const other = body.replace(/<(path|circle)\b[^>]*\/?>(<\/(path|circle)>)?/g, '').replace(/<\/?g\b[^>]*>/g, '').trim();
  if (!viewBox || paths.length === 0 || other !== '') throw new Error(`SLDS icon ${sprite}:${name} uses shapes other than paths; add support for them`);
  return { viewBox, paths };
}

/** The module's source: `export const ICONS = { "utility:call": { viewBox, paths } … }`. */
export function iconModuleSource(names = ICON_NAMES) {
  const icons = Object.fromEntries(names.map((name) => {
    const [sprite, id] = name.split(':');
    return [name, symbol(sprite, id)];
  }));
  return `export const ICONS = ${JSON.stringify(icons)};`;
}

/** esbuild plugin serving the module as `slds-icons`. */
export const sldsIconsPlugin = {
  name: 'slds-icons',
  setup(build) {
    build.onResolve({ filter: /^slds-icons$/ }, () => ({ path: 'slds-icons', namespace: 'slds-icons' }));
    build.onLoad({ filter: /.*/, namespace: 'slds-icons' }, () => ({ contents: iconModuleSource(), loader: 'js' }));
  },
};
