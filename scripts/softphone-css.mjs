// The Lightning Design System rules the softphone pages use, and no others: the full stylesheet is
// about 1 MB, and a page cannot run its script before its stylesheets are parsed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PurgeCSS } from 'purgecss';

const require = createRequire(import.meta.url);
const slds = join(dirname(require.resolve('@salesforce-ux/design-system/package.json')), 'assets/styles/salesforce-lightning-design-system.min.css');

/** Writes `outFile`: the SLDS rules whose classes appear in `contentFiles` (the built bundles) or the pages. */
export async function writeSoftphoneSlds(contentFiles, outFile) {
  const [result] = await new PurgeCSS().purge({
    content: [...contentFiles, 'src/server/pages.ts', 'src/salesforce/packaging/visualforce.ts'],
    css: [slds],
    // Built from parts at run time (src/ui/icon.tsx).
    safelist: { standard: [/^slds-button__icon_/], greedy: [] },
    keyframes: true,
    variables: true,
  });
  writeFileSync(outFile, result.css);
  return { bytes: Buffer.byteLength(result.css), fullBytes: readFileSync(slds).length };
}
