/**
 * Accessibility of the softphone, end to end: axe-core's WCAG 2.1 A/AA rules in every state of the
 * simulator softphone in the local console (its multi-party views fed with injected events), on the
 * lab phone and SIP softphone in the SIP lab and on the Voice host page; a whole call by keyboard only; what the live region says, in order.
 * Fails on any serious or critical violation, and prints the states and rules it checked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { AXE_VERSION, WCAG_TAGS, describeViolations, failing, rulesChecked, runAxe, type AxeViolation } from './axe.js';
import { eventually, launchBrowser, openConsole, rest, softphoneFrame, startConsole, type ConsoleTask, type RunningConsole } from './harness.js';
import { MULTI_PARTY, MultiPartyDriver, SKELETON_COMMANDS } from './multiparty-driver.js';
import { launchVoiceBrowser, startVoiceConsole, VoiceHostDriver, type RunningVoiceConsole } from './voice-driver.js';
import type { VoicePhoneCall } from '../../src/console/voice-host/voice-host.js';

/** What each state's check found, for the summary and the final verdict. */
class AxeLedger {
  readonly states: Array<{ state: string; rules: readonly string[]; failing: readonly AxeViolation[]; other: readonly AxeViolation[] }> = [];

  async check(target: Page | Frame, state: string): Promise<void> {
    const report = await runAxe(target);
    const bad = failing(report);
    this.states.push({ state, rules: report.rulesApplied, failing: bad, other: report.violations.filter((violation) => !bad.includes(violation)) });
  }

  /** Prints the states and rules checked, then fails with every serious or critical violation. */
  verdict(t: TestContext): void {
    const rules = [...new Set(this.states.flatMap((entry) => entry.rules))].sort();
    t.diagnostic(`axe-core ${AXE_VERSION}, tags ${WCAG_TAGS.join(', ')}`);
    t.diagnostic(`states checked (${this.states.length}): ${this.states.map((entry) => entry.state).join('; ')}`);
    t.diagnostic(`rules checked (${rulesChecked().length}): ${rulesChecked().join(', ')}`);
    t.diagnostic(`rules that applied to something (${rules.length}): ${rules.join(', ')}`);
    for (const entry of this.states.filter((state) => state.other.length > 0)) t.diagnostic(`[${entry.state}] moderate or minor: ${describeViolations(entry.other)}`);
    const failures = this.states.filter((entry) => entry.failing.length > 0);
    assert.equal(failures.length, 0, `serious or critical violations:\n${failures.map((entry) => `[${entry.state}]\n${describeViolations(entry.failing)}`).join('\n')}`);
  }
}

