/**
 * Supervision and a timed-out reservation in Chromium on the local Twilio stand-in: the console
 * started as `softphone-connector dev --provider twilio` starts it, with the workflow's reservation
 * timeout short (`TWILIO_STAND_IN_RESERVATION_TIMEOUT`), two agents and the console's supervisor
 * signed in on their own pages, each softphone on the local Twilio bundle.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, rest, type ConsoleTask } from './harness.js';
import { customerCall, label, onlyAgentAvailable, openAs, openPhone, server, standInState, startTwilioConsole, stopTwilioConsole, waitActivity, type Agent } from './twilio-console.js';

/** Seconds a reservation rings before TaskRouter gives it to the next agent. */
const RESERVATION_TIMEOUT = 6;
const users: Record<string, Agent> = {};

before(async () => {
  await startTwilioConsole({ TWILIO_STAND_IN_RESERVATION_TIMEOUT: String(RESERVATION_TIMEOUT) });
  users.agent = await openAs('agent');
  users.agent2 = await openAs('agent2');
  users.supervisor = await openAs('supervisor', { ownContext: true });
});

after(async () => {
  await stopTwilioConsole();
});

type Party = { callSid: string; label?: string; muted?: boolean; coaching?: boolean; callSidToCoach?: string; hold?: boolean };
type Conference = { sid?: string; status: string; participants: Party[] };
const conferenceOf = async (customerCallSid: string) => (await standInState()).conferences.find((each) => each.status === 'in-progress' && each.participants.some((party) => party.callSid === customerCallSid)) as Conference | undefined;
const allTasks = () => rest<ConsoleTask[]>(server.url, 'GET', '/api/sobjects/Task');

