/**
 * The core's small contracts a provider author builds on: which command runs which provider method
 * with which arguments (`runCommand`), which commands the capabilities allow (`canRun`), the
 * provider-health reporter and the config error's wording.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canRun,
  ConfigError,
  isProviderKind,
  ProviderError,
  ProviderReporter,
  runCommand,
  type CallEvent,
  type Command,
  type ProviderCapabilities,
  type ProviderContext,
} from '../../src/core/index.js';
import { EmittingProvider } from './fakes/emitting-provider.js';

const NOTHING: ProviderCapabilities = { outbound: true, hold: true, mute: true, dtmf: true, transfer: { blind: true, consult: false }, conference: false, recording: false, presence: false };
const caps = (changes: Partial<ProviderCapabilities>): ProviderCapabilities => ({ ...NOTHING, ...changes });

/** A provider that records each method it is asked to run, with its arguments, and answers with ids. */
class RecordingProvider extends EmittingProvider {
  readonly calls: unknown[][] = [];
  override readonly capabilities: ProviderCapabilities;
  constructor(capabilities: ProviderCapabilities = caps({ transfer: { blind: true, consult: true }, conference: true, recording: true, supervisor: { listen: true, whisper: true, barge: true } })) {
    super();
    this.capabilities = capabilities;
    const record = (name: string, result?: string) => async (...args: unknown[]) => {
      this.calls.push([name, ...args]);
      return result;
    };
    Object.assign(this, {
      answer: record('answer'), decline: record('decline'), hangup: record('hangup'), hold: record('hold'), resume: record('resume'),
      mute: record('mute'), unmute: record('unmute'), sendDtmf: record('sendDtmf'), dial: record('dial', 'OUT-1'), transfer: record('transfer'),
      setPresence: record('setPresence'), addParticipant: record('addParticipant', 'P-1'), swap: record('swap'), merge: record('merge'),
      completeTransfer: record('completeTransfer'), holdParticipant: record('holdParticipant'), resumeParticipant: record('resumeParticipant'),
      removeParticipant: record('removeParticipant'), monitor: record('monitor', 'LEG-1'), setMonitorMode: record('setMonitorMode'),
      setRecording: record('setRecording'),
    });
  }
}