describe('softphone in the local console (simulator)', () => {
  let server: RunningConsole;
  let browser: Browser;
  let page: Page;
  let phone: FrameLocator;
  let frame: Frame;

  const label = () => page.getByTestId('phone-item-label');
  const phoneIdle = () => label().filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });
  const ring = async (from: string, extra: Record<string, unknown> = {}): Promise<string> =>
    (await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from, ...extra })).callId;
  const tasksFor = (callId: string) => rest<ConsoleTask[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
  const setFaults = (settings: Record<string, unknown>) => rest(server.url, 'PUT', '/api/admin/faults', settings);

  before(async () => {
    server = await startConsole();
    browser = await launchBrowser();
    ({ page, phone } = await openConsole(browser, server.url));
    frame = softphoneFrame(page);
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('axe: no serious or critical WCAG 2.1 A/AA violation in any state', async (t) => {
    const axe = new AxeLedger();
    await axe.check(frame, 'idle');

    // A known Contact: the ringing card names the popped record.
    const callId = await ring('+1 415-555-0142', { data: { Account: 'ACME-0042' } });
    await phone.getByRole('button', { name: 'Accept' }).waitFor();
    await phone.locator('.sp-related').getByText('Contact: Maria Chen', { exact: true }).waitFor({ timeout: 5000 });
    await axe.check(frame, 'ringing');

    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    await axe.check(frame, 'in call');

    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On hold' }).waitFor();
    await axe.check(frame, 'on hold');
    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();

    await rest(server.url, 'POST', `/api/sim/calls/${callId}/warning`, { kind: 'latency' });
    await phone.locator('.sp-quality-warning').waitFor();
    await axe.check(frame, 'in call with a call-quality warning');
    await rest(server.url, 'POST', `/api/sim/calls/${callId}/warning`, { kind: 'latency', active: false });

    await phone.getByRole('button', { name: 'Keypad' }).click();
    await phone.getByRole('group', { name: 'Keypad' }).waitFor();
    await axe.check(frame, 'keypad open');
    await phone.getByRole('button', { name: 'Keypad' }).click();

    await phone.getByRole('button', { name: 'Transfer' }).click();
    await phone.getByLabel('Transfer to').waitFor();
    await axe.check(frame, 'transfer form');
    await phone.getByRole('button', { name: 'Transfer', pressed: true }).click();

    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByLabel('Notes').waitFor();
    await axe.check(frame, 'wrap-up');
    await phone.getByRole('button', { name: 'Save' }).click();
    await phoneIdle();
    await axe.check(frame, 'idle with recent calls');

    // An outbound call, ringing at the far end.
    await phone.getByLabel('Phone number').fill('+1 206 555 0100');
    await phone.getByRole('button', { name: 'Call', exact: true }).click();
    await phone.locator('[data-phase="dialing"]').waitFor();
    await axe.check(frame, 'dialing');
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phoneIdle();

    const timing = phone.getByTestId('sp-diagnostics');
    await timing.locator('summary').click();
    await timing.locator('table[data-timeline="startup"]').waitFor();
    await axe.check(frame, 'timing panel open');
    await timing.locator('summary').click();

    // Error: every save of the call log fails, so the card says so and offers a retry.
    await setFaults({ saveLogFailureRate: 1 });
    const failed = await ring('512 555 0167');
    await phone.getByRole('button', { name: 'Decline' }).click();
    await phone.getByRole('button', { name: 'Retry now' }).waitFor({ timeout: 10_000 });
    await axe.check(frame, 'error: call log not saved');
    await setFaults({ saveLogFailureRate: 0 });
    await phone.getByRole('button', { name: 'Retry now' }).click();
    await eventually(async () => ((await tasksFor(failed)).length ? true : undefined), 10_000, 'the retried Task');
    await phoneIdle();

    // Reconnecting: the connection is cut and every new one refused until the route is lifted.
    let refuse = true;
    await page.routeWebSocket(/\/api\/sim\/agent/, (socket) => (refuse ? socket.close() : socket.connectToServer()));
    await rest(server.url, 'POST', '/api/admin/faults/drop-connections');
    await phone.locator('[data-health="reconnecting"]').waitFor({ state: 'attached', timeout: 10_000 });
    await axe.check(frame, 'reconnecting');
    refuse = false;
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 30_000 });

    // Fatal: a page whose configuration names a provider its bundle does not carry.
    const fatal = await browser.newPage();
    const softphoneUrl = frame.url();
    await fatal.route(softphoneUrl, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('"kind":"simulator"', '"kind":"no-such-provider"') });
    });
    await fatal.goto(softphoneUrl);
    await fatal.getByRole('alert').filter({ hasText: 'could not start' }).waitFor();
    await axe.check(fatal, 'error: the softphone could not start');
    await fatal.close();

    axe.verdict(t);
  });

  /** The focused control of the softphone (undefined when the softphone has no focus), and whether its focus ring shows. */
  const focused = () =>
    frame.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!document.hasFocus() || !element || element === document.body) return undefined;
      const style = getComputedStyle(element);
      const label = (element as HTMLInputElement).labels?.[0]?.textContent ?? element.getAttribute('aria-label') ?? element.textContent ?? '';
      return { name: label.replace(/\s+/g, ' ').trim(), ring: element.matches(':focus-visible') && style.outlineStyle === 'solid' && parseFloat(style.outlineWidth) >= 2 };
    });
  const expectFocus = async (name: string): Promise<void> => {
    const now = await eventually(async () => ((await focused())?.name === name ? focused() : undefined), 3000, `focus on "${name}" (it is on "${(await focused())?.name}")`);
    assert.ok(now?.ring, `"${name}" shows a focus ring`);
  };
  const press = (keys: string) => page.keyboard.press(keys);
  /** Presses Tab until `done`, as a keyboard user does (no more than `max` times). */
  const tabUntil = async (done: () => Promise<boolean>, what: string, max = 120): Promise<void> => {
    for (let count = 0; count < max; count++) {
      if (await done()) return;
      await press('Tab');
    }
    throw new Error(`${what} not reached after ${max} presses of Tab`);
  };
  const pressed = (name: string) => phone.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');

  it('keyboard only: a call from ring to saved wrap-up, a second call declined, focus never taken from the notes', async () => {
    await phoneIdle();
    // Into the softphone from the console as a keyboard user goes: Tab to the utility bar, open it, Tab in.
    const item = page.getByRole('button', { name: /^Softphone:/ });
    await tabUntil(() => item.evaluate((button) => button === document.activeElement), 'the softphone utility item');
    if ((await item.getAttribute('aria-pressed')) !== 'true') await press('Enter');
    await tabUntil(async () => (await focused())?.name === 'Status', 'the softphone');
    await expectFocus('Status');

    const first = await ring('+1 415-555-0142');
    await expectFocus('Accept');
    await press('Alt+Shift+P');
    await label().filter({ hasText: 'On call' }).waitFor();
    await expectFocus('Mute');
    await press('Enter');
    await eventually(async () => ((await pressed('Mute')) === 'true' ? true : undefined), 3000, 'muted by Enter');
    await press('Alt+Shift+M');
    await eventually(async () => ((await pressed('Mute')) === 'false' ? true : undefined), 3000, 'unmuted by its shortcut');
    await press('Alt+Shift+H');
    await label().filter({ hasText: 'On hold' }).waitFor();
    await press('Alt+Shift+H');
    await label().filter({ hasText: 'On call' }).waitFor();

    await press('Alt+Shift+K');
    await phone.getByRole('group', { name: 'Keypad' }).waitFor();
    await tabUntil(async () => (await focused())?.name === '5 JKL', 'the keypad key 5', 20);
    await expectFocus('5 JKL');
    await press('Enter');
    await eventually(async () => {
      const { calls } = await rest<{ calls: Array<{ callId: string; digits: string }> }>(server.url, 'GET', '/api/sim/calls');
      return calls.find((call) => call.callId === first)?.digits === '5' ? true : undefined;
    }, 3000, 'the digit 5 sent to the far end');
    await press('Alt+Shift+K');
    await expectFocus('Keypad');
    assert.equal(await phone.getByRole('group', { name: 'Keypad' }).count(), 0);

    await press('Alt+Shift+X');
    await expectFocus('Transfer to');
    await press('Escape');
    await expectFocus('Transfer');
    assert.equal(await phone.getByLabel('Transfer to').count(), 0);

    await press('Alt+Shift+E');
    await expectFocus('Disposition');
    await page.keyboard.type('Follow');
    await press('Tab');
    await expectFocus('Notes');
    await page.keyboard.type('Sent the invoice again.');

    // A second call rings while the agent writes: the notes keep the focus and every key typed.
    const second = await ring('512 555 0167');
    await phone.locator(`article[data-call-id="${second}"]`).getByRole('button', { name: 'Accept' }).waitFor();
    await page.waitForTimeout(300);
    await expectFocus('Notes');
    await page.keyboard.type(' Call back on Monday.');
    await press('Tab');
    await expectFocus('Save');
    await press('Enter');
    const [saved] = await eventually(async () => {
      const tasks = await tasksFor(first);
      return tasks[0]?.Description ? tasks : undefined;
    }, 5000, 'the wrap-up on the Task');
    assert.equal(saved?.CallDisposition, 'Follow-up required');
    assert.equal(saved?.Description, 'Sent the invoice again. Call back on Monday.');

    // Save went with its card: the focus goes to the call still ringing.
    await expectFocus('Accept');
    await press('Alt+Shift+D');
    const [declined] = await eventually(async () => {
      const tasks = await tasksFor(second);
      return tasks.length ? tasks : undefined;
    }, 5000, 'the declined call Task');
    assert.equal(declined?.CallDisposition, 'Declined');
    await phoneIdle();
    await expectFocus('Phone number');
  });

  it('the live region says each step once, in order: ringing, the matched record, connected, held, resumed, ended, log saved', async () => {
    await phoneIdle();
    await frame.evaluate(() => {
      const region = document.querySelector('[data-testid="sp-announcer"]');
      if (!region) throw new Error('no live region');
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      // Every text put in the region, even two in one task: each record's added text.
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) said.push(node.textContent ?? '');
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });
    const callId = await ring('+1 415-555-0142', { name: 'Maria Chen' });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On hold' }).waitFor();
    await phone.getByRole('button', { name: 'Hold' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByRole('button', { name: 'Save' }).click();
    await eventually(async () => ((await tasksFor(callId)).length ? true : undefined), 5000, 'the Task');
    await phoneIdle();
    const said = await eventually(async () => {
      const texts = await frame.evaluate(() => (window as unknown as { said: string[] }).said);
      return texts.at(-1) === 'Call log saved' ? texts : undefined;
    }, 5000, 'the log saved announcement');
    assert.deepEqual(said, [
      'Incoming call from Maria Chen, +1 415 555 0142',
      'Matched Contact: Maria Chen',
      'Connected to Maria Chen',
      'Call on hold',
      'Call resumed',
      'Call with Maria Chen ended. Add your notes',
      'Call log saved',
    ]);
  });

  it('the console\'s new-record modal shows its close icon, dark on the white button', async (t) => {
    await phoneIdle();
    const callId = await ring('(206) 555-0100');
    t.after(() => rest(server.url, 'POST', `/api/sim/calls/${callId}/hangup`).catch(() => undefined));
    const close = page.getByRole('dialog', { name: 'New Contact' }).getByRole('button', { name: 'Cancel and close' });
    await close.waitFor({ timeout: 5000 });
    const drawn = await close.evaluate((button) => {
      const icon = button.querySelector('svg');
      const box = icon?.getBoundingClientRect();
      return { width: box?.width ?? 0, paths: icon?.querySelectorAll('path').length ?? 0, fill: icon ? getComputedStyle(icon).fill : '', background: getComputedStyle(button).backgroundColor };
    });
    assert.ok(drawn.width >= 16 && drawn.paths > 0, `an icon is drawn: ${JSON.stringify(drawn)}`);
    assert.notEqual(drawn.fill, drawn.background, `the icon stands out from its button: ${JSON.stringify(drawn)}`);
    await page.getByRole('dialog', { name: 'New Contact' }).getByRole('button', { name: 'Cancel', exact: true }).click();
  });

  it('focusOnRing "always" (page configuration): a ring takes the focus from the console page; by default it does not', async () => {
    await phoneIdle();
    // Default (when-idle): the agent types in the console; a ring leaves the focus there.
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.focus();
    await page.keyboard.type('Chen');
    const missed = await ring('+1 212 555 0188');
    await phone.getByRole('button', { name: 'Accept' }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value), 'Chen', 'the console keeps the focus');
    assert.equal(await focused(), undefined, 'the softphone did not take it');
    await rest(server.url, 'POST', `/api/sim/calls/${missed}/hangup`);
    await phoneIdle();

    // The page's configuration, as a deployment writes it: set in the softphone's JSON before its
    // module runs (deferred scripts run once the document is interactive). Not by rewriting the
    // response: Chromium treats a fulfilled page as public and blocks its loopback WebSocket.
    await page.addInitScript(`document.addEventListener('readystatechange', () => {
      const element = document.readyState === 'interactive' ? document.getElementById('softphone-config') : null;
      if (element) element.textContent = JSON.stringify({ ...JSON.parse(element.textContent), focusOnRing: 'always' });
    });`);
    await page.reload();
    await page.waitForFunction(() => !document.body.textContent?.includes('(loading)'), undefined, { timeout: 15_000 });
    frame = softphoneFrame(page);
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
    await page.getByRole('searchbox', { name: 'Search' }).focus();
    const taken = await ring('+1 212 555 0188');
    await expectFocus('Accept');
    await press('Alt+Shift+D');
    await eventually(async () => ((await tasksFor(taken)).length ? true : undefined), 5000, 'the declined call Task');
    await phoneIdle();
  });

  // Last in this group: a supervisor's team list, once shown, stays for the page's life.
  it('axe: no serious or critical violation in the multi-party views (capabilities stubbed, events injected, multi-party commands recorded: see multiparty-driver.ts)', async (t) => {
    const axe = new AxeLedger();
    await phoneIdle();
    frame = softphoneFrame(page);
    const driver = new MultiPartyDriver(frame);
    await driver.install();
    await driver.stubCapabilities(MULTI_PARTY);
    const callId = await ring('+1 415-555-0142', { name: 'Maria Chen' });
    await phone.getByRole('button', { name: 'Accept' }).click();
    await label().filter({ hasText: 'On call' }).waitFor();
    await driver.dispatch(
      { type: 'held', callId },
      { type: 'participant-added', callId, participantId: 'p1', role: 'agent', number: '2001', displayName: 'Sam Lee', mode: 'consult' },
      { type: 'participant-connected', callId, participantId: 'p1' },
    );
    await phone.locator('[data-participant-id="p1"][data-phase="connected"]').waitFor();
    await axe.check(frame, 'participants listed (consulting a colleague)');

    await phone.getByRole('button', { name: 'Add participant', exact: true }).click();
    await phone.getByLabel('Number to add').waitFor();
    await axe.check(frame, 'add-participant form');
    await press('Escape');

    await driver.dispatch(
      { type: 'conferenced', callId },
      { type: 'participant-added', callId, participantId: 'p2', role: 'external', number: '+442071838750', displayName: 'Priya Raman', mode: 'conference' },
      { type: 'participant-connected', callId, participantId: 'p2' },
      { type: 'participant-added', callId, participantId: 's1', role: 'supervisor', displayName: 'Pat Kim', mode: 'conference', supervisorMode: 'whisper' },
      { type: 'participant-left', callId, participantId: 'p1', reason: 'hangup' },
    );
    await phone.locator('.sp-call-status').filter({ hasText: /^Conference$/ }).waitFor();
    await phone.locator('[data-participant-id="p1"][data-phase="left"]').waitFor();
    await axe.check(frame, 'conference: participants, a supervisor whispering, one who left');
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByRole('button', { name: 'Save' }).click();
    await phoneIdle();

    const started = Date.now();
    const team = [
      { callId: 't1', agent: 'Alex Rivera', remote: '+14155550142', displayName: 'Maria Chen', direction: 'inbound', startedAt: started - 95_000, connectedAt: started - 90_000, queue: 'Support' },
      { callId: 't2', agent: 'Sam Lee', remote: '+12065550100', direction: 'outbound', startedAt: started - 30_000 },
    ] as const;
    await driver.dispatch({ type: 'team-calls', calls: [...team] });
    await phone.getByRole('region', { name: 'Team calls' }).getByRole('button', { name: 'Barge in on Sam Lee' }).waitFor();
    await axe.check(frame, 'supervisor view: the team\'s calls');

    // The supervisor's own leg is unknown to the simulator: its commands are only recorded.
    await driver.passThrough([]);
    await driver.dispatch(
      { type: 'monitoring', callId: 'm1', teamCallId: 't1', mode: 'whisper', agent: 'Alex Rivera', remote: '+14155550142', displayName: 'Maria Chen' },
      { type: 'team-calls', calls: [{ ...team[0], monitoredBy: 'whisper' }, team[1]] },
    );
    await phone.locator('article[data-call-id="m1"]').waitFor();
    await axe.check(frame, 'supervisor monitoring card');
    await driver.dispatch({ type: 'ended', callId: 'm1', reason: 'hangup-local' }, { type: 'team-calls', calls: [] });
    await phoneIdle();
    await driver.passThrough(SKELETON_COMMANDS);
    await driver.stubCapabilities(undefined);
    axe.verdict(t);
  });
});

