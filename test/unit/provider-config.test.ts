import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/index.js';
import { createSimulatorProvider, simulator } from '../../src/providers/simulator/index.js';

describe('provider configuration: simulator()', () => {
  it('defaults to the local console simulator and resolves the path against the page', () => {
    const config = simulator();
    assert.deepEqual(config, { kind: 'simulator', options: { url: '/api/sim/agent' }, connectSources: [] });
    assert.deepEqual(JSON.parse(JSON.stringify(config)), config, 'the config survives JSON: a build embeds it in the page');
    const provider = createSimulatorProvider(config, { protocol: 'https:', host: 'example.test:8443' });
    assert.equal(provider.id, 'simulator');
  });

  it('names an absolute simulator endpoint as a connect source', () => {
    assert.deepEqual(simulator({ url: 'wss://sim.example.test/agent', agentId: 'agent-7' }).connectSources, ['wss://sim.example.test']);
  });

  it('rejects bad options naming the field and the expectation', () => {
    assert.throws(() => simulator({ url: 'sim.example.test' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.field, 'provider.simulator.url');
      assert.equal(error.message, 'provider.simulator.url must be a ws:// or wss:// URL or a path starting with "/", got "sim.example.test"');
      return true;
    });
    assert.throws(() => simulator({ agentId: 'a b' }), /provider\.simulator\.agentId must be letters, digits/);
  });
});
