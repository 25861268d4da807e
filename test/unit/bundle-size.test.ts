/**
 * The softphone bundles stay small: built in memory with the build's own options, gzipped, and held
 * to their budgets. The provider-less core (core + Open CTI bridge + UI) carries no numbering plans:
 * pages get those of their configured regions as data.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BUNDLE_BUDGETS_KB, MEASURED_ENTRIES, buildBundle, measureBundles, type BundleName, type BundleSizes } from '../../bench/bundle-size.js';

describe('softphone bundle sizes', () => {
  let sizes: BundleSizes;
  before(async () => {
    sizes = await measureBundles();
  });

  it('keeps the core softphone (no provider) within 44 KB gzipped', () => {
    assert.equal(BUNDLE_BUDGETS_KB.core, 44);
    assert.ok(sizes.core_gzip_bytes <= 44 * 1024, `core: ${sizes.core_gzip_bytes} bytes gzipped`);
  });

  for (const name of Object.keys(MEASURED_ENTRIES) as BundleName[]) {
    it(`keeps the ${name} bundle within ${BUNDLE_BUDGETS_KB[name]} KB gzipped`, () => {
      const gzip = sizes[`${name}_gzip_bytes`];
      const raw = sizes[`${name}_bytes`];
      assert.ok(gzip > 10_000 && raw > gzip, `${name}: a real bundle (${raw} bytes, ${gzip} gzipped)`);
      assert.ok(gzip <= BUNDLE_BUDGETS_KB[name] * 1024, `${name}: ${gzip} bytes gzipped, budget ${BUNDLE_BUDGETS_KB[name] * 1024}`);
    });
  }

  it('builds the core from the softphone shell and UI, with no numbering plans or vendor SDK', async () => {
    const { inputs } = await buildBundle('core');
    for (const module of ['src/app/start.ts', 'src/ui/softphone-app.tsx', 'src/salesforce/opencti/bridge.ts', 'src/core/reducer.ts', 'node_modules/libphonenumber-js/core/index.js']) {
      assert.ok(inputs.some((input) => input.endsWith(module)), `core bundle holds ${module}`);
    }
    const unwanted = inputs.filter((input) => /libphonenumber-js\/metadata\.[a-z]+\.json|\.json$|sip\.js|@twilio|amazon-connect|src\/providers\//.test(input));
    assert.deepEqual(unwanted, []);
  });
});
