/**
 * Edge cases of the core that mutation testing found unchecked: each assertion here failed on a
 * mutant that every other test let through (docs/testing.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advanceCall, DTMF_DIGITS, MemoryCallLogOutbox, ProviderError, SoftphoneError, startCall, takeEarly, type CallState, type EarlyCallEvent } from '../../src/core/index.js';

describe('core edge cases', () => {
  it('a monitoring leg without a customer number has an empty number and is not on hold', () => {
    const leg = startCall({ type: 'monitoring', callId: 'm1', at: 1, teamCallId: 't1', mode: 'barge' }, { defaultRegion: 'US', wrapUp: true });
    assert.equal(leg.remote.raw, '');
    assert.equal(leg.held, false);
  });

  it('the in-memory outbox stores a call put into it', async () => {
    const outbox = new MemoryCallLogOutbox();
    const call = { id: 'planted', direction: 'inbound', phase: 'connected', remote: { raw: '1', display: '1' }, startedAt: 1, held: false, muted: false, log: { revision: 0, savedRevision: 0 } } satisfies CallState;
    await outbox.put(call);
    assert.deepEqual(outbox.ids(), ['planted']);
    assert.deepEqual(await outbox.load(), [call]);
  });

  it('errors carry their class name, which logs and error reports show', () => {
    assert.equal(new SoftphoneError('x', 'm').name, 'SoftphoneError');
    assert.equal(new ProviderError('unsupported', 'm').name, 'ProviderError');
    assert.match(String(new ProviderError('unsupported', 'No hold.')), /^ProviderError: No hold\.$/);
  });

  it('DTMF_DIGITS accepts whole strings of keypad digits and pauses, nothing else', () => {
    for (const digits of ['1', '0123456789', '*#', 'ABCDabcd', '12,,34']) assert.equal(DTMF_DIGITS.test(digits), true, digits);
    for (const digits of ['', 'x', '12x', 'x12', '1 2', 'E']) assert.equal(DTMF_DIGITS.test(digits), false, JSON.stringify(digits));
  });

  it('a call\'s early events apply connect first and end last, even when the end was timed earlier', () => {
    const events = [
      { type: 'ended', callId: 'c1', at: 1, reason: 'hangup-remote' },
      { type: 'participant-left', callId: 'c1', at: 4, participantId: 'p', reason: 'hangup' },
      { type: 'connected', callId: 'c1', at: 6 },
    ] as EarlyCallEvent[];
    assert.deepEqual(takeEarly(events, 'c1').mine.map((event) => event.type), ['connected', 'participant-left', 'ended']);
  });

  it('every kind of call-quality warning has its own text for the agent', () => {
    const options = { defaultRegion: 'US', wrapUp: true } as const;
    const call = advanceCall(startCall({ type: 'ringing', callId: 'c1', at: 1, from: '+14155550142' }, options), { type: 'connected', callId: 'c1', at: 2 }, options);
    const kinds = ['latency', 'packet-loss', 'jitter', 'audio-input', 'audio-output', 'network', 'quality'] as const;
    const texts = kinds.map((kind) => advanceCall(call, { type: 'warning', callId: 'c1', at: 3, kind, active: true }, options).warnings?.[0]?.message ?? '');
    for (const [index, text] of texts.entries()) assert.ok(text.length > 10, `${kinds[index]}: "${text}"`);
    assert.equal(new Set(texts).size, kinds.length, 'no two kinds share a text');
  });
});
