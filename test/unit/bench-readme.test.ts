/** The README's benchmark figures are the last runs' (bench/results/*.json), as bench/readme.ts renders them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readBlock, readmeBlocks, recordedRuns, updateReadme } from '../../bench/readme.js';
import type { BenchResults } from '../../bench/report.js';

const results = JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResults;
const readme = readFileSync('README.md', 'utf8');
const recorded = recordedRuns();
const { gateway, contactCentre, callbacks } = recorded;
const SOURCE: Readonly<Record<string, string>> = { 'sip-gateway': 'sip-gateway', 'twilio-contact-centre': 'twilio-contact-centre', 'twilio-callbacks': 'twilio-callbacks' };

describe('README benchmark figures', () => {
  for (const [name, expected] of Object.entries(readmeBlocks(results, recorded))) {
    it(`the ${name} block is what bench/results/${SOURCE[name] ?? 'latest'}.json renders (npm run bench, or node --import tsx bench/readme.ts, rewrites it)`, () => {
      assert.equal(readBlock(readme, name), expected);
    });
  }

  it('has a block for every recorded run', () => {
    assert.ok(gateway && contactCentre && callbacks, 'sip-gateway.json, twilio-contact-centre.json and twilio-callbacks.json are recorded');
    for (const name of Object.keys(SOURCE)) assert.notEqual(readBlock(readme, name), undefined, `README.md has the ${name} markers`);
  });

  it('rewriting from the same results changes nothing, and a different result changes the figures', () => {
    assert.equal(updateReadme(readme, results, recorded), readme);
    const faster = { ...results, bundle: { ...results.bundle, core_gzip_bytes: results.bundle.core_gzip_bytes - 1024 } };
    assert.notEqual(readBlock(updateReadme(readme, faster, recorded), 'bundles'), readBlock(readme, 'bundles'));
    if (gateway) {
      const slower = { ...gateway, ratio: { ...gateway.ratio, acceptToMedia: { p50: gateway.ratio.acceptToMedia.p50 + 1, p99: gateway.ratio.acceptToMedia.p99 } } };
      assert.notEqual(readBlock(updateReadme(readme, results, { ...recorded, gateway: slower }), 'sip-gateway'), readBlock(readme, 'sip-gateway'));
    }
    if (contactCentre) {
      const slower = { ...contactCentre, twilio: { ...contactCentre.twilio, shownToPopped_ms: { ...contactCentre.twilio.shownToPopped_ms, p99: contactCentre.twilio.shownToPopped_ms.p99 + 1 } } };
      assert.notEqual(readBlock(updateReadme(readme, results, { ...recorded, contactCentre: slower }), 'twilio-contact-centre'), readBlock(readme, 'twilio-contact-centre'));
    }
    if (callbacks) {
      const slower = { ...callbacks, conferenceCallback: { ...callbacks.conferenceCallback, perSecond: callbacks.conferenceCallback.perSecond - 1 } };
      assert.notEqual(readBlock(updateReadme(readme, results, { ...recorded, callbacks: slower }), 'twilio-callbacks'), readBlock(readme, 'twilio-callbacks'));
    }
  });
});
