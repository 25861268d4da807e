/**
 * The softphone's multi-party views in Chromium, in the local console, driven through the page: a
 * real simulator call rings and is answered, then the normalized events a
 * multi-party provider reports (participants, conference, supervisor modes, the team's calls, a
 * monitoring leg) are fed to the page's connector. STUBBED, and said so in each test: the provider's
 * capabilities (replaced in the page, to show what a provider offering them gets and that every
 * control follows its capability) and the multi-party commands (recorded by a spy on
 * `connector.execute`, never sent to the simulator). Everything else is the production code. The
 * same flows with nothing stubbed (every command run by the simulator, three console pages):
 * multiparty-console.test.ts; here, the states and controls no single simulator call shows at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser, openConsole, rest, softphoneFrame, startConsole, type RunningConsole } from './harness.js';
import { MULTI_PARTY, MultiPartyDriver, SKELETON_COMMANDS } from './multiparty-driver.js';

/** The agent's quick targets, as a deployment writes them into the page's configuration. */
const QUICK_TARGETS = [{ label: 'Sales desk', number: '+14155550111' }, { label: 'Billing', number: '2002' }];

let server: RunningConsole;
let browser: Browser;
let page: Page;
let phone: FrameLocator;
let driver: MultiPartyDriver;

const label = () => page.getByTestId('phone-item-label');
const phoneIdle = () => label().filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });
const button = (scope: Locator | FrameLocator, name: string) => scope.getByRole('button', { name, exact: true });
/** Whether `locator` matches nothing right now. */
const absent = async (locator: Locator): Promise<boolean> => (await locator.count()) === 0;