describe('lab phone and SIP softphone in the SIP lab (Kamailio)', () => {
  let server: RunningConsole;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsole(['--sip-port', '15120', '--ws-port', '18148'], 'lab');
    browser = await launchBrowser();
    ({ page } = await openConsole(browser, server.url));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('axe: no serious or critical WCAG 2.1 A/AA violation on the lab phone page or the SIP softphone', async (t) => {
    const axe = new AxeLedger();
    const agent = softphoneFrame(page);
    const phone = page.frameLocator('iframe[title="Softphone"]');
    await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
    const lab = await eventually(() => page.frames().find((frame) => frame.url().includes('/lab/phone/')), 5000, 'the lab phone frame');
    await lab.waitForFunction(() => 'labPhone' in window);
    await axe.check(lab, 'lab phone: ready to call');

    await lab.evaluate(() => (window as unknown as { labPhone: { call(options: object): Promise<string> } }).labPhone.call({ from: '+14155550142', name: 'Maria Chen' }));
    await phone.getByRole('button', { name: 'Accept' }).waitFor({ timeout: 10_000 });
    await axe.check(lab, 'lab phone: calling');
    await axe.check(agent, 'SIP softphone: ringing');
    await phone.getByRole('button', { name: 'Accept' }).click();
    await phone.getByRole('button', { name: 'Hang up' }).waitFor();
    await lab.locator('body[data-state="connected"]').waitFor();
    await axe.check(lab, 'lab phone: in call');
    await axe.check(agent, 'SIP softphone: in call');
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByRole('button', { name: 'Save' }).click();
    await phone.locator('[data-phase]:not([hidden])').waitFor({ state: 'detached', timeout: 10_000 });
    await axe.check(lab, 'lab phone: call ended');
    axe.verdict(t);
  });
});

describe('Salesforce Voice host page (simulator)', () => {
  let server: RunningVoiceConsole;
  let browser: Browser;

  before(async () => {
    server = await startVoiceConsole();
    browser = await launchVoiceBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('axe: no serious or critical WCAG 2.1 A/AA violation on the Voice host page and its connector frame', async (t) => {
    const axe = new AxeLedger();
    const host = await VoiceHostDriver.open(browser, server.url);
    t.after(() => host.page.close());
    await axe.check(host.page, 'Voice host: connector ready');
    await host.request('POST', '/api/sim/calls', { from: '+14155550100', name: 'Ada Lovelace' });
    const started = (await host.waitForEvent('CALL_STARTED')).payload as VoicePhoneCall;
    await axe.check(host.page, 'Voice host: call ringing');
    await host.send({ type: 'ACCEPT_CALL', call: started });
    await host.waitForEvent('CALL_CONNECTED');
    await axe.check(host.page, 'Voice host: call connected');
    await host.send({ type: 'END_CALL', call: started });
    await host.waitForEvent('HANGUP');
    await axe.check(host.page, 'Voice host: call ended');
    axe.verdict(t);
  });
});
