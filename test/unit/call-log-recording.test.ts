import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineConfig } from '../../src/config/index.js';
import { DEFAULT_REDUCER_OPTIONS, initialState, type ConnectorEvent } from '../../src/core/index.js';
import { buildCallLog } from '../../src/core/call-log.js';
import { callLogToTask } from '../../src/salesforce/opencti/bridge.js';
import { simulator } from '../../src/providers/simulator/index.js';
import { runReducer } from './fakes/run-reducer.js';

const T0 = Date.UTC(2026, 11, 1, 3, 0, 0);
const LOCATION = 'https://pbx.example.com/rec/c1.wav';
const events: ConnectorEvent[] = [
  { type: 'ringing', callId: 'c1', at: T0, from: '+14155550142' },
  { type: 'connected', callId: 'c1', at: T0 + 1000 },
  { type: 'recording', callId: 'c1', at: T0 + 2000, active: true, location: LOCATION },
  { type: 'recording', callId: 'c1', at: T0 + 5000, active: false },
  { type: 'ended', callId: 'c1', at: T0 + 9000, reason: 'hangup-remote' },
];

describe("a recorded call's location on its Task", () => {
  it('the call keeps the location after the recording stops, and its log carries it', () => {
    const { state } = runReducer(events.slice(0, 4), DEFAULT_REDUCER_OPTIONS, initialState());
    assert.deepEqual(state.calls.c1?.recording, { active: false, location: LOCATION });
    const ended = runReducer(events, { ...DEFAULT_REDUCER_OPTIONS, wrapUp: false }, initialState());
    const call = ended.state.calls.c1 ?? ended.state.recent.find((recent) => recent.id === 'c1');
    assert.ok(call, 'the ended call');
    assert.equal(buildCallLog(call as Parameters<typeof buildCallLog>[0]).recordingLocation, LOCATION);
  });
  it('a recording event before the answer changes nothing', () => {
    const { state } = runReducer([events[0]!, events[2]!], DEFAULT_REDUCER_OPTIONS, initialState());
    assert.equal(state.calls.c1?.recording, undefined);
  });
  it('on the Task: a line of the Description by default, or the configured field', () => {
    const { state } = runReducer(events.slice(0, 3), DEFAULT_REDUCER_OPTIONS, initialState());
    const log = { ...buildCallLog(state.calls.c1!), notes: 'Called back.' };
    const byDescription = callLogToTask(log);
    assert.equal(byDescription.Description, `Called back.\n\nRecording: ${LOCATION}`);
    const byField = callLogToTask(log, undefined, 'Task', { recordingField: 'Recording_URL__c' });
    assert.equal(byField.Recording_URL__c, LOCATION);
    assert.equal(byField.Description, 'Called back.');
  });
  it('logging.recordingField is an API name', () => {
    assert.equal(defineConfig({ provider: simulator(), logging: { recordingField: 'Recording_URL__c' } }).logging.recordingField, 'Recording_URL__c');
    assert.throws(() => defineConfig({ provider: simulator(), logging: { recordingField: 'Recording URL' } }), /logging\.recordingField/);
  });
});
