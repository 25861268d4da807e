import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDUCER_OPTIONS, initialState, type ConnectorEvent } from '../../src/core/index.js';
import { runReducer } from './fakes/run-reducer.js';

const T0 = Date.UTC(2026, 11, 1, 3, 0, 0);
const run = (events: ConnectorEvent[]) => runReducer(events, DEFAULT_REDUCER_OPTIONS, initialState());
const dial: ConnectorEvent = { type: 'dialing', callId: 'o1', at: T0, to: '+14155550142' };
const alerting = (earlyMedia: boolean, at = T0 + 200): ConnectorEvent => ({ type: 'alerting', callId: 'o1', at, earlyMedia });

describe('an outbound call whose far end alerts or plays early media', () => {
  it('180 shows ringing, a 183 with SDP early media; a later 180 does not take early media back', () => {
    assert.equal(run([dial, alerting(false)]).state.calls.o1?.alerting, 'ringing');
    assert.equal(run([dial, alerting(false), alerting(true)]).state.calls.o1?.alerting, 'early-media');
    assert.equal(run([dial, alerting(true), alerting(false)]).state.calls.o1?.alerting, 'early-media');
  });
  it('stays dialing (not connected, no duration) until the answer, which clears the alerting', () => {
    const early = run([dial, alerting(true)]).state.calls.o1;
    assert.equal(early?.phase, 'dialing');
    assert.equal(early?.connectedAt, undefined);
    const answered = run([dial, alerting(true), { type: 'connected', callId: 'o1', at: T0 + 3000 }]).state.calls.o1;
    assert.equal(answered?.phase, 'connected');
    assert.equal(answered?.connectedAt, T0 + 3000);
    assert.equal(answered?.alerting, undefined);
  });
  it('is ignored on an inbound call and on one already answered', () => {
    const inbound = run([{ type: 'ringing', callId: 'o1', at: T0, from: '+14155550142' }, alerting(true)]);
    assert.equal(inbound.state.calls.o1?.alerting, undefined);
    const answered = run([dial, { type: 'connected', callId: 'o1', at: T0 + 100 }, alerting(true)]);
    assert.equal(answered.state.calls.o1?.alerting, undefined);
  });
  it('changes nothing the host sees: no effect of its own', () => {
    assert.deepEqual(run([dial, alerting(true)]).effects.length, run([dial]).effects.length);
  });
});
