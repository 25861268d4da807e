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
const TEAMMATE = 'conformance-teammate';

before(async () => {
  // The agent under test is also a supervisor, so the supervisor check has a team to watch.
  server = await startConsoleServer({ port: 0, inMemory: true, simulator: { outboundAnswerMs: null, supervisors: [AGENT] } });
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
  answerParticipant: async (_callId, participantId) => server.simulator.participantFarEnd(participantId, 'answer'),
  rejectParticipant: async (_callId, participantId) => server.simulator.participantFarEnd(participantId, 'reject'),
  hangupParticipant: async (_callId, participantId) => server.simulator.participantFarEnd(participantId, 'hangup'),
  async startTeamCall() {
    // A teammate's softphone, played here: it answers the call it is rung with.
    server.simulator.attachAgent(TEAMMATE, {
      send: (message) => {
        if (message.type === 'ringing') queueMicrotask(() => server.simulator.command(TEAMMATE, { type: 'answer', callId: message.callId }));
      },
      close: () => undefined,
    });
    server.simulator.placeInbound({ from: '+14155550143', agent: TEAMMATE });
  },
  async reset() {
    // One hang-up may end several calls (everyone on a conference): look each up again.
    for (const { callId } of server.simulator.snapshot().calls) {
      if (server.simulator.get(callId).state !== 'ended') server.simulator.remoteHangup(callId);
    }
    for (const { participantId, role } of server.simulator.snapshot().participants) {
      if (role === 'external') server.simulator.participantFarEnd(participantId, 'hangup');
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

// Multi-party: a swap that is never reported, and a conference that works without being advertised.
class SilentSwap extends SimulatorProvider {
  override async swap(): Promise<void> {}
}
class UnadvertisedConference extends SimulatorProvider {
  override readonly capabilities = { ...new SimulatorProvider({ url: 'ws://x' }).capabilities, conference: false };
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

  it('fails a consultation whose swap is never reported', async () => {
    await assert.rejects(check('consult:').run(options(() => new SilentSwap(providerOptions()))), /expected "resumed" on call SIM-\S+ after swap\(\)/);
  });

  it('fails a conference that is not advertised but not refused either', async () => {
    await assert.rejects(check('conference:').run(options(() => new UnadvertisedConference(providerOptions()))), /add-participant \(conference\) without the capability must reject with ProviderError "unsupported"; it resolved/);
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
