// The Twilio provider in contact-centre mode, on fakes of the Voice SDK's Device and the TaskRouter
// SDK's Worker (both type-checked against the SDKs' published types) and a fake of the server's
// `/api/twilio/cc/…` routes: the conformance kit, then routing, reload, supervision and errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, Connector, ProviderError, type CallEvent, type RingingEvent } from '../../src/core/index.js';
import { createTwilioProvider, twilio, TwilioCallControlError, TwilioContactCentreProvider } from '../../src/providers/twilio/index.js';
import { conformanceSuite, EventRecorder, FakeBridge, nodeHandles, type ConformanceDriver } from '../../src/testing/index.js';
import { FakeWorker } from './fakes/taskrouter-sdk.js';
import { FakeContactCentre } from './fakes/twilio-cc-server.js';
import { FakeDevice } from './fakes/twilio-sdk.js';

type Options = Exclude<Parameters<typeof twilio>[0], undefined>['contactCentre'];

/** A contact-centre provider on the fakes; `server` is the fake server it talks to. */
function setup(contactCentre: Options = { refreshMs: 250 }, server = new FakeContactCentre()) {
  const devices: FakeDevice[] = [];
  const workers: FakeWorker[] = [];
  const provider = createTwilioProvider(twilio({ contactCentre }), {
    createDevice: (token, options) => {
      const device = new FakeDevice(token, options);
      devices.push(device);
      server.device = device;
      return device;
    },
    createWorker: (token, options) => {
      const worker = new FakeWorker(token, options);
      workers.push(worker);
      server.worker = worker;
      return worker;
    },
    fetch: server.fetch,
    reregisterMs: 20,
  });
  assert.ok(provider instanceof TwilioContactCentreProvider);
  return { provider, server, devices, workers };
}

let current: ReturnType<typeof setup> | undefined;
const server = (): FakeContactCentre => {
  if (!current) throw new Error('no provider yet');
  return current.server;
};

const driver: ConformanceDriver = {
  ring: async (call) => void server().offer({ from: call.from, ...(call.displayName ? { caller_name: call.displayName } : {}), ...call.data }),
  remoteHangup: async (taskSid) => {
    const state = server().tasks.get(taskSid)!;
    if (state.reservation.status === 'pending') state.reservation.settle('canceled', 'canceled');
    else {
      const conference = server().conference(taskSid);
      server().leave(conference, conference.parties.find((party) => party.role === 'customer')!);
    }
  },
  ringOut: async (taskSid) => server().tasks.get(taskSid)!.reservation.settle('timeout', 'timeout'),
  dropTransport: async () => current!.devices.at(-1)!.drop(),
  answerParticipant: async (taskSid, participantId) => void (server().party(server().conference(taskSid).sid, participantId).status = 'connected'),
  rejectParticipant: async (taskSid, participantId) => server().leave(server().conference(taskSid), server().party(server().conference(taskSid).sid, participantId)),
  hangupParticipant: async (taskSid, participantId) => server().leave(server().conference(taskSid), server().party(server().conference(taskSid).sid, participantId)),
  startTeamCall: async () => void server().teamCall(),
  openHandles: () => (current?.devices ?? []).reduce((sum, device) => sum + device.openListeners(), 0) + (current?.workers ?? []).reduce((sum, worker) => sum + worker.openListeners(), 0) + nodeHandles(),
};

conformanceSuite({
  name: 'twilio contact centre (fake Device, Worker and server)',
  createProvider: () => {
    const fake = new FakeContactCentre();
    // A supervisor who also takes calls: the kit's supervisor check lists a team call and monitors it.
    fake.role = 'supervisor';
    current = setup({ refreshMs: 250, supervisor: true }, fake);
    return current.provider;
  },
  driver,
});

async function connected(contactCentre: Options = { refreshMs: 250 }, fake = new FakeContactCentre()) {
  const made = setup(contactCentre, fake);
  const recorder = new EventRecorder();
  await made.provider.connect(recorder.context);
  return { ...made, recorder, events: recorder.events as CallEvent[] };
}

const of = (events: readonly CallEvent[], callId: string) => events.filter((event) => 'callId' in event && event.callId === callId).map((event) => (event.type === 'ended' ? `ended:${event.reason}` : event.type));