describe('Twilio supervision and reservation time-out on the local stand-in, in Chromium', () => {
  it('a supervisor lists the team call, listens, whispers to the agent, barges in and leaves; the call goes on; one Task, the agent\'s', async () => {
    const { agent, agent2, supervisor } = users as Record<'agent' | 'agent2' | 'supervisor', Agent>;
    await onlyAgentAvailable(agent, agent2);
    await openPhone(supervisor);
    const { callSid } = await customerCall({ from: '+14155550142', callerName: 'Maria Chen' });
    await label(agent, 'Incoming call');
    await agent.phone.getByRole('button', { name: 'Accept' }).click();
    await label(agent, 'On call');
    const answered = Date.now();
    const conference = await eventually(async () => {
      const found = await conferenceOf(callSid);
      return found?.participants.length === 2 ? found : undefined;
    }, 5000, "the agent and the customer in the call's conference");
    const state = await standInState();
    const agentLeg = conference.participants.find((party) => state.calls.find((call) => call.sid === party.callSid)?.to === 'client:agent');
    assert.ok(agentLeg, "the agent's leg");

    // Team calls: the supervisor's softphone lists the agent's call (read from Twilio every refreshMs).
    const row = supervisor.phone.locator('li.sp-team-call', { hasText: 'agent' }).filter({ hasText: 'Maria Chen' });
    await row.waitFor({ timeout: 10_000 });
    console.log(`team calls: the agent's call listed at the supervisor ${Date.now() - answered} ms after the agent was on it (one sample; read every refreshMs, 2000 ms)`);
    const teamCallId = await row.getAttribute('data-team-call-id');
    assert.ok(teamCallId?.startsWith('CF'), `the team call is the conference, got ${teamCallId}`);

    // Listen: the supervisor joins muted; their softphone shows the mode.
    const clicked = Date.now();
    await row.getByRole('button', { name: 'Listen to agent' }).click();
    await supervisor.phone.getByText('Monitoring · Listening').waitFor({ timeout: 10_000 });
    console.log(`listen: the supervisor's card shows the mode ${Date.now() - clicked} ms after the click (one sample)`);
    const supervisorParty = async () => (await conferenceOf(callSid))?.participants.find((party) => party.label === 'supervisor:supervisor');
    const listening = await eventually(async () => ((await supervisorParty())?.muted === true ? supervisorParty() : undefined), 5000, 'the supervisor in the conference, muted');
    assert.deepEqual([listening?.muted, listening?.coaching ?? false], [true, false], 'listen: muted, not coaching');
    await row.getByText('Listening').waitFor({ timeout: 5000 });

    // Whisper: coaching the agent's leg.
    await supervisor.phone.getByRole('group', { name: 'Monitoring mode' }).getByRole('button', { name: 'Whisper' }).click();
    await supervisor.phone.getByText('Monitoring · Whispering').waitFor({ timeout: 5000 });
    const whispering = await eventually(async () => {
      const party = await supervisorParty();
      return party?.coaching ? party : undefined;
    }, 5000, 'the supervisor coaching');
    assert.deepEqual([whispering.muted, whispering.coaching, whispering.callSidToCoach], [false, true, agentLeg.callSid], 'whisper: coaching the agent\'s leg');

    // Barge: neither muted nor coaching; the agent's card shows the supervisor.
    await supervisor.phone.getByRole('group', { name: 'Monitoring mode' }).getByRole('button', { name: 'Barge' }).click();
    await supervisor.phone.getByText('Monitoring · Barged in').waitFor({ timeout: 5000 });
    const barging = await eventually(async () => {
      const party = await supervisorParty();
      return party && !party.coaching && !party.muted ? party : undefined;
    }, 5000, 'the supervisor barged in');
    assert.deepEqual([barging.muted, barging.coaching], [false, false], 'barge: neither muted nor coaching');
    const onAgentCard = agent.phone.locator(`li.sp-participant[data-participant-id="${barging.callSid}"]`);
    await onAgentCard.filter({ hasText: 'Barged in' }).waitFor({ timeout: 10_000 });
    assert.match((await onAgentCard.textContent()) ?? '', /Supervisor/);

    // The supervisor leaves: only their leg goes; the agent and the customer go on.
    await supervisor.phone.getByRole('button', { name: 'Leave' }).click();
    await eventually(async () => ((await supervisorParty()) === undefined ? true : undefined), 5000, "the supervisor's leg to leave");
    const after = await conferenceOf(callSid);
    assert.deepEqual(after?.participants.map((party) => party.callSid).sort(), [callSid, agentLeg.callSid].sort(), 'the customer and the agent stay');
    assert.equal((await standInState()).calls.find((call) => call.sid === callSid)?.status, 'in-progress');
    // The agent's card no longer has the supervisor on the call (their row is gone or says they left).
    await agent.phone.locator(`li.sp-participant[data-participant-id="${barging.callSid}"]:not([data-phase="left"])`).waitFor({ state: 'detached', timeout: 10_000 });
    await label(agent, 'On call');
    await row.getByRole('button', { name: 'Listen to agent' }).waitFor({ timeout: 10_000 });

    await agent.page.waitForTimeout(1100);
    await agent.phone.getByRole('button', { name: 'Hang up' }).click();
    await waitActivity('agent', 'Wrap-up');
    await agent.phone.getByLabel('Notes').fill('Supervised call.');
    await agent.phone.getByRole('button', { name: 'Save' }).click();
    await waitActivity('agent', 'Available');
    const logged = await eventually(async () => {
      const found = (await allTasks()).filter((item) => item.Description?.startsWith('Supervised call.'));
      return found.length ? found : undefined;
    }, 5000, "the agent's Task").catch(async (error: Error) => {
      throw new Error(`${error.message}; the Tasks: ${JSON.stringify((await allTasks()).map((item) => [item.Subject, item.Description, item.CallObject]))}`);
    });
    assert.equal(logged[0]?.Description, 'Supervised call.\n\nSupervisor supervisor: barge, left', "the agent's Task says the supervisor barged in and left");
    await supervisor.page.waitForTimeout(1000);
    const all = await allTasks();
    assert.equal(all.filter((item) => item.CallObject === logged[0]?.CallObject).length, 1, 'one Task for the call');
    assert.deepEqual(all.filter((item) => item.CallObject === barging.callSid), [], 'no Task for the supervisor\'s leg');
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual([...agent.errors, ...agent2.errors, ...supervisor.errors], []);
  });

  it('a reservation left ringing times out: the call is missed at the first agent, routed on to agent2, who accepts', async () => {
    const { agent, agent2 } = users as Record<'agent' | 'agent2', Agent>;
    // agent becomes available first, so TaskRouter (longest idle) offers agent the call first.
    await onlyAgentAvailable(agent, agent2);
    await agent2.phone.locator('#sp-status').selectOption('available');
    await waitActivity('agent2', 'Available');
    const { callSid } = await customerCall({ from: '+14155550143', callerName: 'Omar Haddad' });
    await label(agent, 'Incoming call');
    const rang = Date.now();
    // Nobody clicks: the reservation rings out after the workflow's timeout.
    await eventually(async () => ((await agent2.page.getByTestId('phone-item-label').textContent()) === 'Incoming call' ? true : undefined), (RESERVATION_TIMEOUT + 6) * 1000, 'agent2 to ring');
    const waited = Date.now() - rang;
    assert.ok(waited >= (RESERVATION_TIMEOUT - 1) * 1000, `routed on after the reservation timed out (${waited} ms)`);
    const state = await standInState();
    const task = state.tasks.find((candidate) => JSON.parse(candidate.attributes).call_sid === callSid);
    assert.ok(task);
    const workerSid = (name: string) => state.workers.find((worker) => worker.friendlyName === name)?.sid;
    assert.deepEqual(state.reservations.filter((reservation) => reservation.taskSid === task.sid).map((reservation) => [reservation.workerSid, reservation.status]), [[workerSid('agent'), 'timeout'], [workerSid('agent2'), 'pending']], 'timed out at agent, offered to agent2');
    assert.equal(state.workers.find((worker) => worker.friendlyName === 'agent')?.activity, 'Offline', "the workspace's timeout activity");

    await agent2.phone.getByRole('button', { name: 'Accept' }).click();
    await label(agent2, 'On call');
    await agent2.page.waitForTimeout(1100);
    await agent2.phone.getByRole('button', { name: 'Hang up' }).click();
    await waitActivity('agent2', 'Wrap-up');
    await agent2.phone.getByLabel('Notes').fill('Took the call agent let ring.');
    await agent2.phone.getByRole('button', { name: 'Save' }).click();
    await waitActivity('agent2', 'Available');
    const tasks = await eventually(async () => {
      const found = (await allTasks()).filter((item) => item.CallObject === task.sid);
      return found.length >= 2 ? found : undefined;
    }, 5000, 'the Tasks of the call').catch(async (error: Error) => {
      throw new Error(`${error.message}; the Tasks: ${JSON.stringify((await allTasks()).map((item) => [item.Subject, item.Description, item.CallObject]))}`);
    });
    await agent.page.waitForTimeout(500);
    assert.deepEqual((await allTasks()).filter((item) => item.CallObject === task.sid).map((item) => item.Subject).sort(), ['Inbound call from Omar Haddad (+1 415 555 0143)', 'Missed call from Omar Haddad (+1 415 555 0143)'].sort(), `missed at agent, taken by agent2: ${JSON.stringify(tasks.map((item) => item.Subject))}`);
    assert.deepEqual([...agent.errors, ...agent2.errors], []);
  });
});