before(async () => {
  server = await startConsole();
  browser = await launchBrowser();
  ({ page, phone } = await openConsole(browser, server.url));
  // The page configuration's quickTargets, set in the softphone's JSON before its module runs (as
  // accessibility.test.ts sets focusOnRing): what `src/app/start.ts` hands to the UI.
  await page.addInitScript(`document.addEventListener('readystatechange', () => {
    const element = document.readyState === 'interactive' ? document.getElementById('softphone-config') : null;
    if (element) element.textContent = JSON.stringify({ ...JSON.parse(element.textContent), quickTargets: ${JSON.stringify(QUICK_TARGETS)} });
  });`);
  await page.reload();
  await page.waitForFunction(() => !document.body.textContent?.includes('(loading)'), undefined, { timeout: 15_000 });
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  driver = new MultiPartyDriver(softphoneFrame(page));
  await driver.install();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('multi-party calls on the agent\'s card (capabilities stubbed, participant events injected, multi-party commands recorded)', () => {
  it('lists participants with role, state and a supervisor\'s mode; offers each control by state and capability; runs the right command', async () => {
    await phoneIdle();
    await driver.takeSaid();
    // The simulator provider now advertises every multi-party capability: the stub below is its own
    // set, so this test sees what the simulator offers; later stubs take capabilities away.
    assert.deepEqual(await driver.ownCapabilities(), MULTI_PARTY);
    await driver.stubCapabilities(MULTI_PARTY);
    const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142', name: 'Maria Chen' });
    await button(phone, 'Accept').click();
    await label().filter({ hasText: 'On call' }).waitFor();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'answer', callId }], 'Accept reached the simulator');
    await driver.takeSaid();
    const card = phone.locator(`article[data-call-id="${callId}"]`);
    const participant = (id: string) => card.locator(`[data-participant-id="${id}"]`);

    // Add participant: the number typed, in consultation.
    await button(card, 'Add participant').click();
    const number = card.getByLabel('Number to add');
    assert.equal(await number.evaluate((field) => field === document.activeElement), true, 'the number field takes the focus');
    assert.equal(await card.getByRole('radio', { name: 'Consult (customer held)' }).isChecked(), true, 'consult is the default');
    await number.fill('+1 206 555 0100');
    await button(card, 'Add').click();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'add-participant', callId, to: '+1 206 555 0100', mode: 'consult' }]);
    assert.ok(await absent(card.getByLabel('Number to add')), 'the form closes');
    assert.equal(await button(card, 'Add participant').evaluate((toggle) => toggle === document.activeElement), true, 'the focus goes back to Add participant');

    // Add participant: a quick target, into the conference; Escape closes the form.
    await button(card, 'Add participant').click();
    await card.getByText('Conference', { exact: true }).click();
    await card.getByRole('group', { name: 'Quick targets' }).getByRole('button', { name: 'Billing (2002)' }).click();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'add-participant', callId, to: '2002', mode: 'conference' }]);
    await button(card, 'Add participant').click();
    await page.keyboard.press('Escape');
    assert.ok(await absent(card.getByLabel('Number to add')), 'Escape closes the form');

    // A colleague is consulted: the customer is held, the colleague's phone rings.
    await driver.dispatch(
      { type: 'held', callId },
      { type: 'participant-added', callId, participantId: 'p1', role: 'agent', number: '2001', displayName: 'Sam Lee', mode: 'consult' },
      { type: 'participant-ringing', callId, participantId: 'p1' },
    );
    await participant('p1').filter({ hasText: 'Ringing · Agent · Consult · 2001' }).waitFor();
    assert.equal(await participant('p1').locator('.sp-participant-name').textContent(), 'Sam Lee');
    for (const name of ['Swap', 'Merge', 'Complete transfer', 'Hold Sam Lee']) assert.ok(await absent(button(card, name)), `no ${name} while the colleague rings`);
    assert.ok(!(await absent(button(card, 'Remove Sam Lee'))), 'a ringing participant can be removed');

    // The colleague answers: swap (the customer is held), merge (a consult leg is connected), complete transfer.
    await driver.dispatch({ type: 'participant-connected', callId, participantId: 'p1' });
    await participant('p1').filter({ hasText: 'Connected · Agent · Consult' }).waitFor();
    for (const [name, command] of [
      ['Swap', { type: 'swap', callId }],
      ['Merge', { type: 'merge', callId }],
      ['Complete transfer', { type: 'complete-transfer', callId }],
      ['Hold Sam Lee', { type: 'hold-participant', callId, participantId: 'p1' }],
      ['Remove Sam Lee', { type: 'remove-participant', callId, participantId: 'p1' }],
    ] as const) {
      await button(card, name).click();
      assert.deepEqual(await driver.takeCommands(), [command], `${name} runs ${command.type}`);
    }

    // Swapped: back to the customer, the colleague held; Resume and Swap are offered.
    await driver.dispatch({ type: 'resumed', callId }, { type: 'participant-held', callId, participantId: 'p1' });
    await participant('p1').filter({ hasText: 'On hold · Agent · Consult' }).waitFor();
    await button(card, 'Resume Sam Lee').click();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'resume-participant', callId, participantId: 'p1' }]);
    assert.ok(!(await absent(button(card, 'Swap'))), 'swap while the colleague is held');
    assert.ok(await absent(button(card, 'Complete transfer')), 'no transfer to a held colleague');

    // Merged, and a second party added straight into the conference.
    await driver.dispatch(
      { type: 'conferenced', callId },
      { type: 'participant-added', callId, participantId: 'p2', role: 'external', number: '+44 20 7183 8750', displayName: 'Priya Raman', mode: 'conference' },
      { type: 'participant-connected', callId, participantId: 'p2' },
    );
    await participant('p2').filter({ hasText: 'Connected · External · Conference · +44 20 7183 8750' }).waitFor();
    await participant('p1').filter({ hasText: 'Connected · Agent · Conference' }).waitFor();
    await card.locator('.sp-call-status').filter({ hasText: /^Conference$/ }).waitFor();
    assert.ok(await absent(button(card, 'Merge')), 'nothing left to merge');
    assert.ok(await absent(button(card, 'Swap')), 'nobody held: nothing to swap');

    // A supervisor listens, then whispers, then barges: the agent sees each mode; a supervisor has no Hold or Remove.
    await driver.dispatch({ type: 'participant-added', callId, participantId: 's1', role: 'supervisor', displayName: 'Pat Kim', mode: 'conference', supervisorMode: 'listen' });
    await participant('s1').locator('.slds-badge').filter({ hasText: 'Listening' }).waitFor();
    assert.ok(await absent(participant('s1').getByRole('button')), 'no controls on a supervisor');
    await driver.dispatch({ type: 'supervisor-mode', callId, participantId: 's1', mode: 'whisper' });
    await participant('s1').locator('.slds-badge').filter({ hasText: 'Whispering' }).waitFor();
    await driver.dispatch({ type: 'supervisor-mode', callId, participantId: 's1', mode: 'barge' });
    await participant('s1').locator('.slds-badge').filter({ hasText: 'Barged in' }).waitFor();

    // Priya hangs up: a history line, without controls.
    await driver.dispatch({ type: 'participant-left', callId, participantId: 'p2', reason: 'hangup' });
    await participant('p2').filter({ hasText: 'Left · External' }).waitFor();
    assert.ok(await absent(participant('p2').getByRole('button')), 'no controls on a participant who left');

    // Duplicates change nothing and say nothing twice.
    await driver.dispatch({ type: 'participant-connected', callId, participantId: 'p1' }, { type: 'conferenced', callId }, { type: 'supervisor-mode', callId, participantId: 's1', mode: 'barge' });
    await page.waitForTimeout(200);
    assert.deepEqual(await driver.takeSaid(), [
      'Call on hold',
      'Sam Lee joined the call',
      'Call resumed',
      'Conference: everyone on the call hears each other',
      'Priya Raman joined the call',
      'Supervisor Pat Kim is listening',
      'Supervisor Pat Kim is whispering to you',
      'Supervisor Pat Kim joined the conversation',
      'Priya Raman left the call',
    ]);

    // Without the capabilities (the provider's own, or none of multi-party): no multi-party control at all.
    await driver.stubCapabilities({ ...MULTI_PARTY, transfer: { blind: true, consult: false }, conference: false });
    await driver.dispatch({ type: 'participant-held', callId, participantId: 'p1' });
    await participant('p1').filter({ hasText: 'On hold' }).waitFor();
    for (const name of ['Add participant', 'Swap', 'Merge', 'Complete transfer', 'Resume Sam Lee', 'Remove Sam Lee']) assert.ok(await absent(button(card, name)), `no ${name} without its capability`);
    // Consult only: the form offers no choice, and says which it is.
    await driver.stubCapabilities({ ...MULTI_PARTY, conference: false });
    await driver.dispatch({ type: 'participant-resumed', callId, participantId: 'p1' });
    await button(card, 'Add participant').click();
    await card.getByText('Add as: Consult (customer held)').waitFor();
    assert.ok(await absent(card.getByRole('radio')), 'no choice of mode');
    await button(card, 'Complete transfer').waitFor();
    assert.ok(await absent(button(card, 'Merge')), 'no merge without conference');
    await page.keyboard.press('Escape');

    await driver.stubCapabilities(undefined);
    await button(card, 'Hang up').click();
    await phone.getByLabel('Notes').waitFor();
    await button(phone, 'Save').click();
    await phoneIdle();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'hangup', callId }], 'Hang up reached the simulator');
  });
});

