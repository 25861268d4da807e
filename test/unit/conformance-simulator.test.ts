// The provider conformance kit against the simulator provider, with the local console's telephony
// simulator (real server, real WebSocket) as the far end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SimulatorProvider, type WebSocketLike } from '../../src/providers/simulator/index.js';
import { startConsoleServer, type ConsoleServer } from '../../src/server/index.js';
import { ConformanceError, conformanceChecks, conformanceSuite, type ConformanceDriver, type ConformanceOptions } from '../../src/testing/index.js';

let server: ConsoleServer;
const AGENT = 'conformance';

before(async () => {
  server = await startConsoleServer({ port: 0, inMemory: true, simulator: { outboundAnswerMs: null } });
});
after(async () => {
  await server.close();
});

const driver: ConformanceDriver = {
  async ring(call) {
    server.simulator.placeInbound({ from: call.from, name: call.displayName, data: call.data, agent: AGENT });
  },
  remoteHangup: async (callId) => server.simulator.remoteHangup(callId),
  ringOut: async (callId) => server.simulator.ringOut(callId),
  remoteAnswer: async (callId) => server.simulator.remoteAnswer(callId),
  remoteReject: async (callId) => server.simulator.remoteReject(callId),
  failOutbound: async (callId) => server.simulator.remoteFail(callId),
  dropTransport: async () => server.simulator.dropAgent(AGENT),
  async reset() {
    for (const call of server.simulator.snapshot().calls) {
      if (call.state !== 'ended') server.simulator.remoteHangup(call.callId);
    }
  },
};

conformanceSuite({
  name: 'simulator',
  createProvider: () =>
    new SimulatorProvider({
      url: `${server.url.replace('http', 'ws')}/api/sim/agent`,
      agentId: AGENT,
      reconnect: { baseMs: 50, maxMs: 200 },
      WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
    }),
  driver,
});

// The kit must catch violations: a provider that claims hold but never reports it, and one that
// leaves a timer behind on disconnect().

class SilentHold extends SimulatorProvider {
  override async hold(): Promise<void> {}
}
class LeakyDisconnect extends SimulatorProvider {
  private leak?: ReturnType<typeof setInterval>;
  override async disconnect(): Promise<void> {
    await super.disconnect();
    this.leak ??= setInterval(() => undefined, 1000);
  }
  stop(): void {
    clearInterval(this.leak);
  }
}

describe('conformance kit catches violations', () => {
  const options = (createProvider: ConformanceOptions['createProvider']): ConformanceOptions => ({
    name: 'broken',
    createProvider,
    driver,
    timeouts: { event: 500 },
  });
  const providerOptions = () => ({
    url: `${server.url.replace('http', 'ws')}/api/sim/agent`,
    agentId: AGENT,
    WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
  });
  const check = (prefix: string) => conformanceChecks.find((c) => c.name.startsWith(prefix))!;

  it('fails hold/resume when held is never reported', async () => {
    await assert.rejects(check('hold/resume').run(options(() => new SilentHold(providerOptions()))), (error: unknown) => {
      assert.ok(error instanceof ConformanceError);
      assert.match(error.message, /expected "held" on call SIM-/);
      return true;
    });
  });

  it('fails disconnect() when a timer is left behind', async () => {
    const leaky = new LeakyDisconnect(providerOptions());
    try {
      await assert.rejects(check('disconnect()').run(options(() => leaky)), /disconnect\(\) left 1 open handle/);
    } finally {
      leaky.stop();
    }
  });
});
