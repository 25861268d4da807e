// TaskRouter on the stand-in: declined and timed-out reservations route on (and stay readable as
// declined/missed), a queued caller who hangs up cancels the task, the worker token's grants, the
// voice webhook's <Enqueue>, two server instances answering for each other's calls, and the
// stand-in's own answers (credentials, required parameters, signed callbacks).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import twilioLibrary from 'twilio';
import { createTwilioClient } from '../../src/server/twilio/client.js';
import { startContactCentre, type ContactCentreFixture } from '../support/twilio-contact-centre.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { eventually } from '../support/twilio-stand-in.js';

const CALLER = '+14155550142';
let cc: ContactCentreFixture;
before(async () => {
  cc = await startContactCentre({ agents: ['ana', 'bo'], reservationTimeoutSeconds: 1, instances: 2 });
});
after(async () => {
  await cc.close();
});

const workspace = () => cc.client.taskrouter.v1.workspaces(cc.centre.workspaceSid);
const pendingFor = (name: string) => eventually(() => [...cc.standIn.taskRouter.reservations.values()].find((reservation) => reservation.workerSid === cc.agents[name]?.workerSid && reservation.status === 'pending'), `a reservation for ${name}`);

describe('TaskRouter on the stand-in', () => {
  it('routes a declined reservation and a timed-out one on to the next worker, and keeps both readable', async () => {
    await cc.as('ana', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    await cc.as('bo', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    await cc.standIn.incomingCall({ from: CALLER, to: TEST_TWILIO_ENV.TWILIO_CALLER_ID });
    const first = await pendingFor('ana');
    assert.equal((await cc.as('bo', 'POST', `/api/twilio/cc/reservations/${first.taskSid}/${first.sid}/accept`)).status, 403, "bo cannot take ana's reservation");
    assert.equal((await cc.as('ana', 'POST', `/api/twilio/cc/reservations/${first.taskSid}/${first.sid}/reject`)).status, 200);
    const second = await pendingFor('bo');
    assert.equal(second.taskSid, first.taskSid);
    // bo does not answer: after the workflow's 1 s the reservation times out, bo goes to the timeout activity (Offline).
    await eventually(() => second.status === 'timeout', 'the reservation to time out', 4000);
    assert.equal((await workspace().workers(cc.agents.bo?.workerSid ?? '').fetch()).activityName, 'Offline');
    const third = await pendingFor('ana');
    const statuses = (await workspace().tasks(first.taskSid).reservations.list()).map((reservation) => [reservation.workerName, reservation.reservationStatus]);
    assert.deepEqual(statuses, [['ana', 'rejected'], ['bo', 'timeout'], ['ana', 'pending']]);
    await cc.standIn.settled();
    const events = cc.standIn.callbacks.deliveries.filter((delivery) => delivery.params.TaskSid === first.taskSid).map((delivery) => delivery.params.EventType);
    assert.deepEqual(events.filter((type) => type?.startsWith('reservation.')), ['reservation.created', 'reservation.rejected', 'reservation.created', 'reservation.timeout', 'reservation.created']);
    // Accepted through the second instance: the conference's callbacks go there, call control runs on the first.
    const accepted = await cc.asAt(1, 'ana', 'POST', `/api/twilio/cc/reservations/${third.taskSid}/${third.sid}/accept`);
    await cc.pickUp('ana');
    const conferenceSid = String(accepted.body.conferenceSid);
    assert.equal((await cc.asAt(0, 'ana', 'POST', `/api/twilio/cc/calls/${conferenceSid}/hold`)).status, 200);
    assert.equal((await cc.asAt(1, 'ana', 'POST', `/api/twilio/cc/calls/${conferenceSid}/resume`)).status, 200);
    const anaLeg = [...cc.standIn.voice.conference(conferenceSid).participants.values()].find((participant) => !participant.endConferenceOnExit);
    assert.ok(anaLeg);
    cc.standIn.voice.hangUp(anaLeg.callSid);
    await eventually(() => [...cc.standIn.voice.conference(conferenceSid).participants.values()][0]?.hold, 'the second instance holds the customer');
    assert.equal((await cc.asAt(0, 'ana', 'POST', `/api/twilio/cc/calls/${conferenceSid}/hangup`)).status, 200);
    await cc.as('ana', 'POST', `/api/twilio/cc/tasks/${third.taskSid}/complete`);
  });

  it('cancels the task of a caller who hangs up while queued', async () => {
    await cc.as('ana', 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
    await cc.as('bo', 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
    const call = await cc.standIn.incomingCall({ from: CALLER, to: TEST_TWILIO_ENV.TWILIO_CALLER_ID });
    const task = await eventually(() => [...cc.standIn.taskRouter.tasks.values()].find((candidate) => JSON.parse(candidate.attributes).call_sid === call.sid), 'the task');
    assert.equal(task.assignmentStatus, 'pending');
    cc.standIn.voice.hangUp(call.sid);
    const fetched = await workspace().tasks(task.sid).fetch();
    assert.deepEqual([fetched.assignmentStatus, fetched.reason], ['canceled', 'hangup']);
  });

  it('issues a worker token with the TaskRouter and Voice grants', async () => {
    const response = await cc.as('ana', 'GET', '/api/twilio/cc/worker-token');
    assert.equal(response.status, 200);
    const token = String(response.body.token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    assert.equal(signature, createHmac('sha256', TEST_TWILIO_ENV.TWILIO_API_KEY_SECRET).update(`${header}.${payload}`).digest('base64url'));
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { grants: Record<string, unknown> };
    assert.deepEqual(claims.grants.task_router, { workspace_sid: cc.centre.workspaceSid, worker_sid: cc.agents.ana?.workerSid, role: 'worker' });
    assert.deepEqual(claims.grants.voice, { incoming: { allow: true }, outgoing: { application_sid: TEST_TWILIO_ENV.TWILIO_TWIML_APP_SID } });
    assert.equal(claims.grants.identity, 'ana');
  });

  it('answers a signed inbound call with <Enqueue> to the workflow and the caller data as task attributes', async () => {
    const url = `${cc.url}/api/twilio/cc/voice`;
    const params = { CallSid: `CA${'d4'.repeat(16)}`, From: CALLER, To: TEST_TWILIO_ENV.TWILIO_CALLER_ID, CallerName: 'Ada Lovelace', Digits: '2' };
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioLibrary.getExpectedTwilioSignature(TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN, url, params) }, body: new URLSearchParams(params).toString() });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), `<?xml version="1.0" encoding="UTF-8"?><Response><Enqueue workflowSid="${cc.centre.workflowSid}"><Task>{"type":"inbound","caller_name":"Ada Lovelace","Digits":"2"}</Task></Enqueue></Response>`);
  });

  it("answers as Twilio does: 20003 for bad credentials, Twilio's 400 codes for missing parameters", async () => {
    const wrong = createTwilioClient(twilioLibrary, { accountSid: TEST_TWILIO_ENV.TWILIO_ACCOUNT_SID, apiKeySid: TEST_TWILIO_ENV.TWILIO_API_KEY_SID, apiKeySecret: 'not-the-secret-0000', baseUrl: cc.standIn.url });
    const denied = await wrong.calls.list().then(() => undefined, (error: { status: number; code: number }) => error);
    assert.deepEqual([denied?.status, denied?.code], [401, 20003]);
    const noUrl = await cc.client.calls.create({ to: '+14155550199', from: TEST_TWILIO_ENV.TWILIO_CALLER_ID }).then(() => undefined, (error: { status: number; code: number }) => error);
    assert.deepEqual([noUrl?.status, noUrl?.code], [400, 21205]);
    const badRouting = await workspace().taskQueues.create({ friendlyName: 'x', targetWorkers: 'skills CONTAINS "en"' }).then(() => undefined, (error: { status: number; message: string }) => error);
    assert.equal(badRouting?.status, 400);
    assert.match(String(badRouting?.message), /TargetWorkers: the Twilio stand-in evaluates/);
  });

  it('signs every callback so that the library validates it at the receiving URL', async () => {
    const received: boolean[] = [];
    const receiver = Fastify();
    await receiver.register(formbody);
    receiver.post('/status', (request, reply) => {
      const url = `http://${request.host}${request.url}`;
      received.push(twilioLibrary.validateRequest(TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN, String(request.headers['x-twilio-signature']), url, request.body as Record<string, string>));
      return reply.code(204).send();
    });
    const url = await receiver.listen({ host: '127.0.0.1', port: 0 });
    try {
      const created = await cc.client.calls.create({ to: '+14155550199', from: TEST_TWILIO_ENV.TWILIO_CALLER_ID, twiml: '<Response><Dial><Conference statusCallback="' + url + '/status" statusCallbackEvent="start end join leave">room-1</Conference></Dial></Response>', statusCallback: `${url}/status?leg=a`, statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] });
      await cc.standIn.voice.answer(created.sid);
      cc.standIn.voice.hangUp(created.sid);
      await cc.standIn.settled();
      assert.equal(received.length, 8, 'initiated, ringing, answered, conference-start, participant-join, participant-leave, conference-end, completed');
      assert.ok(received.every(Boolean));
    } finally {
      await receiver.close();
    }
  });
});
