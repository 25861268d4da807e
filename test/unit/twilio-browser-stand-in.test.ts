// The browser stand-ins of the Voice SDK's Device/Call and the TaskRouter SDK's Worker/Reservation,
// run in Node against the running Twilio stand-in and the server's contact-centre routes: tokens
// the server issued, events from the stand-in's own call and TaskRouter models.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import twilioLibrary from 'twilio';
import { StandInDevice, StandInWorker, type StandInCall, type StandInReservation } from '../../src/console/twilio-stand-in/index.js';
import type { TaskRouterReservationLike } from '../../src/providers/twilio/taskrouter-sdk.js';
import type { TwilioCallLike } from '../../src/providers/twilio/sdk.js';
import { startContactCentre, type ContactCentreFixture } from '../support/twilio-contact-centre.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { eventually } from '../support/twilio-stand-in.js';

const CALLER = '+14155550142';
let cc: ContactCentreFixture;
const closers: (() => void)[] = [];
before(async () => {
  cc = await startContactCentre({ agents: ['ana', 'bo'], reservationTimeoutSeconds: 1 });
});
after(async () => {
  for (const close of closers) close();
  await cc.close();
});

/** A worker token of the server's route (TaskRouter and Voice grants). */
async function workerToken(agent: string): Promise<string> {
  const response = await cc.as(agent, 'GET', '/api/twilio/cc/worker-token');
  assert.equal(response.status, 200);
  return String(response.body.token);
}

/** A token minted by hand, e.g. with another secret or a short life. */
function tokenOf(identity: string, options: { secret?: string; ttl?: number; workerSid?: string } = {}): string {
  const { AccessToken } = twilioLibrary.jwt;
  const token = new AccessToken(TEST_TWILIO_ENV.TWILIO_ACCOUNT_SID, TEST_TWILIO_ENV.TWILIO_API_KEY_SID, options.secret ?? TEST_TWILIO_ENV.TWILIO_API_KEY_SECRET, { identity, ttl: options.ttl ?? 600 });
  token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: TEST_TWILIO_ENV.TWILIO_TWIML_APP_SID, incomingAllow: true }));
  if (options.workerSid) token.addGrant(new AccessToken.TaskRouterGrant({ workspaceSid: cc.centre.workspaceSid, workerSid: options.workerSid, role: 'worker' }));
  return token.toJwt();
}

/** Every event an emitter reports, by name, in order. */
function record(emitter: { on(event: string, listener: (...args: unknown[]) => void): unknown }, events: readonly string[]): string[] {
  const seen: string[] = [];
  for (const event of events) emitter.on(event, () => seen.push(event));
  return seen;
}

function startWorker(token: string): StandInWorker {
  const worker = new StandInWorker(token, cc.standIn.url, 50);
  closers.push(() => worker.disconnect());
  return worker;
}

async function startDevice(token: string): Promise<StandInDevice> {
  const device = new StandInDevice(token, cc.standIn.url);
  closers.push(() => device.destroy());
  await device.register();
  await eventually(() => device.state === 'registered', 'the device to register');
  return device;
}

