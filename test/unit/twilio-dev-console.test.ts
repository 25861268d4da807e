// The console with the local Twilio stand-in, started as `dev --provider twilio` starts it: the local
// softphone bundle (the SDKs' stand-ins) is served only then, a worker per console agent, the
// console's "call the queue" and "customer hangs up" controls; with real Twilio settings, nothing of
// the stand-in is served. (The bundle's own files need `node scripts/build.mjs`.)
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { twilio } from '../../src/providers/twilio/index.js';
import { startConsoleServer, twilioSettingsFromEnv, type ConsoleServer } from '../../src/server/index.js';
import { ConfigError } from '../../src/core/index.js';
import { DEV_DIRECT_NUMBER, devTwilioOptionsFromEnv, devTwilioServerOptions, startDevTwilio, type DevTwilio } from '../../src/server/twilio/dev-stand-in.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { eventually } from '../support/twilio-stand-in.js';

const built = existsSync('dist/public/softphone-twilio-local.js');

describe('the console with the local Twilio stand-in', () => {
  let dev: DevTwilio;
  let server: ConsoleServer;
  before(async () => {
    dev = await startDevTwilio();
    server = await startConsoleServer({ ...devTwilioServerOptions(dev), port: 0 });
    await dev.connect(server.url);
  });
  after(async () => {
    await server.close();
    await dev.close();
  });

  it('serves the local Twilio softphone, told where the stand-in is and allowed to reach it', async () => {
    const response = await fetch(`${server.url}/softphone/?user=agent2`);
    const page = await response.text();
    assert.match(page, /\/assets\/softphone-twilio-local\.js/);
    assert.doesNotMatch(page, /softphone-twilio\.js/);
    assert.ok(page.includes(`"twilioStandIn":{"url":"${dev.standIn.url}"}`));
    assert.ok(page.includes('"supervisor":true'), 'supervision on: the supervisor\'s softphone lists the team\'s calls');
    assert.match(response.headers.get('content-security-policy') ?? '', new RegExp(`connect-src [^;]*${dev.standIn.url.replace(/[.]/g, '\\.')}`));
    if (built) assert.equal((await fetch(`${server.url}/assets/softphone-twilio-local.js`)).status, 200);
  });

  it("takes the workflow's reservation timeout from TWILIO_STAND_IN_RESERVATION_TIMEOUT, refusing a bad value by name", async () => {
    assert.deepEqual(devTwilioOptionsFromEnv({}), {});
    assert.deepEqual(devTwilioOptionsFromEnv({ TWILIO_STAND_IN_RESERVATION_TIMEOUT: ' 3 ' }), { reservationTimeoutSeconds: 3 });
    for (const bad of ['0', '2.5', 'soon', '601']) assert.throws(() => devTwilioOptionsFromEnv({ TWILIO_STAND_IN_RESERVATION_TIMEOUT: bad }), (error: unknown) => error instanceof ConfigError && error.message.includes('TWILIO_STAND_IN_RESERVATION_TIMEOUT'));
    assert.deepEqual([...dev.standIn.taskRouter.workflows.values()].map((workflow) => workflow.taskReservationTimeout), [20], 'default: 20 s');
    const short = await startDevTwilio('agent', { reservationTimeoutSeconds: 3 });
    try {
      assert.deepEqual([...short.standIn.taskRouter.workflows.values()].map((workflow) => workflow.taskReservationTimeout), [3]);
    } finally {
      await short.close();
    }
  });

  it('provisions a worker for each console user, named after its Twilio identity; the supervisor offline', () => {
    const workers = [...dev.standIn.taskRouter.workers.values()];
    assert.deepEqual(workers.map((worker) => worker.friendlyName).sort(), ['agent', 'agent2', 'supervisor']);
    const supervisor = workers.find((worker) => worker.friendlyName === 'supervisor');
    assert.deepEqual(JSON.parse(supervisor?.attributes ?? '{}'), { contact_uri: 'client:supervisor', roles: ['supervisor'] });
    assert.equal(dev.standIn.taskRouter.activities.get(supervisor?.activitySid ?? '')?.friendlyName, 'Offline', 'no call is routed to the supervisor until they say so');
  });

  it('places a customer call into the queue with an IVR account number, lists it, and hangs it up', async () => {
    const response = await fetch(`${server.url}/api/twilio/stand-in/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+14155550142', callerName: 'Maria Chen', digits: '4471' }) });
    assert.equal(response.status, 201);
    const call = (await response.json()) as { callSid: string; place: string };
    assert.equal(call.place, 'queue');
    const task = await eventually(() => [...dev.standIn.taskRouter.tasks.values()].find((candidate) => JSON.parse(candidate.attributes).call_sid === call.callSid), 'the task');
    const attributes = JSON.parse(task.attributes) as Record<string, string>;
    assert.deepEqual([attributes.from, attributes.caller_name, attributes.Digits], ['+14155550142', 'Maria Chen', '4471']);
    const listed = (await (await fetch(`${server.url}/api/twilio/stand-in/calls`)).json()) as { calls: { callSid: string; place: string }[] };
    assert.deepEqual(listed.calls.map((item) => [item.callSid, item.place]), [[call.callSid, 'queue']]);
    assert.equal((await fetch(`${server.url}/api/twilio/stand-in/calls/${call.callSid}/hangup`, { method: 'POST' })).status, 200);
    assert.deepEqual([task.assignmentStatus, task.reason], ['canceled', 'hangup']);
    assert.equal((await fetch(`${server.url}/api/twilio/stand-in/calls/CA0/hangup`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${server.url}/api/twilio/stand-in/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '415 555' }) })).status, 400);
  });

  it('rings the default agent directly from the direct number, with the caller name as a custom parameter', async () => {
    const response = await fetch(`${server.url}/api/twilio/stand-in/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+14155550143', callerName: 'Lee Park', queue: false }) });
    const call = (await response.json()) as { callSid: string; to: string };
    assert.equal(call.to, DEV_DIRECT_NUMBER);
    const leg = await eventually(() => dev.standIn.ringing('client:agent')[0], 'the agent to ring');
    assert.equal(leg.parentCallSid, call.callSid);
    assert.deepEqual(leg.customParameters, { callerName: 'Lee Park' });
    dev.standIn.voice.hangUp(call.callSid);
  });
});

describe('the console with real Twilio settings', () => {
  let server: ConsoleServer;
  before(async () => {
    server = await startConsoleServer({ provider: twilio(), twilio: { settings: twilioSettingsFromEnv(TEST_TWILIO_ENV) }, port: 0 });
  });
  after(async () => {
    await server.close();
  });

  it('serves nothing of the stand-in', async () => {
    const response = await fetch(`${server.url}/softphone/`);
    const page = await response.text();
    assert.match(page, /\/assets\/softphone-twilio\.js/);
    assert.doesNotMatch(page, /twilio-local|twilioStandIn/);
    assert.equal((await fetch(`${server.url}/assets/softphone-twilio-local.js`)).status, 404);
    assert.equal((await fetch(`${server.url}/assets/softphone-twilio-local.js.map`)).status, 404);
    assert.equal((await fetch(`${server.url}/api/twilio/stand-in/calls`)).status, 404);
    if (built) assert.equal((await fetch(`${server.url}/assets/softphone-twilio.js`)).status, 200);
  });
});
