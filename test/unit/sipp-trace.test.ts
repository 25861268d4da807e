// SIPp's message trace (`-trace_msg`) read for the benchmarks: the time each request left SIPp.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sentTimes } from '../../src/lab/sipp.js';

// As SIPp 3.6.1 writes it: a dashed line with the local time to the microsecond, then the message.
const TRACE = [
  '----------------------------------------------- 2026-12-01 05:35:22.126093',
  'UDP message sent (511 bytes):',
  '',
  'INVITE sip:agent1@127.0.0.1:15505 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:15511;branch=z9hG4bK-1',
  '',
  '----------------------------------------------- 2026-12-01 05:35:22.140000',
  'UDP message received [342] bytes :',
  '',
  'SIP/2.0 180 Ringing',
  '',
  '----------------------------------------------- 2026-12-01 05:35:25.000500',
  'UDP message sent (300 bytes):',
  '',
  'ACK sip:agent1@127.0.0.1 SIP/2.0',
  '',
  '----------------------------------------------- 2026-12-01 05:35:26.629538',
  'UDP message sent (511 bytes):',
  '',
  'INVITE sip:agent1@127.0.0.1:15505 SIP/2.0',
  '',
].join('\n');

describe('sentTimes (SIPp -trace_msg)', () => {
  it('gives the local wall-clock time of each request of a method that SIPp sent, in order, to the microsecond', () => {
    const invites = sentTimes(TRACE, 'INVITE');
    assert.deepEqual(invites, [new Date(2026, 11, 1, 5, 35, 22).getTime() + 126.093, new Date(2026, 11, 1, 5, 35, 26).getTime() + 629.538]);
    assert.deepEqual(sentTimes(TRACE, 'ACK'), [new Date(2026, 11, 1, 5, 35, 25).getTime() + 0.5]);
  });

  it('ignores received messages and methods not asked for', () => {
    assert.deepEqual(sentTimes(TRACE, 'BYE'), []);
    assert.deepEqual(sentTimes(TRACE.replace(/sent/g, 'received'), 'INVITE'), []);
  });
});
