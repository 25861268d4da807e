// The Twilio contact centre's server side against the loopback stand-in, through the official
// `twilio` library: TaskRouter routing, accept into a conference, hold, warm and cold transfer,
// wrap-up and presence, supervision, recording, a reload that keeps the call, and Twilio's errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clientAddress, legParameters } from '../../src/server/twilio/leg-parameters.js';
import { dialledAddress } from '../../src/server/twilio/stand-in/model.js';
import { listTeamCalls } from '../../src/server/twilio/team-calls.js';
import { HOLD_MUSIC, startContactCentre, type ContactCentreFixture } from '../support/twilio-contact-centre.js';
import { eventually } from '../support/twilio-stand-in.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';

const CALLER = '+14155550142';
const NUMBER = '+14155550100';

let cc: ContactCentreFixture;
before(async () => {
  cc = await startContactCentre({ agents: ['maria', 'li'], supervisors: ['sam'] });
});
after(async () => {
  await cc.close();
});

const workspace = () => cc.client.taskrouter.v1.workspaces(cc.centre.workspaceSid);
const activityOf = async (name: string) => (await workspace().workers(cc.agents[name]?.workerSid ?? '').fetch()).activityName;
const customerParticipant = (conferenceSid: string) => [...(cc.standIn.voice.conference(conferenceSid).participants.values())].find((participant) => cc.standIn.voice.calls.get(participant.callSid)?.from === CALLER);

/** A customer calls; the given agent gets the reservation, accepts it and picks up. Resolves with the conference and task. */
async function callReaches(agent: string): Promise<{ conferenceSid: string; taskSid: string; customerCallSid: string }> {
  const call = await cc.standIn.incomingCall({ from: CALLER, to: NUMBER, callerName: 'Ada Lovelace' });
  const reservation = await eventually(() => [...cc.standIn.taskRouter.reservations.values()].find((candidate) => candidate.workerSid === cc.agents[agent]?.workerSid && candidate.status === 'pending'), `a reservation for ${agent}`);
  const accepted = await cc.as(agent, 'POST', `/api/twilio/cc/reservations/${reservation.taskSid}/${reservation.sid}/accept`);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  await cc.pickUp(agent);
  return { conferenceSid: String(accepted.body.conferenceSid), taskSid: reservation.taskSid, customerCallSid: call.sid };
}

