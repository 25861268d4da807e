/**
 * Exactly-once call logging under faults, end to end: the real console server with fault injection,
 * the softphone in Chromium with its IndexedDB outbox, callers and an agent played by this test.
 * `RELIABILITY_CALLS` sets the number of calls (default 1000).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { eventually, rest, startConsole, type RunningConsole } from './harness.js';
import { aliasUrl, launchReliabilityBrowser, readySoftphone, setFaults, tasks } from './reliability-harness.js';

const CALLS = Number(process.env.RELIABILITY_CALLS ?? 1000);
const CONCURRENCY = 12;
const RELOADS = 5;

type Kind = 'answered' | 'missed' | 'declined';
interface Expected {
  readonly callId: string;
  readonly kind: Kind;
  readonly disposition: string;
  /** From the simulator's own clock. */
  readonly durationSeconds: number;
}
interface SimCall {
  readonly state: string;
  readonly connectedAt?: number;
  readonly endedAt?: number;
}
type Softphone = {
  execute(command: { type: string; callId: string }): Promise<unknown>;
  saveWrapUp(callId: string, wrapUp: { disposition?: string; notes: string }): Promise<void>;
  getState(): { calls: Record<string, { phase: string } | undefined>; recent: Array<{ id: string }> };
  pendingLogs(): number;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe(`exactly-once logging under faults (${CALLS} calls)`, { timeout: 15 * 60_000 }, () => {
  let console_: RunningConsole;
  let browser: Browser;
  let page: Page;
  let url: string;

  before(async () => {
    process.env.SOFTPHONE_LOG_RETRY_MS = '100,1500';
    process.env.SOFTPHONE_OPENCTI_TIMEOUT_MS = '2000';
    console_ = await startConsole();
    delete process.env.SOFTPHONE_LOG_RETRY_MS;
    delete process.env.SOFTPHONE_OPENCTI_TIMEOUT_MS;
    url = console_.url;
    browser = await launchReliabilityBrowser();
    page = await browser.newPage();
    await page.goto(`${aliasUrl(url)}/`);
    await readySoftphone(page);
  });
  after(async () => {
    await browser?.close();
    await console_?.stop();
  });

  /** Runs `script` in the current softphone; `undefined` while the page reloads or on failure. */
  async function inPhone<T, A>(script: (args: A) => T | Promise<T>, args: A): Promise<T | undefined> {
    const frame: Frame | undefined = page.frames().find((candidate) => candidate.url().includes('/softphone/'));
    if (!frame) return undefined;
    return frame.evaluate(script as never, args as never).then((value) => value as T, () => undefined);
  }

  const simCall = (callId: string): Promise<SimCall> => rest<SimCall>(url, 'GET', `/api/sim/calls/${callId}`);

  async function command(callId: string, type: 'answer' | 'decline', doneWhen: (call: SimCall) => boolean): Promise<void> {
    await eventually(async () => {
      if (doneWhen(await simCall(callId))) return true;
      await inPhone(
        ({ callId: id, type: kind }) => (window as unknown as { softphone?: Softphone }).softphone?.execute({ type: kind, callId: id }).catch(() => undefined),
        { callId, type },
      );
      await sleep(100);
      return undefined;
    }, 30_000, `${type} of ${callId}`);
  }

  async function wrapUp(callId: string, disposition: string): Promise<void> {
    await eventually(() =>
      inPhone(async ({ id, disposition: chosen }) => {
        const phone = (window as unknown as { softphone?: Softphone }).softphone;
        const call = phone?.getState().calls[id];
        if (call?.phase === 'wrap-up') {
          // Done once durable: a reload before that brings the wrap-up form back, as for an agent.
          await phone?.saveWrapUp(id, { disposition: chosen, notes: `Notes for ${id}` });
          return true;
        }
        return call?.phase === 'ended' ? true : undefined;
      }, { id: callId, disposition }).then((done) => done ?? undefined),
    30_000, `wrap-up of ${callId}`);
  }

  async function oneCall(index: number): Promise<Expected> {
    const kind: Kind = index % 10 === 3 ? 'missed' : index % 10 === 7 ? 'declined' : 'answered';
    const from = `+1415555${String(index % 10_000).padStart(4, '0')}`;
    const { callId } = await eventually(
      () => rest<{ callId: string }>(url, 'POST', '/api/sim/calls', { from, name: `Caller ${index}` }).catch(() => undefined),
      30_000,
      `call ${index} to be placed`,
    );
    if (kind === 'missed') {
      await sleep(50 + (index % 5) * 40);
      await rest(url, 'POST', `/api/sim/calls/${callId}/hangup`);
      return { callId, kind, disposition: 'Missed', durationSeconds: 0 };
    }
    if (kind === 'declined') {
      await command(callId, 'decline', (call) => call.state === 'ended');
      return { callId, kind, disposition: 'Declined', durationSeconds: 0 };
    }
    await command(callId, 'answer', (call) => call.state !== 'ringing');
    await sleep(300 + ((index * 373) % 2200));
    await rest(url, 'POST', `/api/sim/calls/${callId}/hangup`);
    const disposition = index % 2 === 0 ? 'Resolved' : 'Follow-up';
    await wrapUp(callId, disposition);
    const sim = await simCall(callId);
    assert.ok(sim.connectedAt && sim.endedAt, `simulator times of ${callId}`);
    return { callId, kind, disposition, durationSeconds: Math.max(1, Math.round((sim.endedAt - sim.connectedAt) / 1000)) };
  }

  it('logs every call exactly once with the right CallObject, duration and disposition', async () => {
    await setFaults(url, { saveLogFailureRate: 0.3, saveLogDropResponseRate: 0.1 });
    const started = Date.now();
    const expected: Expected[] = [];
    let next = 0;
    let reloads = 0;
    const midCallReloads: number[] = [];
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      for (let index = next++; index < CALLS; index = next++) expected.push(await oneCall(index));
    });
    // Reloads at evenly spaced points of the run, each while calls are connected.
    const reloader = (async () => {
      for (let n = 1; n <= RELOADS; n++) {
        await eventually(() => (expected.length >= (CALLS * n) / (RELOADS + 1) ? true : undefined), 10 * 60_000, `reload point ${n}`);
        const live = await rest<{ calls: SimCall[] }>(url, 'GET', '/api/sim/calls');
        midCallReloads.push(live.calls.filter((call) => call.state === 'connected').length);
        await page.reload();
        reloads++;
        await readySoftphone(page, 30_000);
      }
    })();
    await Promise.all([...workers, reloader]);

    // Let the outbox drain: every log confirmed by the console.
    await eventually(async () => {
      const pending = await inPhone(() => (window as unknown as { softphone?: Softphone }).softphone?.pendingLogs(), undefined);
      return pending === 0 ? true : undefined;
    }, 120_000, 'pending logs to drain');
    const elapsed = Date.now() - started;
    const { injected } = await rest<{ injected: Record<string, number> }>(url, 'GET', '/api/admin/faults');

    const all = await tasks(url);
    const byCall = new Map<string, typeof all>();
    for (const task of all) byCall.set(task.CallObject ?? '', [...(byCall.get(task.CallObject ?? '') ?? []), task]);
    const duplicates = [...byCall.values()].filter((list) => list.length > 1).length;
    const lost = expected.filter((call) => !byCall.has(call.callId)).length;
    const wrong: string[] = [];
    let durationOff = 0;
    for (const call of expected) {
      const task = byCall.get(call.callId)?.[0];
      if (!task) continue;
      if (task.CallDisposition !== call.disposition) wrong.push(`${call.callId}: disposition ${task.CallDisposition}, expected ${call.disposition}`);
      const off = Math.abs(Number(task.CallDurationInSeconds) - call.durationSeconds);
      // The softphone and the simulator each stamp the call with their own clock, a few ms apart.
      if (off > 1) wrong.push(`${call.callId}: duration ${task.CallDurationInSeconds}, expected ${call.durationSeconds}`);
      durationOff = Math.max(durationOff, off);
    }
    console.log(
      `reliability: ${CALLS} calls in ${(elapsed / 1000).toFixed(1)} s; ${all.length} Tasks, ${lost} lost, ${duplicates} duplicated, ${wrong.length} wrong; ` +
        `max duration difference ${durationOff} s; reloads ${reloads} (connected calls at each: ${midCallReloads.join(', ')}); injected ${JSON.stringify(injected)}`,
    );
    for (const [callId, list] of byCall) {
      if (list.length > 1) console.log('duplicate', callId, expected.find((call) => call.callId === callId)?.kind, JSON.stringify(list.map((task) => [task.Id, task.CallDisposition, task.CallDurationInSeconds])));
    }
    assert.equal(expected.length, CALLS);
    assert.equal(lost, 0, 'no call lost its log');
    assert.equal(duplicates, 0, 'no call logged twice');
    assert.equal(all.length, CALLS, 'exactly one Task per call');
    assert.deepEqual(wrong, []);
    assert.equal(reloads, RELOADS);
    assert.ok(midCallReloads.every((count) => count > 0), 'every reload happened mid-call');
    assert.ok(injected.saveLogFailures! > 0 && injected.saveLogDroppedResponses! > 0, 'faults were injected');
  });
});