describe('twilio contact-centre mode', () => {
  it('validates its options with errors that name the field', () => {
    assert.throws(() => twilio({ contactCentre: { baseUrl: 'ftp://x' } }), (error: unknown) => error instanceof ConfigError && error.field === 'provider.twilio.contactCentre.baseUrl');
    assert.throws(() => twilio({ contactCentre: { refreshMs: 10 } }), (error: unknown) => error instanceof ConfigError && error.field === 'provider.twilio.contactCentre.refreshMs');
    assert.throws(() => twilio({ contactCentre: 'yes' as unknown as boolean }), (error: unknown) => error instanceof ConfigError && error.field === 'provider.twilio.contactCentre');
    assert.deepEqual(twilio({ contactCentre: true }).options.contactCentre, { baseUrl: '/api/twilio/cc' });
    assert.ok(twilio({ contactCentre: true }).connectSources?.includes('wss://event-bridge.twilio.com'));
    assert.equal(twilio().options.contactCentre, undefined);
    assert.throws(() => createTwilioProvider(twilio({ contactCentre: true }), { createDevice: (token, options) => new FakeDevice(token, options) }), ConfigError);
  });

  it('connects with the worker token, reads presence, and rings a reservation with the task attributes as pop data', async () => {
    const { provider, server: fake, workers, devices, events } = await connected();
    assert.equal(provider.health, 'ready');
    assert.equal(devices[0]?.tokens[0], 'worker-token-1');
    assert.equal(workers[0]?.tokens[0], 'worker-token-1');
    assert.equal(workers[0]?.options.setWorkerOfflineIfDisconnected, false, 'a reload must not make the worker offline');
    assert.ok(events.some((event) => event.type === 'presence-changed' && event.status === 'offline'));
    const reservation = fake.offer({ from: '+14155550123', caller_name: 'Ada Lovelace', account_number: 'ACME-42', Digits: '2' });
    const ringing = events.find((event): event is RingingEvent => event.type === 'ringing');
    assert.equal(ringing?.callId, reservation.task.sid);
    assert.equal(ringing?.from, '+14155550123');
    assert.equal(ringing?.displayName, 'Ada Lovelace');
    assert.equal(ringing?.queue, 'Support');
    assert.deepEqual(ringing?.data, { type: 'inbound', account_number: 'ACME-42', Digits: '2' });
    await provider.disconnect();
  });

  it('accepts through the server, answers the conference leg by itself, and reports connected', async () => {
    const { provider, server: fake, recorder, devices, events } = await connected();
    const { task } = fake.offer({ from: '+14155550123' });
    await provider.answer(task.sid);
    await recorder.next('connected', (event) => event.type === 'connected' && event.callId === task.sid, 1000);
    assert.ok(fake.requests.some((request) => request.method === 'POST' && request.path === `/reservations/${task.sid}/${fake.tasks.get(task.sid)!.reservation.sid}/accept`));
    assert.equal(devices[0]?.calls[0]?.status(), 'open', 'the agent leg was accepted without the agent clicking twice');
    assert.deepEqual(of(events, task.sid), ['ringing', 'connected']);
    await provider.sendDtmf(task.sid, '12#');
    assert.equal(devices[0]?.calls[0]?.digits, '12#');
    await provider.disconnect();
  });

  it('declines through the server (rejected), and a timed-out or cancelled reservation ends as missed', async () => {
    const { provider, server: fake, events } = await connected();
    const declined = fake.offer({ from: '+14155550123' }).task.sid;
    await provider.decline(declined);
    assert.equal(fake.tasks.get(declined)!.reservation.status, 'rejected');
    const timedOut = fake.offer({ from: '+14155550124' });
    timedOut.settle('timeout', 'timeout');
    const cancelled = fake.offer({ from: '+14155550125' });
    cancelled.settle('canceled', 'canceled');
    assert.deepEqual(of(events, declined), ['ringing', 'ended:rejected']);
    assert.deepEqual(of(events, timedOut.task.sid), ['ringing', 'ended:missed']);
    assert.deepEqual(of(events, cancelled.task.sid), ['ringing', 'ended:missed']);
    await provider.disconnect();
  });

  it('holds, consults another agent, and completes a warm transfer on the conference', async () => {
    const { provider, server: fake, recorder, events } = await connected();
    const { task } = fake.offer({ from: '+14155550123' });
    await provider.answer(task.sid);
    await recorder.next('connected', (event) => event.type === 'connected', 1000);
    const conference = fake.conference(task.sid);
    await provider.hold(task.sid);
    assert.equal(conference.parties.find((party) => party.role === 'customer')?.hold, true);
    await provider.resume(task.sid);
    const consultee = await provider.addParticipant(task.sid, 'bob', { mode: 'consult', role: 'agent' });
    assert.deepEqual(fake.requests.find((request) => request.path.endsWith('/participants'))?.body, { to: { kind: 'agent', identity: 'bob' }, mode: 'consult' });
    fake.party(conference.sid, consultee).status = 'connected';
    await recorder.next('participant-connected', (event) => event.type === 'participant-connected' && event.participantId === consultee, 2000);
    await provider.completeTransfer(task.sid);
    assert.deepEqual(of(events, task.sid), ['ringing', 'connected', 'held', 'resumed', 'held', 'participant-added', 'participant-ringing', 'participant-connected', 'transferred', 'ended:transferred']);
    assert.equal(conference.parties.find((party) => party.role === 'customer')?.hold, false, 'the customer is with bob, off hold');
    assert.ok(!conference.parties.some((party) => party.identity === 'agent'), 'this agent left the conference');
    await provider.disconnect();
  });

  it("takes a colleague's consult leg as the customer's call on its conference: the pop data, hold and hang-up through the conference", async () => {
    const { provider, server: fake, recorder, events } = await connected();
    const { conference, leg } = fake.consultedBy('bob', { from: '+14155550123', caller_name: 'Ada Lovelace', account_number: 'ACME-42' });
    const ringing = events.find((event): event is RingingEvent => event.type === 'ringing' && event.callId === leg.id);
    assert.ok(ringing, 'the leg rings as a call of its own');
    assert.deepEqual([ringing.from, ringing.displayName, ringing.data], ['+14155550123', 'Ada Lovelace', { account_number: 'ACME-42' }], 'the customer, not the Twilio number the leg comes from');
    await provider.answer(leg.id);
    await recorder.next('connected', (event) => event.type === 'connected' && event.callId === leg.id, 1000);
    await recorder.next('participant-added', (event) => event.type === 'participant-added' && event.callId === leg.id && event.number === 'bob', 2000);
    await provider.hold(leg.id);
    assert.ok(fake.requests.some((request) => request.method === 'POST' && request.path === `/calls/${conference.sid}/hold`), 'hold goes to the conference');
    assert.equal(conference.parties.find((party) => party.role === 'customer')?.hold, true);
    await provider.resume(leg.id);
    await provider.hangup(leg.id);
    assert.ok(fake.requests.some((request) => request.method === 'POST' && request.path === `/calls/${conference.sid}/hangup`), 'the hang-up goes to the conference');
    assert.equal(conference.status, 'in-progress', 'bob still has the customer');
    assert.deepEqual(conference.parties.map((party) => party.identity ?? party.role), ['customer', 'bob'], 'only this agent left');
    assert.deepEqual(of(events, leg.id).filter((type) => !type.startsWith('participant-')), ['ringing', 'connected', 'held', 'resumed', 'ended:hangup-local']);

    // A leg that names no conference: the Twilio number it comes from, and no conference commands.
    const bare = fake.consultedBy('bob', { from: '+14155550124' }, false);
    const plain = events.find((event): event is RingingEvent => event.type === 'ringing' && event.callId === bare.leg.id);
    assert.equal(plain?.from, '+14155550100');
    await provider.answer(bare.leg.id);
    await assert.rejects(provider.hold(bare.leg.id), (error: unknown) => error instanceof ProviderError && error.code === 'unsupported');
    await provider.disconnect();
  });

  it('completes the task when the agent saves the wrap-up (through the connector), and the worker becomes available', async () => {
    const fake = new FakeContactCentre();
    const { provider } = setup({ refreshMs: 250 }, fake);
    const bridge = new FakeBridge();
    const connector = new Connector({ provider, bridge, onError: () => undefined });
    await connector.start();
    const { task } = fake.offer({ from: '+14155550123' });
    await connector.execute({ type: 'answer', callId: task.sid });
    await waitFor(() => connector.getState().calls[task.sid]?.phase === 'connected');
    await connector.execute({ type: 'hangup', callId: task.sid });
    await waitFor(() => connector.getState().calls[task.sid]?.phase === 'wrap-up');
    assert.ok(!fake.requests.some((request) => request.path.endsWith('/complete')), 'not before the wrap-up is saved');
    const presence = fake.requests.length;
    await connector.saveWrapUp(task.sid, { disposition: 'Resolved', notes: 'ok' });
    await waitFor(() => fake.requests.some((request) => request.path === `/tasks/${task.sid}/complete`));
    assert.equal(fake.tasks.get(task.sid)!.task.status, 'completed');
    await waitFor(() => connector.getState().agentStatus === 'available');
    assert.ok(fake.requests.length > presence);
    await connector.stop();
  });

  it('after a reload, rejoins the live task under the same call id, and its log is written once', async () => {
    const fake = new FakeContactCentre();
    const bridge = new FakeBridge();
    const first = setup({ refreshMs: 250 }, fake);
    const connector = new Connector({ provider: first.provider, bridge, onError: () => undefined });
    await connector.start();
    const { task } = fake.offer({ from: '+14155550123' });
    await connector.execute({ type: 'answer', callId: task.sid });
    await waitFor(() => connector.getState().calls[task.sid]?.phase === 'connected');
    await connector.flush();
    // The page goes away: its leg drops, the customer is held in the conference (the server does this on the leg's end).
    const calls = connector.getState().calls;
    const conference = fake.conference(task.sid);
    const me = conference.parties.find((party) => party.identity === 'agent')!;
    // (A closed page reports nothing more: its provider is gone without ending the call.)
    await first.provider.disconnect();
    conference.parties = conference.parties.filter((party) => party !== me);
    conference.parties.find((party) => party.role === 'customer')!.hold = true;
    // The new page: the same outbox content, a new provider on the same server.
    const second = setup({ refreshMs: 250 }, fake);
    const restored = new Connector({ provider: second.provider, bridge, onError: () => undefined });
    restored.dispatch({ type: 'calls-restored', at: Date.now(), calls: Object.values(calls), recent: [] });
    const started = Date.now();
    await restored.start();
    await waitFor(() => restored.getState().calls[task.sid]?.phase === 'connected');
    assert.ok(Date.now() - started < 3000, 'rejoined within 3 s');
    assert.ok(fake.requests.some((request) => request.path === `/calls/${conference.sid}/rejoin`));
    assert.equal(conference.parties.find((party) => party.role === 'customer')?.hold, false, 'the customer is back with the agent');
    await restored.execute({ type: 'hangup', callId: task.sid });
    await restored.saveWrapUp(task.sid, { disposition: 'Resolved', notes: '' });
    await waitFor(() => fake.tasks.get(task.sid)!.task.status === 'completed');
    await restored.flush();
    await waitFor(() => bridge.logsOf(task.sid)[0]?.log.disposition === 'Resolved');
    assert.equal(bridge.logsOf(task.sid).length, 1, `one Task for the call, got ${bridge.logsOf(task.sid).length}`);
    await restored.stop();
  });

  it('after a reload, a hang-up pressed while the page is still connecting ends the call once the task is read again', async () => {
    const fake = new FakeContactCentre();
    const bridge = new FakeBridge();
    const first = setup({ refreshMs: 250 }, fake);
    const connector = new Connector({ provider: first.provider, bridge, onError: () => undefined });
    await connector.start();
    const { task } = fake.offer({ from: '+14155550123' });
    await connector.execute({ type: 'answer', callId: task.sid });
    await waitFor(() => connector.getState().calls[task.sid]?.phase === 'connected');
    const calls = connector.getState().calls;
    const conference = fake.conference(task.sid);
    await first.provider.disconnect();
    conference.parties = conference.parties.filter((party) => party.identity !== 'agent');
    conference.parties.find((party) => party.role === 'customer')!.hold = true;
    // The new page reads its live tasks slowly (a busy server): the agent presses Hang up on the restored card meanwhile.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const answer = fake.fetch;
    let waiting = 0;
    const slowTasks = async (url: string, init: RequestInit) => {
      if (!url.endsWith('/tasks') || (init.method ?? 'GET') !== 'GET') return answer(url, init);
      waiting += 1;
      return held.then(() => answer(url, init));
    };
    Object.assign(fake, { fetch: slowTasks });
    const second = setup({ refreshMs: 250 }, fake);
    const restored = new Connector({ provider: second.provider, bridge, onError: () => undefined });
    restored.dispatch({ type: 'calls-restored', at: Date.now(), calls: Object.values(calls), recent: [] });
    const starting = restored.start();
    await waitFor(() => waiting > 0);
    const hangingUp = restored.execute({ type: 'hangup', callId: task.sid });
    setTimeout(release, 50);
    await hangingUp;
    await starting;
    assert.ok(fake.requests.some((request) => request.path === `/calls/${conference.sid}/hangup`), 'the hang-up reached the server');
    await waitFor(() => restored.getState().calls[task.sid]?.phase === 'wrap-up');
    await restored.stop();
  });

  it('supervises: monitor joins in listen mode, whisper and barge change the leg, hangup leaves the call', async () => {
    const fake = new FakeContactCentre();
    fake.role = 'supervisor';
    const { provider, recorder, events, devices } = await connected({ refreshMs: 250, supervisor: true }, fake);
    // A call of the team: another agent's conference.
    fake.conferences.set('CF0000000000000000000000000000team', { sid: 'CF0000000000000000000000000000team', status: 'in-progress', parties: [{ callSid: 'CAcustomer', role: 'customer', number: '+14155550123', status: 'connected', hold: false, muted: false, coaching: false }, { callSid: 'CAbob', role: 'agent', identity: 'bob', status: 'connected', hold: false, muted: false, coaching: false }] });
    const leg = await provider.monitor('CF0000000000000000000000000000team', 'listen');
    const supervisor = () => fake.conferences.get('CF0000000000000000000000000000team')!.parties.find((party) => party.role === 'supervisor')!;
    assert.equal(leg, supervisor().callSid);
    assert.equal(devices[0]?.calls.at(-1)?.status(), 'open', 'the supervisor leg is answered by itself');
    assert.deepEqual([supervisor().muted, supervisor().coaching], [true, false]);
    await provider.setMonitorMode(leg, 'whisper');
    assert.deepEqual([supervisor().muted, supervisor().coaching], [false, true]);
    await provider.setMonitorMode(leg, 'barge');
    assert.deepEqual([supervisor().muted, supervisor().coaching], [false, false]);
    await provider.hangup(leg);
    await recorder.next('ended', (event) => event.type === 'ended' && event.callId === leg, 1000);
    const modes = events.flatMap((event) => (event.type === 'monitoring' ? [event.mode] : []));
    assert.deepEqual(modes, ['listen', 'whisper', 'barge']);
    assert.ok(!fake.requests.some((request) => request.path.endsWith('/hangup')), 'a supervisor leaving never hangs up the customer\'s call');
    await provider.disconnect();
  });

  it("lists the team's calls for a supervisor: read every refreshMs, reported on change only, the own mode shown, not for an agent, stopped by disconnect", async () => {
    const fake = new FakeContactCentre();
    fake.role = 'supervisor';
    const { provider, recorder, events } = await connected({ refreshMs: 250, supervisor: true }, fake);
    const lists = () => events.flatMap((event) => (event.type === 'team-calls' ? [event.calls] : []));
    await recorder.next('the first list', (event) => event.type === 'team-calls', 1000);
    assert.deepEqual(lists(), [[]], 'an empty team is reported once');
    const team = fake.teamCall('bob', '+14155550123');
    const listed = await recorder.next('the team call', (event) => event.type === 'team-calls' && event.calls.length === 1, 1000);
    assert.deepEqual(listed.type === 'team-calls' && listed.calls, [{ callId: team.sid, agent: 'bob', remote: '+14155550123', direction: 'inbound', startedAt: 1_700_000_000_000 }]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(lists().length, 2, 'reads that change nothing report nothing');
    assert.ok(fake.requests.filter((request) => request.path === '/team-calls').length >= 4, 'read again every refreshMs');
    const leg = await provider.monitor(team.sid, 'whisper');
    const monitoring = events.find((event) => event.type === 'monitoring' && event.callId === leg);
    assert.deepEqual(monitoring?.type === 'monitoring' && [monitoring.agent, monitoring.remote, monitoring.mode], ['bob', '+14155550123', 'whisper'], "the supervisor's card says whose call it is");
    await recorder.next('the list with the own mode', (event) => event.type === 'team-calls' && event.calls[0]?.monitoredBy === 'whisper', 1000);
    await provider.hangup(leg);
    await recorder.next('the list without the own mode', (event) => event.type === 'team-calls' && event.calls.length === 1 && event.calls[0]?.monitoredBy === undefined, 1000);
    await provider.disconnect();
    const asked = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(fake.requests.length, asked, 'nothing is read after disconnect');

    // An agent's softphone with supervision on: the server refuses the list, and the softphone stops asking.
    const agentSide = await connected({ refreshMs: 250, supervisor: true });
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(agentSide.server.requests.filter((request) => request.path === '/team-calls').length, 1, 'asked once, refused, not again');
    assert.ok(!agentSide.events.some((event) => event.type === 'team-calls'), 'no list for an agent');
    await agentSide.provider.disconnect();
  });

  it('records with the recording link on the call', async () => {
    const { provider, server: fake, recorder, events } = await connected();
    const { task } = fake.offer({ from: '+14155550123' });
    await provider.answer(task.sid);
    await recorder.next('connected', (event) => event.type === 'connected', 1000);
    await provider.setRecording(task.sid, true);
    await provider.setRecording(task.sid, false);
    const recordings = events.filter((event) => event.type === 'recording');
    assert.deepEqual(recordings.map((event) => event.type === 'recording' && [event.active, event.location]), [
      [true, 'https://api.twilio.com/2010-04-01/Accounts/ACfake/Recordings/RE00000000000000000000000000000001'],
      [false, 'https://api.twilio.com/2010-04-01/Accounts/ACfake/Recordings/RE00000000000000000000000000000001'],
    ]);
    await provider.disconnect();
  });

  it('turns the server\'s refusals into clear errors and changes nothing: 409, 410, 503, 403', async () => {
    const { provider, server: fake, recorder, events } = await connected();
    const { task } = fake.offer({ from: '+14155550123' });
    await provider.answer(task.sid);
    await recorder.next('connected', (event) => event.type === 'connected', 1000);
    const before = events.length;
    fake.faults.push({ match: /POST \/calls\/\w+\/hold/, status: 503, error: 'rate-limited', message: 'Could not hold the customer: Twilio is busy (too many requests). Nothing was changed; try again in a moment.' });
    await assert.rejects(provider.hold(task.sid), (error: unknown) => error instanceof TwilioCallControlError && error.failure === 'rate-limited' && error.code === 'transport' && /try again/.test(error.message));
    assert.equal(events.slice(before).filter((event) => event.type === 'held').length, 0, 'no held reported for a refused hold');
    fake.faults.push({ match: /POST \/calls\/\w+\/participants/, status: 403, error: 'forbidden', message: 'Not your call.' });
    await assert.rejects(provider.addParticipant(task.sid, '+14155550177', { mode: 'conference' }), (error: unknown) => error instanceof ProviderError && error.code === 'rejected' && error.message === 'Not your call.');
    await assert.rejects(provider.removeParticipant(task.sid, 'CAnobody'), (error: unknown) => error instanceof ProviderError && error.code === 'invalid-argument');
    const added = await provider.addParticipant(task.sid, '+14155550177', { mode: 'conference' });
    fake.faults.push({ match: /POST \/calls\/\w+\/resume/, status: 409, error: 'participant-gone', message: 'That participant has already left the call. Nothing else was changed.' });
    fake.party(fake.conference(task.sid).sid, added).status = 'connected';
    await recorder.next('participant-connected', (event) => event.type === 'participant-connected', 2000);
    await provider.holdParticipant(task.sid, added);
    await assert.rejects(provider.resumeParticipant(task.sid, added), (error: unknown) => error instanceof TwilioCallControlError && error.failure === 'participant-gone' && error.status === 409);
    // The call ended at Twilio meanwhile: hanging up still ends it here, once.
    fake.faults.push({ match: /POST \/calls\/\w+\/hangup/, status: 410, error: 'call-ended', message: 'Could not hang up: the call has already ended.' });
    await provider.hangup(task.sid);
    assert.deepEqual(of(events, task.sid).filter((type) => type.startsWith('ended')), ['ended:hangup-local']);
    await provider.disconnect();
  });

  it('follows the worker\'s activity as presence both ways, and renews the token on tokenExpired', async () => {
    const { provider, server: fake, workers, devices, events } = await connected();
    await provider.setPresence('available');
    assert.deepEqual(fake.requests.at(-1), { method: 'PUT', path: '/presence', body: { status: 'available' } });
    assert.equal(workers[0]?.activity.name, 'Available');
    const statuses = () => events.flatMap((event) => (event.type === 'presence-changed' ? [event.status] : []));
    assert.equal(statuses().at(-1), 'available');
    workers[0]!.emit('tokenExpired');
    await waitFor(() => workers[0]!.tokens.length === 2);
    assert.deepEqual([workers[0]!.tokens[1], devices[0]!.tokens[1]], ['worker-token-2', 'worker-token-2']);
    await provider.disconnect();
  });
});

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
