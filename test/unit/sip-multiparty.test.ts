/**
 * The SIP provider's multi-party surface without a network: what it advertises, how the supervisor
 * feature codes are validated, and the commands it must refuse. The calls themselves are proven
 * through the lab (test/e2e/sip-participants.test.ts, signalling; sip-conference.test.ts, audio).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ProviderError, canRun, runCommand, type Command } from '../../src/core/index.js';
import { SipProvider, sip, type SipConfigOptions } from '../../src/providers/sip/index.js';

const BASE = { server: 'wss://pbx.example.com:8089/ws', user: 'agent1', password: 'secret' } as const;

function provider(extra: Partial<SipConfigOptions> = {}): SipProvider {
  return new SipProvider(sip({ ...BASE, ...extra }).options);
}

/** The field a configuration mistake names. */
function fieldOf(options: unknown): string {
  try {
    sip({ ...BASE, supervisorCodes: options } as SipConfigOptions);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error.field;
  }
  assert.fail(`accepted supervisorCodes ${JSON.stringify(options)}`);
}

describe('SIP provider: multi-party capabilities and supervisor feature codes', () => {
  it('offers consult and conference (mixed in the page) always, supervisor modes only with their codes', () => {
    const plain = provider().capabilities;
    assert.deepEqual([plain.transfer.consult, plain.conference, plain.supervisor], [true, true, undefined]);
    assert.equal('supervisor' in plain, false, 'no supervisor key without codes');
    const listenOnly = provider({ supervisorCodes: { listen: '*44{extension}' } }).capabilities;
    assert.deepEqual(listenOnly.supervisor, { listen: true, whisper: false, barge: false });
    const monitor = (mode: 'listen' | 'whisper'): Command => ({ type: 'monitor', teamCallId: '201', mode });
    assert.deepEqual([canRun(listenOnly, monitor('listen')), canRun(listenOnly, monitor('whisper')), canRun(plain, monitor('listen'))], [true, false, false]);
    for (const type of ['swap', 'merge', 'complete-transfer'] as const) assert.equal(canRun(plain, { type, callId: 'c1' }), true, type);
  });

  it('keeps valid codes and switch digits as given', () => {
    const codes = { listen: '*44{extension}', whisper: '#45{extension}#', barge: '555{extension}', switchDigits: { listen: '4', whisper: '5', barge: '6' } };
    assert.deepEqual(sip({ ...BASE, supervisorCodes: codes }).options.supervisorCodes, codes);
    assert.deepEqual(sip({ ...BASE, supervisorCodes: { barge: '*46{extension}' } }).options.supervisorCodes, { barge: '*46{extension}' });
    assert.equal('supervisorCodes' in sip(BASE).options, false);
  });

  it('names the field of every mistake in the codes', () => {
    assert.equal(fieldOf('*44'), 'provider.sip.supervisorCodes');
    assert.equal(fieldOf({}), 'provider.sip.supervisorCodes', 'at least one mode');
    assert.equal(fieldOf({ listen: '*44' }), 'provider.sip.supervisorCodes.listen', 'no {extension}');
    assert.equal(fieldOf({ listen: '*44{extension}{extension}' }), 'provider.sip.supervisorCodes.listen');
    assert.equal(fieldOf({ listen: '*44{extension}', whisper: 'sip:*45{extension}@pbx' }), 'provider.sip.supervisorCodes.whisper');
    assert.equal(fieldOf({ listen: '*44{extension}', barge: 46 }), 'provider.sip.supervisorCodes.barge');
    assert.equal(fieldOf({ lisen: '*44{extension}' }), 'provider.sip.supervisorCodes.lisen', 'a misspelt mode');
    assert.equal(fieldOf({ listen: '*44{extension}', switchDigits: { whisper: 'five' } }), 'provider.sip.supervisorCodes.switchDigits.whisper');
    assert.equal(fieldOf({ listen: '*44{extension}', switchDigits: { spy: '4' } }), 'provider.sip.supervisorCodes.switchDigits.spy');
    assert.throws(() => sip({ ...BASE, supervisorCodes: { listen: '*44' } }), /provider\.sip\.supervisorCodes\.listen must be a dial string with \{extension\}.*got "\*44"/);
  });

  it('refuses supervisor commands without codes as unsupported, and multi-party commands on unknown calls as unknown-call', async () => {
    const plain = provider();
    await assert.rejects(plain.monitor!('201', 'listen'), (error: unknown) => error instanceof ProviderError && error.code === 'unsupported' && /provider\.sip\.supervisorCodes\.listen/.test(error.message));
    await assert.rejects(runCommand(plain, { type: 'monitor', teamCallId: '201', mode: 'barge' }), { name: 'ProviderError', code: 'unsupported' });
    await assert.rejects(plain.setMonitorMode!('no-such-call', 'whisper'), { name: 'ProviderError', code: 'unsupported' }, 'the capability before the call');
    const listenOnly = provider({ supervisorCodes: { listen: '*44{extension}' } });
    await assert.rejects(listenOnly.monitor!('201', 'whisper'), { name: 'ProviderError', code: 'unsupported' });
    await assert.rejects(listenOnly.monitor!('201', 'listen'), { name: 'ProviderError', code: 'not-connected' });
    await assert.rejects(listenOnly.setMonitorMode!('no-such-call', 'listen'), { name: 'ProviderError', code: 'unknown-call' });
    const calls: Array<Promise<unknown>> = [
      plain.addParticipant!('no-such-call', '201', { mode: 'consult' }),
      plain.swap!('no-such-call'),
      plain.merge!('no-such-call'),
      plain.completeTransfer!('no-such-call'),
      plain.holdParticipant!('no-such-call', 'p1'),
      plain.resumeParticipant!('no-such-call', 'p1'),
      plain.removeParticipant!('no-such-call', 'p1'),
    ];
    for (const call of calls) await assert.rejects(call, { name: 'ProviderError', code: 'unknown-call' });
  });
});
