import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, canRun } from '../../src/core/index.js';
import { SipProvider, sip } from '../../src/providers/sip/index.js';
import { recordingLocation } from '../../src/providers/sip/sip-recording.js';

const base = { server: 'wss://pbx.example.com:8089/ws', user: 'agent1' } as const;

describe('SIP recording and early media settings', () => {
  it('recording: a location template with {callId}, on-demand by default or always', () => {
    assert.deepEqual(sip({ ...base, recording: { location: 'https://pbx.example.com/rec/{callId}.wav' } }).options.recording, { location: 'https://pbx.example.com/rec/{callId}.wav', start: 'on-demand' });
    assert.equal(sip({ ...base, recording: { location: '/lab/recordings/{callId}.wav', start: 'always' } }).options.recording?.start, 'always');
    assert.throws(() => sip({ ...base, recording: { location: 'https://pbx.example.com/rec.wav' } }), (error: unknown) => error instanceof ConfigError && /recording\.location/.test(error.message));
    assert.throws(() => sip({ ...base, recording: { location: '/r/{callId}', start: 'sometimes' as 'always' } }), /recording\.start/);
    assert.throws(() => sip({ ...base, recording: { location: '/r/{callId}', format: 'mp3' } as never }), /recording\.format/);
  });
  it('earlyMedia must be a boolean', () => {
    assert.equal(sip({ ...base, earlyMedia: false }).options.earlyMedia, false);
    assert.throws(() => sip({ ...base, earlyMedia: 'yes' as unknown as boolean }), /earlyMedia/);
  });
  it('the provider can record only with a gateway configured, and the record command follows', () => {
    const without = new SipProvider(sip(base).options);
    const withGateway = new SipProvider(sip({ ...base, recording: { location: '/r/{callId}' } }).options);
    assert.equal(without.capabilities.recording, false);
    assert.equal(withGateway.capabilities.recording, true);
    assert.equal(canRun(without.capabilities, { type: 'record', callId: 'c1', on: true }), false);
    assert.equal(canRun(withGateway.capabilities, { type: 'record', callId: 'c1', on: true }), true);
  });
  it('the location names the call, escaped, and a path is made absolute against the page', () => {
    assert.equal(recordingLocation('https://pbx.example.com/rec/{callId}.wav', 'a b@host'), 'https://pbx.example.com/rec/a%20b%40host.wav');
    const globals = globalThis as { location?: unknown };
    const saved = globals.location;
    globals.location = { href: 'http://127.0.0.1:4000/softphone/' };
    try {
      assert.equal(recordingLocation('/lab/recordings/{callId}.wav', '1-2@127.0.0.1'), 'http://127.0.0.1:4000/lab/recordings/1-2%40127.0.0.1.wav');
    } finally {
      globals.location = saved;
    }
  });
});