describe('runCommand', () => {
  it('runs the provider method each command names, with its arguments, and returns only new ids', async () => {
    const cases: [Command, unknown[], unknown][] = [
      [{ type: 'answer', callId: 'c1' }, ['answer', 'c1'], undefined],
      [{ type: 'decline', callId: 'c1' }, ['decline', 'c1'], undefined],
      [{ type: 'hangup', callId: 'c1' }, ['hangup', 'c1'], undefined],
      [{ type: 'hold', callId: 'c1' }, ['hold', 'c1'], undefined],
      [{ type: 'resume', callId: 'c1' }, ['resume', 'c1'], undefined],
      [{ type: 'mute', callId: 'c1' }, ['mute', 'c1'], undefined],
      [{ type: 'unmute', callId: 'c1' }, ['unmute', 'c1'], undefined],
      [{ type: 'dtmf', callId: 'c1', digits: '12#' }, ['sendDtmf', 'c1', '12#'], undefined],
      [{ type: 'dial', to: '+14155550100' }, ['dial', '+14155550100'], 'OUT-1'],
      [{ type: 'transfer', callId: 'c1', to: '200', mode: 'blind' }, ['transfer', 'c1', '200', 'blind'], undefined],
      [{ type: 'set-presence', status: 'busy' }, ['setPresence', 'busy'], undefined],
      [{ type: 'add-participant', callId: 'c1', to: '201', mode: 'consult' }, ['addParticipant', 'c1', '201', { mode: 'consult' }], 'P-1'],
      [{ type: 'add-participant', callId: 'c1', to: '202', mode: 'conference', role: 'agent', data: { queue: 'vip' } }, ['addParticipant', 'c1', '202', { mode: 'conference', role: 'agent', data: { queue: 'vip' } }], 'P-1'],
      [{ type: 'swap', callId: 'c1' }, ['swap', 'c1'], undefined],
      [{ type: 'merge', callId: 'c1' }, ['merge', 'c1'], undefined],
      [{ type: 'complete-transfer', callId: 'c1' }, ['completeTransfer', 'c1'], undefined],
      [{ type: 'hold-participant', callId: 'c1', participantId: 'p' }, ['holdParticipant', 'c1', 'p'], undefined],
      [{ type: 'resume-participant', callId: 'c1', participantId: 'p' }, ['resumeParticipant', 'c1', 'p'], undefined],
      [{ type: 'remove-participant', callId: 'c1', participantId: 'p' }, ['removeParticipant', 'c1', 'p'], undefined],
      [{ type: 'monitor', teamCallId: 't1', mode: 'whisper' }, ['monitor', 't1', 'whisper'], 'LEG-1'],
      [{ type: 'set-monitor-mode', callId: 'c1', mode: 'barge' }, ['setMonitorMode', 'c1', 'barge'], undefined],
      [{ type: 'record', callId: 'c1', on: true }, ['setRecording', 'c1', true], undefined],
      [{ type: 'record', callId: 'c1', on: false }, ['setRecording', 'c1', false], undefined],
    ];
    for (const [command, call, result] of cases) {
      const provider = new RecordingProvider();
      assert.equal(await runCommand(provider, command), result, `${command.type} resolves with ${String(result)}`);
      assert.deepEqual(provider.calls, [call], `${command.type} runs ${String(call[0])}`);
    }
  });

  it('rejects a multi-party command the provider lacks, naming the provider and the feature', async () => {
    const plain = new RecordingProvider(NOTHING);
    const cases: [Command, string][] = [
      [{ type: 'add-participant', callId: 'c1', to: '201', mode: 'consult' }, 'consulting'],
      [{ type: 'add-participant', callId: 'c1', to: '201', mode: 'conference' }, 'conferencing'],
      [{ type: 'swap', callId: 'c1' }, 'swapping calls'],
      [{ type: 'merge', callId: 'c1' }, 'merging calls'],
      [{ type: 'complete-transfer', callId: 'c1' }, 'warm transfers'],
      [{ type: 'hold-participant', callId: 'c1', participantId: 'p' }, 'holding a participant'],
      [{ type: 'resume-participant', callId: 'c1', participantId: 'p' }, 'resuming a participant'],
      [{ type: 'remove-participant', callId: 'c1', participantId: 'p' }, 'removing a participant'],
      [{ type: 'monitor', teamCallId: 't1', mode: 'listen' }, 'supervisor listen'],
      [{ type: 'set-monitor-mode', callId: 'c1', mode: 'barge' }, 'supervisor barge'],
      [{ type: 'record', callId: 'c1', on: true }, 'recording'],
    ];
    for (const [command, what] of cases) {
      await assert.rejects(
        runCommand(plain, command),
        (error: unknown) => error instanceof ProviderError && error.code === 'unsupported' && error.message === `The emitting provider does not support ${what}.`,
        command.type,
      );
    }
    assert.deepEqual(plain.calls, [], 'nothing reached the provider');
  });

  it('rejects a multi-party command whose method the provider does not have, even with the capability', async () => {
    const provider = new RecordingProvider();
    Object.assign(provider, { swap: undefined });
    await assert.rejects(runCommand(provider, { type: 'swap', callId: 'c1' }), /does not support swapping calls/);
  });
});

