/**
 * The import rules of the architecture (eslint.config.js, docs/architecture.md) hold: lint fails on
 * an import that crosses a layer and passes on one the table allows. Each case lints one line as if
 * it were a file of that layer, through ESLint's own API and the repository's config.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const RULE = 'layers/allowed-imports';

/** A file of the layer that does not exist: lintText only needs its path. */
const FILES = {
  core: 'src/core/layer-probe.ts',
  sip: 'src/providers/sip/layer-probe.ts',
  twilio: 'src/providers/twilio/layer-probe.ts',
  simulator: 'src/providers/simulator/layer-probe.ts',
  opencti: 'src/salesforce/opencti/layer-probe.ts',
  voice: 'src/salesforce/voice/layer-probe.ts',
  ui: 'src/ui/layer-probe.tsx',
  app: 'src/app/layer-probe.ts',
  console: 'src/console/app/layer-probe.ts',
  server: 'src/server/layer-probe.ts',
} as const;

let eslint: ESLint;

/** Messages of the layer rule for `code` linted as `file`. */
async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: file });
  assert.ok(result, 'ESLint returned a result');
  assert.equal(result.fatalErrorCount, 0, `parsed: ${result.messages.map((m) => m.message).join('; ')}`);
  return result.messages.filter((message) => message.ruleId === RULE).map((message) => message.message);
}

async function fails(file: string, code: string): Promise<void> {
  const messages = await layerMessages(file, code);
  assert.equal(messages.length, 1, `${file}: \`${code}\` must fail the layer rule, got ${JSON.stringify(messages)}`);
}

async function passes(file: string, code: string): Promise<void> {
  assert.deepEqual(await layerMessages(file, code), [], `${file}: \`${code}\` must pass the layer rule`);
}

describe('layer rules (eslint.config.js)', () => {
  before(() => {
    eslint = new ESLint({ cwd: repo });
  });

  describe('core imports only itself and libphonenumber-js/core', () => {
    it('fails on a vendor SDK, a server library, config, a provider and a Node built-in', async () => {
      await fails(FILES.core, "import 'sip.js';");
      await fails(FILES.core, "import 'fastify';");
      await fails(FILES.core, "import '../config/index.js';");
      await fails(FILES.core, "import '../providers/sip/index.js';");
      await fails(FILES.core, "import 'node:fs';");
      await fails(FILES.core, "import 'fs';");
      await fails(FILES.core, "import 'libphonenumber-js';");
    });
    it('counts type-only imports, re-exports and dynamic imports', async () => {
      await fails(FILES.core, "import type { UserAgent } from 'sip.js';\nexport type { UserAgent };");
      await fails(FILES.core, "export { OpenCtiBridge } from '../salesforce/index.js';");
      await fails(FILES.core, "export const load = () => import('fastify');");
      await fails(FILES.core, "export type Device = import('@twilio/voice-sdk').Device;");
    });
    it('passes on itself and libphonenumber-js/core', async () => {
      await passes(FILES.core, "import 'libphonenumber-js/core';");
      await passes(FILES.core, "import './events.js';");
    });
  });

  describe('a provider imports only itself, core and its own SDK', () => {
    it('fails on another provider, another SDK, a host or a Node built-in', async () => {
      await fails(FILES.sip, "import '../twilio/index.js';");
      await fails(FILES.sip, "import '@twilio/voice-sdk';");
      await fails(FILES.twilio, "import 'sip.js';");
      await fails(FILES.twilio, "import 'twilio';");
      await fails(FILES.sip, "import '../../salesforce/index.js';");
      await fails(FILES.sip, "import 'node:net';");
      await fails(FILES.simulator, "import 'sip.js';");
    });
    it('passes on its own SDK, itself and core', async () => {
      await passes(FILES.sip, "import 'sip.js';");
      await passes(FILES.sip, "import '../../core/index.js';");
      await passes(FILES.sip, "import './sip-call.js';");
      await passes(FILES.twilio, "import '@twilio/voice-sdk';");
    });
  });

  describe('salesforce imports only itself, core and the host libraries', () => {
    it('fails on a provider, another host, ui or a Node built-in', async () => {
      await fails('src/salesforce/index.ts', "import '../providers/sip/index.js';");
      await fails(FILES.opencti, "import '../../providers/sip/index.js';");
      await fails(FILES.opencti, "import '../voice/index.js';");
      await fails(FILES.opencti, "import '../../ui/index.js';");
      await fails(FILES.opencti, "import 'node:fs';");
      await fails(FILES.opencti, "import '@salesforce/scv-connector-base';");
    });
    it('passes on core and, in the Voice host, scv-connector-base', async () => {
      await passes(FILES.opencti, "import '../../core/index.js';");
      await passes(FILES.voice, "import '@salesforce/scv-connector-base';");
    });
  });

  describe('ui imports only core, preact and the design-system icons', () => {
    it('fails on salesforce, a provider or a Node built-in', async () => {
      await fails(FILES.ui, "import '../salesforce/index.js';");
      await fails(FILES.ui, "import '../providers/sip/index.js';");
      await fails(FILES.ui, "import 'node:path';");
    });
    it('passes on core, preact and slds-icons', async () => {
      await passes(FILES.ui, "import '../core/index.js';");
      await passes(FILES.ui, "import 'preact/hooks';");
      await passes(FILES.ui, "import 'slds-icons';");
    });
  });

  describe('the app, console and server layers name their packages', () => {
    it('fails on a package not in the layer row, even where every layer of ours is allowed', async () => {
      await fails(FILES.app, "import 'sip.js';");
      await fails(FILES.app, "import '../server/index.js';");
      await fails(FILES.console, "import 'node:fs';");
      await fails(FILES.server, "import 'left-pad';");
    });
    it('passes on their layers and packages', async () => {
      await passes(FILES.app, "import '../providers/sip/index.js';");
      await passes(FILES.server, "import 'fastify';");
      await passes(FILES.server, "import '../salesforce/voice/index.js';");
    });
  });

  it('is the table docs/architecture.md shows, row for row', async () => {
    const config = (await eslint.calculateConfigForFile('src/core/layer-probe.ts')) as { rules: Record<string, unknown[]> };
    const [, options] = config.rules[RULE] ?? [];
    const { layers } = options as { layers: Record<string, { layers: string[]; packages: string[] }> };
    const doc = await readFile(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Import rules'));
    const names = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    const documented = Object.fromEntries(
      section
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => {
          const [folder = '', allowedLayers = '', packages = ''] = line.split('|').slice(1, 4);
          return [names(folder)[0] ?? '', { layers: names(allowedLayers), packages: names(packages) }];
        }),
    );
    assert.deepEqual(documented, layers);
  });

  it('fails a file in a folder of src/ that has no row in the table', async () => {
    const messages = await layerMessages('src/newlayer/thing.ts', "export const thing = 1;");
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /in no layer/);
  });
});
