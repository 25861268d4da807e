/**
 * The console's user contract: `/softphone/?user=<alias>` (what the console page at `/?user=<alias>`
 * frames) configures the simulator provider as that user's agent; so does the Voice console
 * (`/voice/?user=<alias>` frames `/voice/connector.html?user=<alias>`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sip } from '../../src/providers/sip/index.js';
import { buildConsoleServer } from '../../src/server/index.js';
import { providerForConsoleUser } from '../../src/server/console-user.js';
import { simulator } from '../../src/providers/simulator/index.js';

type Built = Awaited<ReturnType<typeof buildConsoleServer>>;
let server: Built;

before(async () => {
  server = await buildConsoleServer({ inMemory: true });
});
after(async () => {
  await server.close();
});

/** The JSON configuration element `id` of the page at `url`. */
async function pageJson(built: Built, url: string, id: string): Promise<unknown> {
  const response = await built.app.inject({ method: 'GET', url });
  assert.equal(response.statusCode, 200, response.body);
  const json = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(response.body)?.[1];
  assert.ok(json, `the page embeds #${id}`);
  return JSON.parse(json);
}

/** The provider configuration the softphone page at `url` embeds. */
async function pageProvider(built: Built, url: string): Promise<{ kind: string; options: Record<string, unknown> }> {
  return ((await pageJson(built, url, 'softphone-config')) as { provider: { kind: string; options: Record<string, unknown> } }).provider;
}

describe('console users (?user=)', () => {
  it('connects the simulator as the user\'s agent, a supervisor with its role', async () => {
    assert.deepEqual((await pageProvider(server, '/softphone/')).options, { url: '/api/sim/agent' }, 'no user: the simulator\'s default agent');
    assert.deepEqual((await pageProvider(server, '/softphone/?user=agent')).options, { url: '/api/sim/agent', agentId: 'agent' });
    assert.deepEqual((await pageProvider(server, '/softphone/?user=agent2')).options, { url: '/api/sim/agent', agentId: 'agent2' });
    assert.deepEqual((await pageProvider(server, '/softphone/?user=supervisor')).options, { url: '/api/sim/agent', agentId: 'supervisor', role: 'supervisor' });
  });

  it('gives an unknown user no agent of anyone else: the page as configured, whose sign-in the org refuses', async () => {
    assert.deepEqual((await pageProvider(server, '/softphone/?user=mallory')).options, { url: '/api/sim/agent' });
    assert.throws(() => providerForConsoleUser(simulator(), 'mallory'), /user must be one of agent, agent2, supervisor, got "mallory"/);
  });

  it('signs the Voice console\'s connector in as the user\'s agent', async () => {
    const host = (url: string) => pageJson(server, url, 'voice-console-config') as Promise<{ connectorPath: string }>;
    const connector = async (url: string) => ((await pageJson(server, url, 'voice-connector-config')) as { provider: { options: unknown } }).provider.options;
    assert.equal((await host('/voice/')).connectorPath, '/voice/connector.html');
    assert.equal((await host('/voice/?user=supervisor')).connectorPath, '/voice/connector.html?user=supervisor');
    assert.deepEqual(await connector('/voice/connector.html'), { url: '/api/sim/agent' });
    assert.deepEqual(await connector('/voice/connector.html?user=supervisor'), { url: '/api/sim/agent', agentId: 'supervisor', role: 'supervisor' });
    assert.equal((await server.app.inject({ method: 'GET', url: '/voice/?user=mallory' })).statusCode, 400);
    assert.equal((await server.app.inject({ method: 'GET', url: '/voice/connector.html?user=mallory' })).statusCode, 400);
  });

  it('leaves another provider\'s configured identity alone', async () => {
    const provider = sip({ server: 'wss://pbx.example.com:8089/ws', domain: 'example.com', user: '1001' });
    const built = await buildConsoleServer({ inMemory: true, provider });
    try {
      assert.deepEqual((await pageProvider(built, '/softphone/?user=agent2')).options, provider.options);
    } finally {
      await built.close();
    }
  });
});