describe('canRun', () => {
  it('allows each multi-party command only with the capability it needs', () => {
    const consult = caps({ transfer: { blind: true, consult: true } });
    const conference = caps({ conference: true });
    const table: [Command, ProviderCapabilities, boolean][] = [
      [{ type: 'add-participant', callId: 'c', to: '1', mode: 'consult' }, consult, true],
      [{ type: 'add-participant', callId: 'c', to: '1', mode: 'consult' }, conference, false],
      [{ type: 'add-participant', callId: 'c', to: '1', mode: 'conference' }, conference, true],
      [{ type: 'add-participant', callId: 'c', to: '1', mode: 'conference' }, consult, false],
      [{ type: 'swap', callId: 'c' }, consult, true],
      [{ type: 'swap', callId: 'c' }, conference, false],
      [{ type: 'complete-transfer', callId: 'c' }, consult, true],
      [{ type: 'complete-transfer', callId: 'c' }, conference, false],
      [{ type: 'merge', callId: 'c' }, conference, true],
      [{ type: 'merge', callId: 'c' }, consult, false],
      [{ type: 'hold-participant', callId: 'c', participantId: 'p' }, consult, true],
      [{ type: 'resume-participant', callId: 'c', participantId: 'p' }, conference, true],
      [{ type: 'remove-participant', callId: 'c', participantId: 'p' }, NOTHING, false],
      [{ type: 'monitor', teamCallId: 't', mode: 'listen' }, caps({ supervisor: { listen: true, whisper: false, barge: false } }), true],
      [{ type: 'monitor', teamCallId: 't', mode: 'whisper' }, caps({ supervisor: { listen: true, whisper: false, barge: false } }), false],
      [{ type: 'set-monitor-mode', callId: 'c', mode: 'barge' }, caps({ supervisor: { listen: false, whisper: false, barge: true } }), true],
      [{ type: 'set-monitor-mode', callId: 'c', mode: 'barge' }, NOTHING, false],
      [{ type: 'hold', callId: 'c' }, NOTHING, true],
      [{ type: 'dial', to: '1' }, NOTHING, true],
    ];
    for (const [command, capabilities, allowed] of table) {
      assert.equal(canRun(capabilities, command), allowed, `${command.type} ${'mode' in command ? command.mode : ''} with ${JSON.stringify(capabilities)}`);
    }
  });
});

describe('ProviderReporter', () => {
  it('emits provider-state on each change of health, with the message, on the context clock', () => {
    const events: CallEvent[] = [];
    const reporter = new ProviderReporter();
    assert.equal(reporter.health, 'disconnected');
    reporter.setHealth('connecting');
    assert.equal(reporter.health, 'connecting', 'health changes even before a context is attached');
    assert.equal(events.length, 0);
    const context: ProviderContext = { emit: (event) => void events.push(event), now: () => 1234 };
    reporter.attach(context);
    reporter.setHealth('ready');
    reporter.setHealth('ready');
    reporter.setHealth('reconnecting', 'socket closed');
    reporter.setHealth('reconnecting', 'still closed');
    reporter.emit({ type: 'muted', callId: 'c1', at: 1 });
    assert.deepEqual(events, [
      { type: 'provider-state', at: 1234, health: 'ready' },
      { type: 'provider-state', at: 1234, health: 'reconnecting', message: 'socket closed' },
      { type: 'provider-state', at: 1234, health: 'reconnecting', message: 'still closed' },
      { type: 'muted', callId: 'c1', at: 1 },
    ]);
    assert.equal(reporter.health, 'reconnecting');
    assert.equal(reporter.now(), 1234);
  });

  it('uses the wall clock before a context is attached', () => {
    const before = Date.now();
    const now = new ProviderReporter().now();
    assert.ok(now >= before && now <= Date.now(), `${now} is the wall clock`);
  });
});

describe('ConfigError', () => {
  it('names the field, what was expected and what it got, described briefly', () => {
    const long = 'x'.repeat(61);
    const cases: [unknown, string][] = [
      [undefined, 'nothing'],
      ['pbx.local', '"pbx.local"'],
      ['y'.repeat(60), JSON.stringify('y'.repeat(60))],
      [long, JSON.stringify(`${'x'.repeat(57)}…`)],
      [() => 1, 'a function'],
      [[1], 'an array'],
      [null, 'null'],
      [{ a: 1 }, 'an object'],
      [42, '42'],
      [false, 'false'],
    ];
    for (const [got, described] of cases) {
      const error = new ConfigError('provider.sip.server', 'a ws:// or wss:// URL', got);
      assert.equal(error.message, `provider.sip.server must be a ws:// or wss:// URL, got ${described}`);
    }
    const error = new ConfigError('provider.kind', 'one of simulator, sip');
    assert.equal(error.message, 'provider.kind must be one of simulator, sip', 'without a value, no "got"');
    assert.equal(error.code, 'invalid-config');
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.field, 'provider.kind');
    const cause = new Error('parse');
    assert.equal(new ConfigError('f', 'e', 1, { cause }).cause, cause);
    assert.equal(Object.hasOwn(new ConfigError('f', 'e', 1, { cause: undefined }), 'cause'), false);
  });

  it('isProviderKind narrows by kind', () => {
    const config = { kind: 'sip', options: {}, connectSources: [] };
    assert.equal(isProviderKind(config, 'sip'), true);
    assert.equal(isProviderKind(config, 'twilio'), false);
  });
});
