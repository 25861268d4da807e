// The Lightning Design System rules each page uses, and no others, built into dist/public at build
// time: the full stylesheet is about 1 MB (the package 67 MB), a page cannot run its script before its
// stylesheets are parsed, and an installed softphone-connector must not need the design system at all.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { PurgeCSS } from 'purgecss';

const require = createRequire(import.meta.url);
const assets = join(dirname(require.resolve('@salesforce-ux/design-system/package.json')), 'assets');
const slds = join(assets, 'styles/salesforce-lightning-design-system.min.css');

/** The SLDS rules whose classes appear in `content` (built bundles, page sources), plus `safelist`. */
async function purge(content, safelist = []) {
  const [result] = await new PurgeCSS().purge({
    content,
    css: [slds],
    safelist: { standard: safelist, greedy: [] },
    keyframes: true,
    variables: true,
  });
  return result.css;
}

/** Writes `outFile`: the SLDS rules whose classes appear in `contentFiles` (the built bundles) or the pages. */
export async function writeSoftphoneSlds(contentFiles, outFile) {
  // Built from parts at run time (src/ui/icon.tsx).
  const css = await purge([...contentFiles, 'src/server/pages.ts', 'src/salesforce/packaging/visualforce.ts'], [/^slds-button__icon_/]);
  writeFileSync(outFile, css);
  return { bytes: Buffer.byteLength(css), fullBytes: readFileSync(slds).length };
}

// Classes the console builds from parts at run time (src/console/app: icons.tsx, console-app.tsx; src/ui/icon.tsx).
const CONSOLE_SAFELIST = [/^slds-icon-standard-/, /^slds-icon_(xx-small|x-small|small|large)$/, /^slds-button__icon_/, /^slds-theme_/];

/**
 * Writes the stylesheet of a page of the local console (the console itself, the Voice host) to
 * `<publicDir>/slds/styles/<name>.css`, and copies the images it refers to (`url(../images/…)`)
 * beside it, so the page's relative URLs resolve under the same prefix. Returns the files written.
 */
export async function writeConsoleSlds({ name, content, publicDir }) {
  const css = await purge(content, CONSOLE_SAFELIST);
  const outFile = join(publicDir, 'slds/styles', `${name}.css`);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, css);
  const images = [...new Set([...css.matchAll(/url\(["']?\.\.\/(images\/[^"')]+)["']?\)/g)].map((match) => match[1]))];
  for (const image of images) {
    const target = join(publicDir, 'slds', image);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(assets, image), target);
  }
  return { file: relative(publicDir, outFile), bytes: Buffer.byteLength(css), images };
}