describe('supervisor view (capabilities stubbed, team and monitoring events injected, commands recorded)', () => {
  it('lists the team\'s live calls with ticking durations and Listen/Whisper/Barge by capability; the monitoring card switches mode and leaves', async () => {
    await phoneIdle();
    await driver.takeCommands();
    await driver.takeSaid();
    const started = Date.now();
    await driver.stubCapabilities({ ...MULTI_PARTY, supervisor: { listen: true, whisper: true, barge: false } });
    const team = [
      { callId: 't1', agent: 'Alex Rivera', remote: '+14155550142', displayName: 'Maria Chen', direction: 'inbound', startedAt: started - 95_000, connectedAt: started - 90_000, queue: 'Support' },
      { callId: 't2', agent: 'Sam Lee', remote: '+12065550100', direction: 'outbound', startedAt: started - 30_000, connectedAt: started - 25_000 },
    ] as const;
    await driver.dispatch({ type: 'team-calls', calls: [...team] });
    const section = phone.getByRole('region', { name: 'Team calls' });
    const row = (id: string) => section.locator(`[data-team-call-id="${id}"]`);
    await row('t1').filter({ hasText: 'Alex Rivera' }).filter({ hasText: /Maria Chen · Support · 1:3\d/ }).waitFor();
    await row('t2').filter({ hasText: 'Sam Lee' }).filter({ hasText: /\+12065550100 · 0:2\d/ }).waitFor();
    const duration = () => row('t2').locator('.sp-muted').textContent();
    const before = await duration();
    await page.waitForTimeout(1300);
    assert.notEqual(await duration(), before, 'the duration ticks');

    assert.ok(!(await absent(button(row('t1'), 'Listen to Alex Rivera'))));
    assert.ok(!(await absent(button(row('t1'), 'Whisper to Alex Rivera'))));
    assert.ok(await absent(button(row('t1'), 'Barge in on Alex Rivera')), 'no Barge without its capability');
    await driver.stubCapabilities(MULTI_PARTY);
    await driver.dispatch({ type: 'team-calls', calls: [...team] });
    await button(row('t1'), 'Barge in on Alex Rivera').waitFor();
    await button(row('t1'), 'Listen to Alex Rivera').click();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'monitor', teamCallId: 't1', mode: 'listen' }]);

    // The supervisor's leg starts: a card with the mode, the modes to switch to, and Leave.
    await driver.dispatch(
      { type: 'monitoring', callId: 'm1', teamCallId: 't1', mode: 'listen', agent: 'Alex Rivera', remote: '+14155550142', displayName: 'Maria Chen' },
      { type: 'team-calls', calls: [{ ...team[0], monitoredBy: 'listen' }, team[1]] },
    );
    const card = phone.locator('article[data-call-id="m1"]');
    await card.locator('.sp-call-status').filter({ hasText: 'Monitoring · Listening' }).waitFor();
    assert.equal(await card.locator('.sp-party-name').textContent(), 'Alex Rivera');
    assert.equal(await card.locator('.sp-party-number').textContent(), 'with Maria Chen, +1 415 555 0142');
    assert.equal(await button(card, 'Listen').getAttribute('aria-pressed'), 'true');
    assert.equal(await button(card, 'Whisper').getAttribute('aria-pressed'), 'false');
    await row('t1').locator('.slds-badge').filter({ hasText: 'Listening' }).waitFor();
    assert.ok(await absent(row('t1').getByRole('button')), 'the call being monitored is switched on its card, not in the list');

    await button(card, 'Whisper').click();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'set-monitor-mode', callId: 'm1', mode: 'whisper' }]);
    await driver.dispatch({ type: 'monitoring', callId: 'm1', teamCallId: 't1', mode: 'whisper' });
    await card.locator('.sp-call-status').filter({ hasText: 'Monitoring · Whispering' }).waitFor();
    assert.equal(await button(card, 'Whisper').getAttribute('aria-pressed'), 'true');
    await button(card, 'Whisper').click();
    assert.deepEqual(await driver.takeCommands(), [], 'the current mode is not asked for again');

    // Only the modes the provider offers.
    await driver.stubCapabilities({ ...MULTI_PARTY, supervisor: { listen: true, whisper: true, barge: false } });
    await driver.dispatch({ type: 'monitoring', callId: 'm1', teamCallId: 't1', mode: 'listen' });
    await card.locator('.sp-call-status').filter({ hasText: 'Monitoring · Listening' }).waitFor();
    assert.ok(await absent(button(card, 'Barge')), 'no Barge without its capability');
    await driver.stubCapabilities(MULTI_PARTY);

    // Leave: hangs up the supervisor's leg (recorded only: the simulator does not know it), which then ends.
    await driver.passThrough([]);
    await button(card, 'Leave').click();
    assert.deepEqual(await driver.takeCommands(), [{ type: 'hangup', callId: 'm1' }]);
    await driver.dispatch({ type: 'ended', callId: 'm1', reason: 'hangup-local' }, { type: 'team-calls', calls: [team[1]] });
    await card.waitFor({ state: 'detached' });
    await row('t1').waitFor({ state: 'detached' });
    await page.waitForTimeout(200);
    assert.deepEqual(await driver.takeSaid(), ["Monitoring Alex Rivera's call: Listening", 'Mode: Whispering', 'Mode: Listening', "Left Alex Rivera's call"]);

    await driver.dispatch({ type: 'team-calls', calls: [] });
    await section.getByText('No live calls in your team.').waitFor();
    await driver.passThrough(SKELETON_COMMANDS);
    await driver.stubCapabilities(undefined);
  });
});