describe('Twilio contact centre on the stand-in', () => {
  it('routes an inbound call through TaskRouter to the available agent, with the caller as task attributes', async () => {
    for (const name of ['maria', 'li']) assert.equal((await cc.as(name, 'PUT', '/api/twilio/cc/presence', { status: 'available' })).status, 200);
    const { conferenceSid, taskSid } = await callReaches('maria');
    const task = await workspace().tasks(taskSid).fetch();
    const attributes = JSON.parse(task.attributes) as Record<string, unknown>;
    assert.equal(attributes.from, CALLER);
    assert.equal(attributes.caller_name, 'Ada Lovelace');
    assert.equal(task.assignmentStatus, 'assigned');
    assert.equal(await activityOf('maria'), 'Busy', "the queue's assignment activity");
    const view = await cc.as('maria', 'GET', `/api/twilio/cc/calls/${conferenceSid}`);
    assert.equal(view.status, 200);
    const parties = view.body.parties as { role: string; identity?: string; number?: string; status: string }[];
    assert.deepEqual(parties.map((party) => [party.role, party.identity ?? party.number, party.status]).sort(), [['agent', 'maria', 'connected'], ['customer', CALLER, 'connected']]);
    assert.equal((await cc.as('li', 'GET', `/api/twilio/cc/calls/${conferenceSid}`)).status, 403, "another agent may not see or change maria's call");

    // Hold with the configured music, then resume: participant changes in Twilio's conference.
    assert.equal((await cc.as('maria', 'POST', `/api/twilio/cc/calls/${conferenceSid}/hold`)).status, 200);
    assert.equal(customerParticipant(conferenceSid)?.hold, true);
    assert.equal(customerParticipant(conferenceSid)?.holdUrl, HOLD_MUSIC);
    assert.equal((await cc.as('maria', 'POST', `/api/twilio/cc/calls/${conferenceSid}/resume`)).status, 200);
    assert.equal(customerParticipant(conferenceSid)?.hold, false);

    // Warm transfer: consult li (the customer waits on hold), then maria leaves.
    const consult = await cc.as('maria', 'POST', `/api/twilio/cc/calls/${conferenceSid}/participants`, { to: { kind: 'agent', identity: 'li' }, mode: 'consult' });
    assert.equal(consult.status, 200, JSON.stringify(consult.body));
    assert.equal(customerParticipant(conferenceSid)?.hold, true, 'the customer is held during the consultation');
    await cc.pickUp('li');
    assert.equal((await cc.as('maria/identity-only', 'POST', `/api/twilio/cc/calls/${conferenceSid}/complete-transfer`)).status, 200);
    const conference = cc.standIn.voice.conference(conferenceSid);
    assert.equal(conference.status, 'in-progress');
    assert.equal(customerParticipant(conferenceSid)?.hold, false, 'the customer talks to li');
    assert.deepEqual([...conference.participants.values()].map((participant) => participant.label ?? 'customer').sort(), ['agent:li', 'customer']);
    assert.equal((await workspace().tasks(taskSid).fetch()).assignmentStatus, 'wrapping', "maria's task goes to wrap-up");
    await eventually(async () => (await activityOf('maria')) === 'Wrap-up', 'maria in Wrap-up');
    assert.equal((await cc.as('maria', 'GET', `/api/twilio/cc/calls/${conferenceSid}`)).status, 200, 'maria still holds the task, so she may look at the call');

    // li hangs up: nobody else handles the customer, so the call ends for everyone.
    assert.equal((await cc.as('li', 'POST', `/api/twilio/cc/calls/${conferenceSid}/hangup`)).status, 200);
    assert.equal(conference.status, 'completed');
    assert.equal(conference.reasonEnded, 'conference-ended-via-api');
    assert.equal((await cc.as('li', 'POST', `/api/twilio/cc/calls/${conferenceSid}/hold`)).body.error, 'call-ended');

    // maria saves her wrap-up: the task completes and she is available again.
    assert.equal((await cc.as('li', 'POST', `/api/twilio/cc/tasks/${taskSid}/complete`)).status, 403, "li cannot complete maria's task");
    assert.equal((await cc.as('maria', 'POST', `/api/twilio/cc/tasks/${taskSid}/complete`)).status, 200);
    assert.equal((await workspace().tasks(taskSid).fetch()).assignmentStatus, 'completed');
    assert.equal(await activityOf('maria'), 'Available');
    assert.deepEqual((await cc.as('maria', 'GET', '/api/twilio/cc/presence')).body, { status: 'available', activity: 'Available' });
  });

  it('keeps the customer on hold while the agent reloads, and lets the agent rejoin the same call', async () => {
    await cc.as('li', 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
    const { conferenceSid, taskSid } = await callReaches('maria');
    const mariaLeg = [...cc.standIn.voice.conference(conferenceSid).participants.values()].find((participant) => cc.standIn.voice.calls.get(participant.callSid)?.to === 'client:maria');
    assert.ok(mariaLeg);
    cc.standIn.voice.hangUp(mariaLeg.callSid); // the page reloads: the browser's leg is gone
    await eventually(() => customerParticipant(conferenceSid)?.hold, 'the customer held while maria is away');
    assert.equal(cc.standIn.voice.conference(conferenceSid).status, 'in-progress');
    const live = await cc.as('maria', 'GET', '/api/twilio/cc/tasks');
    assert.deepEqual((live.body.tasks as { taskSid: string; conferenceSid: string }[]).map((task) => [task.taskSid, task.conferenceSid]), [[taskSid, conferenceSid]]);
    // Her leg is gone, so the call is hers by her task: found also when her identity names no worker sid.
    const rejoined = await cc.as('maria/identity-only', 'POST', `/api/twilio/cc/calls/${conferenceSid}/rejoin`);
    assert.equal(rejoined.status, 200, JSON.stringify(rejoined.body));
    await cc.pickUp('maria');
    await eventually(() => customerParticipant(conferenceSid)?.hold === false, 'the customer back with maria');
    assert.equal([...cc.standIn.taskRouter.tasks.values()].filter((task) => JSON.parse(task.attributes).call_sid === customerParticipant(conferenceSid)?.callSid).length, 1, 'still one task');

    // The supervisor's list of live calls, read from Twilio: an agent may not read it.
    const refused = await cc.as('li', 'GET', '/api/twilio/cc/team-calls');
    assert.equal(refused.status, 403);
    assert.match(String(refused.body.message), /Only a supervisor/);
    const teamCall = async () => ((await cc.as('sam', 'GET', '/api/twilio/cc/team-calls')).body.calls as Array<Record<string, unknown>>).find((call) => call.callId === conferenceSid);
    const listed = await teamCall();
    assert.ok(listed, 'the supervisor lists the live call by its conference');
    const { startedAt, connectedAt, ...rest } = listed;
    assert.deepEqual(rest, { callId: conferenceSid, agent: 'maria', remote: CALLER, displayName: 'Ada Lovelace', direction: 'inbound', queue: 'Everyone' });
    assert.ok(typeof startedAt === 'number' && typeof connectedAt === 'number' && connectedAt >= startedAt - 1000 && startedAt <= Date.now(), `times ${String(startedAt)} ${String(connectedAt)}`);
    const asMaria = await listTeamCalls({ client: cc.client, workspaceSid: cc.centre.workspaceSid }, { agentId: '005maria', twilioIdentity: 'maria', role: 'supervisor' });
    assert.ok(!asMaria.some((call) => call.callId === conferenceSid), "a supervisor's own call as an agent is not in their list");

    // Supervisor: listen (muted), whisper (coaching maria), barge; an agent may not monitor.
    assert.equal((await cc.as('li', 'POST', `/api/twilio/cc/calls/${conferenceSid}/monitor`, { mode: 'listen' })).status, 403);
    const monitor = await cc.as('sam', 'POST', `/api/twilio/cc/calls/${conferenceSid}/monitor`, { mode: 'listen' });
    assert.equal(monitor.status, 200, JSON.stringify(monitor.body));
    await cc.pickUp('sam');
    const sam = () => cc.standIn.voice.participant(conferenceSid, String(monitor.body.callSid));
    assert.deepEqual([sam().label, sam().muted, sam().coaching], ['supervisor:sam', true, false]);
    assert.equal((await teamCall())?.monitoredBy, 'listen', "the list shows the supervisor's own mode");
    assert.equal((await teamCall())?.agent, 'maria', 'a supervisor is not one of the agents');
    assert.equal((await cc.as('sam', 'PUT', `/api/twilio/cc/calls/${conferenceSid}/monitor`, { mode: 'whisper' })).status, 200);
    const mariaNow = [...cc.standIn.voice.conference(conferenceSid).participants.values()].find((participant) => participant.label === 'agent:maria');
    assert.deepEqual([sam().muted, sam().coaching, sam().callSidToCoach], [false, true, mariaNow?.callSid]);
    assert.equal((await teamCall())?.monitoredBy, 'whisper');
    assert.equal((await cc.as('sam', 'PUT', `/api/twilio/cc/calls/${conferenceSid}/monitor`, { mode: 'barge' })).status, 200);
    assert.deepEqual([sam().muted, sam().coaching], [false, false]);
    assert.equal((await teamCall())?.monitoredBy, 'barge');

    // Recording: started on the customer's leg, stopped, with a link to its media.
    const started = await cc.as('maria', 'POST', `/api/twilio/cc/calls/${conferenceSid}/recording`);
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.status, 'in-progress');
    assert.match(String(started.body.mediaUrl), new RegExp(`^${cc.standIn.url}/2010-04-01/Accounts/AC[0-9a-f]{32}/Recordings/RE[0-9a-f]{32}$`));
    const stopped = await cc.as('maria', 'DELETE', `/api/twilio/cc/calls/${conferenceSid}/recording`);
    assert.equal(stopped.body.status, 'completed');
    assert.equal((await fetch(String(started.body.mediaUrl))).status, 401, 'media needs the account credentials, as with HTTP auth on media URLs');
    const media = await fetch(String(started.body.mediaUrl), { headers: { authorization: `Basic ${Buffer.from(`${TEST_TWILIO_ENV.TWILIO_API_KEY_SID}:${TEST_TWILIO_ENV.TWILIO_API_KEY_SECRET}`).toString('base64')}` } });
    assert.equal(media.headers.get('content-type'), 'audio/x-wav');
    assert.equal((await cc.as('maria', 'DELETE', `/api/twilio/cc/calls/${conferenceSid}/recording`)).body.error, 'invalid');

    // The customer hangs up: the conference ends, the task goes to wrap-up, maria to Wrap-up.
    cc.standIn.voice.hangUp(String(customerParticipant(conferenceSid)?.callSid));
    assert.equal(cc.standIn.voice.conference(conferenceSid).reasonEnded, 'participant-with-end-conference-on-exit-left');
    assert.equal((await workspace().tasks(taskSid).fetch()).assignmentStatus, 'wrapping');
    await eventually(async () => (await activityOf('maria')) === 'Wrap-up', 'maria in Wrap-up');
    await cc.as('maria', 'POST', `/api/twilio/cc/tasks/${taskSid}/complete`);
  });

  it('cold-transfers to the queue: the next agent joins the same conference and the customer comes off hold', async () => {
    await cc.as('maria', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    const { conferenceSid, taskSid } = await callReaches('maria');
    await cc.as('li', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    const transfer = await cc.as('maria', 'POST', `/api/twilio/cc/calls/${conferenceSid}/transfer`, { to: { kind: 'queue' } });
    assert.equal(transfer.status, 200, JSON.stringify(transfer.body));
    assert.equal(customerParticipant(conferenceSid)?.hold, true, 'hold music until someone takes the call');
    assert.equal((await workspace().tasks(taskSid).fetch()).assignmentStatus, 'wrapping');
    const reservation = await eventually(() => [...cc.standIn.taskRouter.reservations.values()].find((candidate) => candidate.taskSid === transfer.body.taskSid && candidate.status === 'pending'), 'the transfer offered');
    assert.equal(reservation.workerSid, cc.agents.li?.workerSid, 'maria is in wrap-up, so li gets it');
    const accepted = await cc.as('li', 'POST', `/api/twilio/cc/reservations/${reservation.taskSid}/${reservation.sid}/accept`);
    assert.equal(accepted.body.conferenceSid, conferenceSid, 'the same conference, not a new call');
    await cc.pickUp('li');
    await eventually(() => customerParticipant(conferenceSid)?.hold === false, 'the customer talks to li');
    assert.equal((await cc.as('li', 'POST', `/api/twilio/cc/calls/${conferenceSid}/hangup`)).status, 200);
    await cc.as('maria', 'POST', `/api/twilio/cc/tasks/${taskSid}/complete`);
    await cc.as('li', 'POST', `/api/twilio/cc/tasks/${String(transfer.body.taskSid)}/complete`);
  });

  it("dials a colleague with the conference and the customer's call data; the colleague changes the call only while on it", async () => {
    await cc.as('li', 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
    await cc.as('maria', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    const { conferenceSid, taskSid } = await callReaches('maria');
    const path = `/api/twilio/cc/calls/${conferenceSid}`;
    const consult = await cc.as('maria', 'POST', `${path}/participants`, { to: { kind: 'agent', identity: 'li' }, mode: 'consult' });
    assert.equal(consult.status, 200, JSON.stringify(consult.body));
    const consultLeg = cc.standIn.voice.calls.get(String(consult.body.callSid));
    assert.equal(consultLeg?.to, 'client:li', 'the parameters are not part of the address the call is to');
    assert.deepEqual(consultLeg?.customParameters, { conferenceSid, from: CALLER, callerName: 'Ada Lovelace', type: 'inbound' }, "the conference and the task's caller, name and call data");

    // While li's phone only rings, li has no part in the call: 403, as for any other agent.
    assert.equal((await cc.as('li', 'GET', path)).status, 403, 'a ringing leg is not a live one');
    await cc.pickUp('li');
    assert.equal((await cc.as('li', 'GET', path)).status, 200, "li's live leg in the conference lets li see the call");
    assert.equal((await cc.as('sam', 'GET', path)).status, 403, 'someone without a leg or the task still may not');
    // li brings everyone together, then hangs up while maria is still there: only li leaves.
    assert.equal((await cc.as('li', 'POST', `${path}/merge`)).status, 200);
    assert.equal((await cc.as('li', 'POST', `${path}/hangup`)).status, 200);
    await cc.standIn.settled();
    const conference = cc.standIn.voice.conference(conferenceSid);
    assert.equal(conference.status, 'in-progress');
    assert.deepEqual([...conference.participants.values()].map((participant) => cc.standIn.voice.calls.get(participant.callSid)?.to).sort(), ['+14155550100', 'client:maria'], 'the customer (their call is to the number) and maria');
    assert.equal(customerParticipant(conferenceSid)?.hold, false, 'the customer talks to maria, not left on hold');
    assert.equal((await cc.as('li', 'POST', `${path}/hold`)).status, 403, 'li left, so the call is no longer li\'s to change');

    // A cold transfer to li carries the same; maria leaves, and li's hang-up ends the call for the customer.
    const transfer = await cc.as('maria', 'POST', `${path}/transfer`, { to: { kind: 'agent', identity: 'li' } });
    assert.equal(transfer.status, 200, JSON.stringify(transfer.body));
    assert.deepEqual(cc.standIn.voice.calls.get(String(transfer.body.callSid))?.customParameters, { conferenceSid, from: CALLER, callerName: 'Ada Lovelace', type: 'inbound' });
    await cc.pickUp('li');
    await eventually(() => customerParticipant(conferenceSid)?.hold === false, 'the customer talks to li');
    assert.equal((await cc.as('li', 'POST', `${path}/hangup`)).status, 200);
    assert.equal(conference.status, 'completed', 'nobody else handles the customer: the call ends');
    await cc.as('maria', 'POST', `/api/twilio/cc/tasks/${taskSid}/complete`);
  });

  it("turns Twilio's error answers into clear errors and changes nothing", async () => {
    await cc.as('li', 'PUT', '/api/twilio/cc/presence', { status: 'offline' });
    await cc.as('maria', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
    const { conferenceSid, taskSid } = await callReaches('maria');
    const path = `/api/twilio/cc/calls/${conferenceSid}`;

    // 429 twice: the library's back-off retries and the hold goes through.
    cc.standIn.injectFault({ path: /\/Participants\/CA[0-9a-f]+\.json$/, method: 'POST', status: 429, code: 20429, times: 2 });
    assert.equal((await cc.as('maria', 'POST', `${path}/hold`)).status, 200);
    assert.equal(customerParticipant(conferenceSid)?.hold, true);
    // 429 on every try: a clear error, and the customer is still held, as before.
    cc.standIn.injectFault({ path: /\/Participants\/CA[0-9a-f]+\.json$/, method: 'POST', status: 429, code: 20429, times: 10 });
    const limited = await cc.as('maria', 'POST', `${path}/resume`);
    assert.equal(limited.status, 503);
    assert.equal(limited.body.error, 'rate-limited');
    assert.match(String(limited.body.message), /Nothing was changed; try again/);
    assert.equal(customerParticipant(conferenceSid)?.hold, true, 'nothing changed');

    // A consultation whose dial fails: the customer comes back off hold (nothing lost).
    await eventually(async () => (await cc.as('maria', 'POST', `${path}/resume`)).status === 200, 'the rate limit spent');
    cc.standIn.injectFault({ path: /\/Participants\.json$/, method: 'POST', status: 500, code: 20500, times: 1 });
    const failed = await cc.as('maria', 'POST', `${path}/participants`, { to: { kind: 'number', number: '+14155550199' }, mode: 'consult' });
    assert.equal(failed.status, 502);
    assert.equal(failed.body.twilioCode, 20500);
    assert.equal(customerParticipant(conferenceSid)?.hold, false, 'the customer is with maria again');

    // A participant that already left: Twilio's 20404 on the participant → participant-gone.
    const added = await cc.as('maria', 'POST', `${path}/participants`, { to: { kind: 'number', number: '+14155550199' }, mode: 'conference' });
    const external = String(added.body.callSid);
    await cc.standIn.voice.answer(external);
    cc.standIn.voice.hangUp(external);
    const gone = await cc.as('maria', 'POST', `${path}/hold`, { callSid: external });
    assert.equal(gone.status, 409);
    assert.equal(gone.body.error, 'participant-gone');
    const direct = await cc.client.conferences(conferenceSid).participants(external).update({ hold: true }).then(
      () => undefined,
      (error: { status: number; code: number; moreInfo: string }) => error,
    );
    assert.deepEqual([direct?.status, direct?.code, direct?.moreInfo], [404, 20404, 'https://www.twilio.com/docs/errors/20404'], "the library's RestException carries Twilio's error body");

    // The dial policy hook refuses what is not a number; a bad body is a 400.
    assert.equal((await cc.as('maria', 'POST', `${path}/participants`, { to: { kind: 'number', number: '0900 CALL ME' }, mode: 'conference' })).status, 400);
    assert.equal((await cc.as('maria', 'POST', `${path}/monitor`, { mode: 'listen' })).status, 403);

    // The conference ended (the customer hung up): 20404-free, but every change is refused as call-ended.
    cc.standIn.voice.hangUp(String(customerParticipant(conferenceSid)?.callSid));
    const ended = await cc.as('maria', 'POST', `${path}/resume`);
    assert.equal(ended.status, 410);
    assert.equal(ended.body.error, 'call-ended');
    const missing = await cc.as('maria', 'GET', `/api/twilio/cc/calls/CF${'0'.repeat(32)}`);
    assert.equal(missing.body.error, 'call-ended');
    await cc.as('maria', 'POST', `/api/twilio/cc/tasks/${taskSid}/complete`);
  });

  it('refuses callbacks without a valid X-Twilio-Signature, and every callback the stand-in sent validated', async () => {
    for (const path of ['voice', 'conference-events', 'leg-events', 'taskrouter-events', 'recording-events']) {
      const response = await fetch(`${cc.url}/api/twilio/cc/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' }, body: 'EventType=reservation.wrapup' });
      assert.equal(response.status, 403, path);
    }
    await cc.standIn.settled();
    const ours = cc.standIn.callbacks.deliveries.filter((delivery) => delivery.url.startsWith(cc.url));
    assert.ok(ours.length > 20, `callbacks delivered: ${ours.length}`);
    assert.deepEqual([...new Set(ours.map((delivery) => delivery.outcome))], [204], 'each one validated and was handled');
    assert.deepEqual(cc.standIn.twiml.errors, []);
  });
});

describe("the parameters of a colleague's leg", () => {
  it("carry the conference, the customer and the task's call data within Twilio's bounds, and read back as sent", () => {
    const conferenceSid = `CF${'a'.repeat(32)}`;
    const attributes = { type: 'inbound', from: '+14155550142', caller_name: 'Zoë O\'Brien & Co', call_sid: `CA${'b'.repeat(32)}`, conference: { sid: conferenceSid }, Digits: '4471', 'not a name': 'x', long: 'x'.repeat(129), a: '1', b: '2', c: '3', d: '4', e: '5' };
    const parameters = legParameters({ conferenceSid }, {}, attributes);
    assert.deepEqual(parameters, { conferenceSid, from: '+14155550142', callerName: 'Zoë O\'Brien & Co', type: 'inbound', Digits: '4471', a: '1', b: '2', c: '3' }, 'bookkeeping, odd names and values over 128 bytes left out; 8 at most');
    assert.deepEqual(legParameters({ conferenceSid }, { number: '+14155550199' }, {}), { conferenceSid, from: '+14155550199' }, "without a task, the customer leg's number");
    const to = clientAddress('li', parameters);
    assert.match(to, /^client:li\?conferenceSid=CF/);
    assert.deepEqual(dialledAddress(to), { to: 'client:li', customParameters: parameters }, 'the stand-in reads back what was sent');
    assert.deepEqual(dialledAddress('+14155550100'), { to: '+14155550100' });
  });
});