describe('the browser stand-in of the TaskRouter Worker and the Voice Device', () => {
  it('rings the available worker with the task, and carries the call from accept to wrap-up and completion', async () => {
    const worker = startWorker(await workerToken('ana'));
    const workerEvents = record(worker, ['ready', 'activityUpdated', 'reservationCreated']);
    await eventually(() => workerEvents.includes('ready'), 'ready');
    assert.equal(worker.sid, cc.agents.ana?.workerSid);
    assert.equal(worker.name, 'ana');
    assert.deepEqual([worker.activity.name, worker.available], ['Offline', false]);
    const device = await startDevice(await workerToken('ana'));
    const incoming: TwilioCallLike[] = [];
    device.on('incoming', (call: unknown) => incoming.push(call as TwilioCallLike));

    await cc.as('ana', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    await eventually(() => worker.activity.name === 'Available', 'activityUpdated to Available');
    assert.ok(worker.available && workerEvents.includes('activityUpdated'));

    const created: TaskRouterReservationLike[] = [];
    worker.on('reservationCreated', (reservation: unknown) => created.push(reservation as TaskRouterReservationLike));
    const customer = await cc.standIn.incomingCall({ from: CALLER, to: TEST_TWILIO_ENV.TWILIO_CALLER_ID, callerName: 'Maria Chen' });
    const reservation = await eventually(() => created[0], 'reservationCreated');
    assert.equal(reservation.status, 'pending');
    assert.equal(reservation.workerSid, worker.sid);
    assert.equal(reservation.task.status, 'reserved');
    assert.equal(reservation.task.attributes.call_sid, customer.sid);
    assert.equal(reservation.task.attributes.from, CALLER);
    assert.equal(reservation.task.attributes.caller_name, 'Maria Chen');
    assert.ok(reservation.task.queueName, 'the task carries its queue');
    assert.equal(worker.reservations.get(reservation.sid), reservation);
    const reservationEvents = record(reservation, ['accepted', 'wrapup', 'completed']);

    const accepted = await cc.as('ana', 'POST', `/api/twilio/cc/reservations/${reservation.task.sid}/${reservation.sid}/accept`);
    assert.equal(accepted.status, 200);
    await eventually(() => reservation.status === 'accepted', 'the reservation accepted');
    assert.equal(reservation.task.status, 'assigned');
    // The conference instruction dials the worker's contact_uri: the device rings.
    const call = await eventually(() => incoming[0], 'the device to ring');
    assert.equal(call.parameters.To, 'client:ana');
    assert.equal(call.status(), 'pending');
    const callEvents = record(call, ['accept', 'disconnect', 'cancel']);
    call.accept();
    await eventually(() => callEvents.includes('accept'), 'accept');
    assert.equal(call.status(), 'open');
    const leg = cc.standIn.voice.call(call.parameters.CallSid ?? '');
    assert.equal(leg.status, 'in-progress');
    assert.equal(leg.place.kind, 'conference');

    call.sendDigits('12#');
    call.mute(true);
    const media = async () => (await fetch(`${cc.standIn.url}/__stand-in/calls/${leg.sid}/client-media`)).json() as Promise<{ digits: string; muted: boolean }>;
    await eventually(async () => { const now = await media(); return now.digits === '12#' && now.muted; }, 'digits and mute recorded');
    assert.equal(call.isMuted(), true);

    // The customer hangs up: the conference ends, the agent's call disconnects, the task goes to wrap-up.
    cc.standIn.voice.hangUp(customer.sid);
    await eventually(() => callEvents.includes('disconnect'), 'disconnect');
    await eventually(() => reservationEvents.includes('wrapup'), 'wrapup');
    assert.equal(reservation.task.status, 'wrapping');
    assert.equal((await cc.as('ana', 'POST', `/api/twilio/cc/tasks/${reservation.task.sid}/complete`)).status, 200);
    await eventually(() => reservationEvents.includes('completed'), 'completed');
    assert.deepEqual(reservationEvents, ['accepted', 'wrapup', 'completed']);
    assert.equal(worker.reservations.has(reservation.sid), false, 'a completed reservation leaves worker.reservations');
    assert.deepEqual(callEvents, ['accept', 'disconnect']);
    await cc.as('ana', 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
  });

  it('reports a rejected reservation and a timed-out one as the task routes on', async () => {
    const ana = startWorker(await workerToken('ana'));
    const bo = startWorker(await workerToken('bo'));
    await eventually(() => ana.name && bo.name, 'both workers ready');
    await cc.as('ana', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    await cc.as('bo', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    await eventually(() => ana.available && bo.available, 'both available');
    const offered: Record<string, StandInReservation[]> = { ana: [], bo: [] };
    ana.on('reservationCreated', (reservation: unknown) => offered.ana?.push(reservation as StandInReservation));
    bo.on('reservationCreated', (reservation: unknown) => offered.bo?.push(reservation as StandInReservation));
    const customer = await cc.standIn.incomingCall({ from: CALLER, to: TEST_TWILIO_ENV.TWILIO_CALLER_ID });
    const first = await eventually(() => offered.ana?.[0] ?? offered.bo?.[0], 'the first reservation');
    const [firstAgent, secondAgent] = offered.ana?.[0] ? ['ana', 'bo'] : ['bo', 'ana'];
    const firstEvents = record(first, ['rejected']);
    assert.equal((await cc.as(firstAgent ?? '', 'POST', `/api/twilio/cc/reservations/${first.task.sid}/${first.sid}/reject`)).status, 200);
    await eventually(() => firstEvents.includes('rejected'), 'rejected');
    const second = await eventually(() => offered[secondAgent ?? '']?.[0], 'the task routed on');
    assert.equal(second.task.sid, first.task.sid);
    const secondEvents = record(second, ['timeout']);
    const secondWorker = secondAgent === 'ana' ? ana : bo;
    // Not answered within the workflow's 1 s: timeout, and the worker goes to the timeout activity.
    await eventually(() => secondEvents.includes('timeout'), 'timeout', 4000);
    await eventually(() => secondWorker.activity.name === 'Offline', 'the timeout activity');
    assert.equal(secondWorker.reservations.has(second.sid), false);
    cc.standIn.voice.hangUp(customer.sid);
    for (const agent of ['ana', 'bo']) await cc.as(agent, 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
  });

  it('refuses a token the stand-in cannot verify, reports an expired one, and takes a renewed one', async () => {
    const forged = new StandInDevice(tokenOf('ana', { secret: 'not-the-api-key-secret' }), cc.standIn.url);
    await assert.rejects(forged.register(), (error: { code?: number }) => error.code === 20101);
    assert.equal(forged.state, 'unregistered');
    forged.destroy();

    const worker = startWorker(tokenOf('ana', { ttl: 1, workerSid: cc.agents.ana?.workerSid ?? '' }));
    const events = record(worker, ['ready', 'tokenExpired', 'tokenUpdated', 'activityUpdated']);
    await eventually(() => events.includes('tokenExpired'), 'tokenExpired', 4000);
    worker.updateToken(await workerToken('ana'));
    await eventually(() => events.includes('tokenUpdated'), 'tokenUpdated');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await cc.as('ana', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    await eventually(() => events.includes('activityUpdated'), 'events flow again after updateToken');
    await cc.as('ana', 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
  });

  it('places a call through the TwiML app, and offers a call already ringing to a device that registers later', async () => {
    const twimlApp = Fastify();
    await twimlApp.register((await import('@fastify/formbody')).default);
    twimlApp.post('/voice', async (request, reply) => reply.type('text/xml').send(`<Response><Dial callerId="${TEST_TWILIO_ENV.TWILIO_CALLER_ID}"><Number>${(request.body as { To: string }).To}</Number></Dial></Response>`));
    const appUrl = await twimlApp.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => void twimlApp.close());
    cc.standIn.configure({ twimlAppVoiceUrl: `${appUrl}/voice` });

    const device = await startDevice(tokenOf('bo'));
    const call = await device.connect({ params: { To: '+14155550199', account: 'A-1' } });
    assert.equal(call.direction, 'OUTGOING');
    const events = record(call, ['accept', 'disconnect']);
    const dialled = await eventually(() => cc.standIn.ringing('+14155550199')[0], 'the number to ring');
    assert.equal(dialled.parentCallSid, call.parameters.CallSid);
    await cc.standIn.voice.answer(dialled.sid);
    await eventually(() => events.includes('accept'), 'accept when the callee answers');
    call.disconnect();
    await eventually(() => events.includes('disconnect'), 'disconnect');
    assert.equal(cc.standIn.voice.call(dialled.sid).status, 'completed', 'the bridged leg ends too');

    // A reload: a call rings bo's identity before the new page's device registers.
    const ringing = cc.standIn.voice.createCall({ from: TEST_TWILIO_ENV.TWILIO_CALLER_ID, to: 'client:bo', direction: 'outbound-api' });
    const later = new StandInDevice(tokenOf('bo'), cc.standIn.url);
    closers.push(() => later.destroy());
    const offered: StandInCall[] = [];
    later.on('incoming', (offeredCall: unknown) => offered.push(offeredCall as StandInCall));
    await later.register();
    const offeredCall = await eventually(() => offered[0], 'the ringing call offered on registration');
    assert.equal(offeredCall.sid, ringing.sid);
    later.updateToken(tokenOf('bo'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(offered.length, 1, 'a renewed token does not offer the same call twice');
    const cancelled = record(offeredCall, ['cancel']);
    cc.standIn.voice.hangUp(ringing.sid);
    await eventually(() => cancelled.includes('cancel'), 'cancel when the caller gives up');

    // The page goes away mid-call: the call that device answered ends (its media went with it), after a renewal it did not.
    const second = cc.standIn.voice.createCall({ from: TEST_TWILIO_ENV.TWILIO_CALLER_ID, to: 'client:bo', direction: 'outbound-api' });
    const answered = await eventually(() => offered.find((call) => call.sid === second.sid), 'the second call offered');
    const accepted = record(answered, ['accept']);
    answered.accept();
    await eventually(() => accepted.includes('accept'), 'accepted');
    device.destroy();
    later.updateToken(tokenOf('bo'));
    await new Promise((resolve) => setTimeout(resolve, 1300));
    assert.equal(second.status, 'in-progress', 'another device going away, or a token renewal, keeps the call');
    later.destroy();
    await eventually(() => second.status === 'completed', 'the answered call ends with its device', 3000);
  });
});
