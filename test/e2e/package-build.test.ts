/**
 * `init` → `build` from a clean folder with the built CLI, then the built static resource running in
 * the local console under a strict Content-Security-Policy: a simulated call pops the caller and logs
 * a Task with a disposition from the config, and the browser reports no CSP violation.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_API_VERSION } from '../../src/config/index.js';
import { CONSOLE_VIEWPORT, eventually, launchBrowser, rest, softphoneFrame, startConsole, type RunningConsole } from './harness.js';

const cli = resolve('dist/cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'softphone-package-'));
const project = join(scratch, 'my-softphone');
const run = (args: string[], cwd = scratch) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

after(() => rmSync(scratch, { recursive: true, force: true }));

describe('softphone-connector init and build', () => {
  it('init scaffolds a config and a DX project, and refuses to overwrite it', () => {
    const result = run(['init', 'my-softphone']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Created a simulator softphone project/);
    assert.match(readFileSync(join(project, 'softphone.config.ts'), 'utf8'), /from 'softphone-connector\/providers\/simulator'/);
    const again = run(['init', 'my-softphone']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /softphone\.config\.ts exists already; edit it, or pass --force/);
    const unknown = run(['init', 'other', '--provider', 'carrier-pigeon']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /invalid configuration: --provider must be a provider this installation can build: simulator.*got "carrier-pigeon"/);
  });

  it('build (from the project folder, no options) writes the project and prints sizes and next steps', () => {
    // What a user tries first: their own dispositions, subject and pop on answer.
    const file = join(project, 'softphone.config.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("when: 'ringing'", "when: 'answer'").replace("'Not interested'", "'Sent to billing'")
      .replace('logging: {', "logging: {\n    subject: 'Phone {direction} call: {name} ({outcome})',")
      .replace("onNoMatch: 'layout',", "onNoMatch: 'new-record',\n    newRecordObject: 'Lead',\n    ivrFields: { company: 'Company' },"));
    const result = run(['build'], project);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /• Packing the simulator softphone into static resource SoftphoneConnector…/);
    assert.match(result.stdout, /softphone-simulator\.js {2}[\d.]+ KB, [\d.]+ KB gzipped/);
    assert.match(result.stdout, /Add the agents|add the agents/);
    assert.match(result.stdout, /sf project deploy start/);
  });

  it('build --json prints one JSON document for CI', () => {
    const result = run(['build', '--json', '--config', join(project, 'softphone.config.ts')]);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; outDir: string; files: { path: string }[]; staticResource: { bytes: number } };
    assert.equal(report.ok, true);
    assert.equal(report.outDir, project);
    assert.ok(report.files.some((file) => file.path === 'force-app/main/default/callCenters/SoftphoneConnector.callCenter-meta.xml'));
    assert.ok(report.staticResource.bytes > 10_000);
  });

  it('an invalid config fails the build with the field, as text and as JSON', () => {
    const bad = join(scratch, 'bad.config.ts');
    writeFileSync(bad, `import { defineConfig } from 'softphone-connector/config';
import { simulator } from 'softphone-connector/providers/simulator';
export default defineConfig({ provider: simulator(), screenPop: { objects: ['Contact', 'Not An Object'] } });
`);
    const text = run(['build', '--config', bad, '--out', join(scratch, 'bad-out')]);
    assert.equal(text.status, 1);
    assert.match(text.stderr, /invalid configuration: screenPop\.objects\[1\] must be an API name.*got "Not An Object"/);
    const json = run(['build', '--json', '--config', bad, '--out', join(scratch, 'bad-out')]);
    assert.equal(json.status, 1);
    assert.deepEqual((JSON.parse(json.stdout) as { error: { field: string; code: string } }).error.field, 'screenPop.objects[1]');
    const missing = run(['build']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no softphone\.config\.ts here; run "softphone-connector init"/);
  });
});

describe('the built static resource in the local console under a strict CSP', () => {
  let server: RunningConsole;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsole(['--config', join(project, 'softphone.config.ts'), '--package', project]);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
    // Installed in every frame before its own scripts: records any CSP violation the page would see.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('phone-item-label').waitFor();
    await page.waitForFunction(() => !document.body.textContent?.includes('(loading)'), undefined, { timeout: 15_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the page with a strict policy and the code from the static resource', async () => {
    const response = await fetch(`${server.url}/package/softphone/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /report-uri \/package\/csp-reports/);
    const frame = softphoneFrame(page);
    assert.match(frame.url(), /\/package\/softphone\/(\?|$)/);
    const scripts = await frame.evaluate(() => [...document.scripts].map((script) => script.src || script.type));
    assert.deepEqual(scripts.map((src) => (src.startsWith('http') ? new URL(src).pathname : src)), ['application/json', `/support/api/${DEFAULT_API_VERSION}/lightning/opencti_min.js`, '/package/resource/softphone-simulator.js']);
  });

  it('pops the caller on answer (as configured), logs the Task with the configured subject and disposition, and violates no CSP rule', async () => {
    const phone = page.frameLocator('iframe[title="Softphone"]');
    const [maria] = await rest<{ Id: string }[]>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
    assert.ok(maria);
    const { callId } = await rest<{ callId: string }>(server.url, 'POST', '/api/sim/calls', { from: '+1 415-555-0142' });
    await page.getByTestId('phone-item-label').filter({ hasText: 'Incoming call' }).waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.getByRole('tab', { name: 'Maria Chen', selected: true }).count(), 0, 'popOn "answer": no pop while ringing');
    await phone.getByRole('button', { name: 'Accept' }).click();
    await page.locator(`.console-record[data-record-id="${maria.Id}"]`).waitFor({ timeout: 5000 });
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByLabel('Disposition').selectOption('Sent to billing');
    await phone.getByRole('button', { name: 'Save' }).click();
    const task = await eventually(async () => {
      const [found] = await rest<{ CallDisposition: string; WhoId?: string; Subject: string }[]>(server.url, 'GET', `/api/sobjects/Task?CallObject=${encodeURIComponent(callId)}`);
      return found?.CallDisposition === 'Sent to billing' ? found : undefined;
    }, 5000, 'the Task with the configured disposition');
    assert.equal(task.WhoId, maria.Id);
    assert.equal(task.Subject, 'Phone Inbound call: Maria Chen (Completed)', 'the configured subject template');

    const violations = await softphoneFrame(page).evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    assert.deepEqual(violations, [], 'no CSP violation in the softphone');
    assert.deepEqual(await rest<unknown[]>(server.url, 'GET', '/package/csp-reports'), [], 'no violation reported to the server');
  });

  it('an unknown caller opens a new Lead prefilled from caller ID and IVR data (screenPop.onNoMatch)', async () => {
    const phone = page.frameLocator('iframe[title="Softphone"]');
    await rest(server.url, 'POST', '/api/sim/calls', { from: '+1 206 555 0177', name: 'Dana Scully', data: { company: 'Hoover Building Supplies' } });
    await phone.getByRole('button', { name: 'Accept' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Lead' });
    await dialog.waitFor({ timeout: 5000 });
    assert.equal(await dialog.getByLabel('Phone').inputValue(), '+12065550177');
    assert.equal(await dialog.getByLabel('Last Name').inputValue(), 'Scully');
    assert.equal(await dialog.getByLabel('Company').inputValue(), 'Hoover Building Supplies');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await softphoneFrame(page).evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), []);
  });

  it('would notice a violation: an inline script is blocked, seen by the listener and reported to the server', async () => {
    const frame = softphoneFrame(page);
    const ran = await frame.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true';
      document.head.append(script);
      return (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan === true;
    });
    assert.equal(ran, false, 'the inline script did not run');
    await eventually(async () => ((await frame.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).some((entry) => entry.startsWith('script-src')) ? true : undefined), 3000, 'the violation event');
    await eventually(async () => ((await rest<unknown[]>(server.url, 'GET', '/package/csp-reports')).length > 0 ? true : undefined), 5000, 'the violation report');
  });
});
