/**
 * The call log's wording and numbers, rule by rule: which record is the WhoId or the WhatId, the
 * billable seconds, the outcome label, the subject (built-in and templated), the participants'
 * lines; and the in-memory outbox and the monotonic clock the connector relies on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callDurationSeconds, MemoryCallLogOutbox, monotonicClock, outcomeLabel, participantLines, relationOf, type CallState, type EndReason } from '../../src/core/index.js';
import { buildCallLog, callSubject, localDate } from '../../src/core/call-log.js';

const T0 = Date.UTC(2026, 10, 24, 15, 0, 0);
const record = (objectType: string) => ({ id: `${objectType}-1`, objectType });
const call = (changes: Partial<CallState> = {}): CallState => ({
  id: 'c1',
  direction: 'inbound',
  phase: 'wrap-up',
  remote: { raw: '4155550142', e164: '+14155550142', display: '+1 415 555 0142' },
  startedAt: T0,
  held: false,
  muted: false,
  log: { revision: 1, savedRevision: 0 },
  ...changes,
});

describe('relationOf', () => {
  it('by default a Contact or Lead is the WhoId, Task, Event and User nothing, any other object the WhatId', () => {
    assert.equal(relationOf(record('Contact')), 'who');
    assert.equal(relationOf(record('Lead')), 'who');
    for (const unrelated of ['Task', 'Event', 'User']) assert.equal(relationOf(record(unrelated)), undefined, unrelated);
    for (const what of ['Account', 'Case', 'Opportunity', 'Custom__c']) assert.equal(relationOf(record(what)), 'what', what);
  });

  it('follows the configured objects; a default Who object left out of whoObjects relates to nothing', () => {
    const rules = { whoObjects: ['Contact'] };
    assert.equal(relationOf(record('Contact'), rules), 'who');
    assert.equal(relationOf(record('Lead'), rules), undefined);
    assert.equal(relationOf(record('Case'), rules), 'what');
    assert.equal(relationOf(record('User'), rules), undefined);
    assert.equal(relationOf(record('Patient__c'), { whoObjects: ['Patient__c'] }), 'who');
    const onlyCases = { whatObjects: ['Case'] };
    assert.equal(relationOf(record('Case'), onlyCases), 'what');
    assert.equal(relationOf(record('Account'), onlyCases), undefined);
    assert.equal(relationOf(record('Contact'), onlyCases), 'who');
  });
});

describe('callDurationSeconds', () => {
  it('is 0 unless answered and ended, at least 1 once answered, rounded to the nearest second', () => {
    assert.equal(callDurationSeconds(call({ endedAt: T0 + 5000 })), 0, 'never answered');
    assert.equal(callDurationSeconds(call({ connectedAt: T0 })), 0, 'not ended');
    assert.equal(callDurationSeconds(call({ connectedAt: T0, endedAt: T0 + 200 })), 1);
    assert.equal(callDurationSeconds(call({ connectedAt: T0, endedAt: T0 + 1499 })), 1);
    assert.equal(callDurationSeconds(call({ connectedAt: T0, endedAt: T0 + 1500 })), 2);
    assert.equal(callDurationSeconds(call({ connectedAt: T0, endedAt: T0 + 65_400 })), 65);
    assert.equal(callDurationSeconds(call({ connectedAt: T0 + 5000, endedAt: T0 })), 1, 'a clock step back is never negative');
  });
});

describe('outcomeLabel and the subject', () => {
  it('labels every way a call can end', () => {
    const table: [Partial<CallState>, string][] = [
      [{ connectedAt: T0, endReason: 'hangup-remote' }, 'Completed'],
      [{ connectedAt: T0 }, 'Completed'],
      [{ connectedAt: T0, endReason: 'transferred' }, 'Transferred'],
      [{ connectedAt: T0, endReason: 'hangup-local', conferenced: true }, 'Conference'],
      [{ connectedAt: T0, monitoring: { teamCallId: 't', mode: 'listen' } as CallState['monitoring'] }, 'Monitored'],
      [{ endReason: 'failed' }, 'Failed'],
      [{ endReason: 'rejected' }, 'Declined'],
      [{ endReason: 'hangup-local' }, 'Declined'],
      [{}, 'Declined'],
      [{ endReason: 'missed' }, 'Missed'],
      [{ endReason: 'hangup-remote' }, 'Missed'],
      [{ direction: 'outbound', endReason: 'hangup-local' }, 'Cancelled'],
      [{ direction: 'outbound' }, 'Cancelled'],
      [{ direction: 'outbound', endReason: 'rejected' }, 'Busy'],
      [{ direction: 'outbound', endReason: 'missed' }, 'No answer'],
      [{ direction: 'outbound', endReason: 'failed' }, 'Failed'],
    ];
    for (const [changes, label] of table) assert.equal(outcomeLabel(call(changes)), label, JSON.stringify(changes));
  });

  it('writes the built-in subjects with the caller name and number', () => {
    const named = { remote: { raw: '4155550142', display: '+1 415 555 0142', displayName: 'Maria Chen' } };
    assert.equal(callSubject(call({ ...named, connectedAt: T0, endReason: 'hangup-remote' })), 'Inbound call from Maria Chen (+1 415 555 0142)');
    assert.equal(callSubject(call({ endReason: 'missed' })), 'Missed call from +1 415 555 0142');
    assert.equal(callSubject(call({ endReason: 'rejected' })), 'Declined call from +1 415 555 0142');
    assert.equal(callSubject(call({ endReason: 'failed' })), 'Failed call from +1 415 555 0142');
    assert.equal(callSubject(call({ direction: 'outbound', connectedAt: T0 })), 'Outbound call to +1 415 555 0142');
    assert.equal(callSubject(call({ direction: 'outbound', endReason: 'rejected' })), 'Unanswered call to +1 415 555 0142');
    assert.equal(callSubject(call({ remote: { raw: '', display: '' }, endReason: 'missed' })), 'Missed call from unknown number');
  });

  it('fills a subject template, name falling back to the record, then the number; unknown placeholders stay', () => {
    const template = '{direction} {outcome}: {name} / {number} {other}';
    assert.equal(callSubject(call({ connectedAt: T0, remote: { raw: '1', display: '+1 415', displayName: 'Ada' } }), template), 'Inbound Completed: Ada / +1 415 {other}');
    assert.equal(callSubject(call({ direction: 'outbound', who: { id: '003', objectType: 'Contact', name: 'Tom Becker' } }), template), 'Outbound Cancelled: Tom Becker / +1 415 555 0142 {other}');
    assert.equal(callSubject(call({ endReason: 'missed' }), '{name}'), '+1 415 555 0142');
    assert.equal(callSubject(call({ remote: { raw: '', display: '' } }), '{name} {number}'), 'unknown number unknown number');
  });
});

describe('buildCallLog', () => {
  it('carries the call into a host-neutral log: number, duration, disposition, notes, records, date, participants', () => {
    const ended: EndReason = 'hangup-remote';
    const log = buildCallLog(
      call({
        connectedAt: T0 + 2000,
        endedAt: T0 + 62_000,
        endReason: ended,
        wrapUp: { disposition: 'Resolved', notes: 'All good' },
        who: { id: '003A', objectType: 'Contact' },
        what: { id: '500B', objectType: 'Case' },
        transferredTo: '+14155550111',
        conferenced: true,
      }),
      { subject: '{outcome}' },
    );
    assert.deepEqual(log, {
      callId: 'c1',
      direction: 'inbound',
      subject: 'Conference',
      remoteNumber: '+14155550142',
      durationSeconds: 60,
      disposition: 'Resolved',
      notes: 'All good',
      whoId: '003A',
      whatId: '500B',
      activityDate: localDate(T0),
      endReason: 'hangup-remote',
      startedAt: T0,
      endedAt: T0 + 62_000,
      transferredTo: '+14155550111',
      conferenced: true,
    });
    const bare = buildCallLog(call({ remote: { raw: '4155550142', display: '4155550142' }, wrapUp: { disposition: '', notes: '' } }));
    assert.equal(bare.remoteNumber, '4155550142', 'the raw number when there is no E.164');
    assert.equal(bare.disposition, 'Declined', 'the outcome until the agent picks a disposition');
    assert.equal(bare.endReason, 'hangup-local');
    assert.equal(bare.endedAt, T0, 'a call with no end time ends when it started');
    for (const key of ['notes', 'whoId', 'whatId', 'participants', 'transferredTo', 'conferenced']) assert.equal(key in bare, false, `no ${key}`);
  });

  it('dates the activity in local time, zero-padded', () => {
    const date = new Date(2026, 0, 5, 23, 30);
    assert.equal(localDate(date.getTime()), '2026-01-05');
  });

  it('lists each participant: who, how they took part, whether they stayed', () => {
    const log = buildCallLog(
      call({
        connectedAt: T0,
        endedAt: T0 + 10_000,
        participants: [
          { id: 'p1', role: 'agent', number: '+14155550111', displayName: 'Sam Lee', mode: 'conference', phase: 'connected', connectedAt: T0 },
          { id: 'p2', role: 'external', number: '+14155550122', mode: 'consult', phase: 'left' },
          { id: 'p3', role: 'supervisor', displayName: 'Ana', mode: 'conference', supervisorMode: 'whisper', phase: 'left', connectedAt: T0 },
        ] as unknown as CallState['participants'],
      }),
    );
    assert.deepEqual(log.participants, [
      { role: 'agent', number: '+14155550111', name: 'Sam Lee', mode: 'conference', answered: true, stayed: true },
      { role: 'external', number: '+14155550122', mode: 'consult', answered: false, stayed: false },
      { role: 'supervisor', name: 'Ana', mode: 'conference', supervisorMode: 'whisper', answered: true, stayed: false },
    ]);
    assert.deepEqual(participantLines({ ...log, transferredTo: '+1 415 555 0199' }), [
      'Transferred to +1 415 555 0199',
      'Agent Sam Lee (+14155550111): conference, stayed',
      'External +14155550122: no answer, left',
      'Supervisor Ana: whisper, left',
    ]);
    assert.deepEqual(participantLines({ participants: [{ role: 'supervisor', mode: 'conference', answered: true, stayed: true }] }), ['Supervisor unknown: listen, stayed']);
    assert.deepEqual(participantLines({}), []);
  });
});

describe('MemoryCallLogOutbox and monotonicClock', () => {
  it('stores deep copies, loads them oldest first, counts its writes and keeps the recent list', async () => {
    const outbox = new MemoryCallLogOutbox();
    const late = call({ id: 'late', startedAt: T0 + 10 });
    const early = call({ id: 'early', startedAt: T0 });
    await outbox.write({ puts: [late, early], deletes: [] });
    await outbox.put(call({ id: 'gone', startedAt: T0 + 5 }));
    await outbox.write({ puts: [], deletes: ['gone'], recent: [{ id: 'r1', direction: 'inbound', remote: { raw: '1', display: '1' }, endReason: 'missed', outcome: 'Missed', durationSeconds: 0, endedAt: T0 }] });
    assert.equal(outbox.writes, 3);
    const loaded = await outbox.load();
    assert.deepEqual(loaded.map((stored) => stored.id), ['early', 'late']);
    assert.deepEqual(loaded[0], early);
    assert.notEqual(loaded[0], early, 'a copy, not the object written');
    assert.deepEqual(outbox.ids().sort(), ['early', 'late']);
    assert.deepEqual((await outbox.loadRecent()).map((recent) => recent.id), ['r1']);
    assert.deepEqual(await new MemoryCallLogOutbox().loadRecent(), []);
  });

  it('never runs backwards', () => {
    const readings = [100, 90, 150, 150, 120, 200];
    const clock = monotonicClock(() => readings.shift()!);
    assert.deepEqual([clock(), clock(), clock(), clock(), clock(), clock()], [100, 100, 150, 150, 150, 200]);
  });
});
