/** The README's benchmark figures are the last run's (bench/results/latest.json), as bench/readme.ts renders them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readBlock, readmeBlocks, recordedGateway, updateReadme } from '../../bench/readme.js';
import type { BenchResults } from '../../bench/report.js';

const results = JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResults;
const readme = readFileSync('README.md', 'utf8');
const gateway = recordedGateway();

describe('README benchmark figures', () => {
  for (const [name, expected] of Object.entries(readmeBlocks(results, gateway))) {
    it(`the ${name} block is what bench/results/${name === 'sip-gateway' ? 'sip-gateway' : 'latest'}.json renders (npm run bench, or node --import tsx bench/readme.ts, rewrites it)`, () => {
      assert.equal(readBlock(readme, name), expected);
    });
  }

  it('rewriting from the same results changes nothing, and a different result changes the figures', () => {
    assert.equal(updateReadme(readme, results, gateway), readme);
    const faster = { ...results, bundle: { ...results.bundle, core_gzip_bytes: results.bundle.core_gzip_bytes - 1024 } };
    assert.notEqual(readBlock(updateReadme(readme, faster, gateway), 'bundles'), readBlock(readme, 'bundles'));
    if (gateway) {
      const slower = { ...gateway, ratio: { ...gateway.ratio, acceptToMedia: { p50: gateway.ratio.acceptToMedia.p50 + 1, p99: gateway.ratio.acceptToMedia.p99 } } };
      assert.notEqual(readBlock(updateReadme(readme, results, slower), 'sip-gateway'), readBlock(readme, 'sip-gateway'));
    }
  });
});
