/**
 * End-to-end harness: starts the real console server (the built CLI) on a free loopback port with a
 * scratch data folder, waits until it answers, stops it by PID; launches Debian's Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';

/** A Task (call log) as the console's REST API returns it. */
export interface ConsoleTask {
  Id: string;
  Subject: string;
  CallType: string;
  CallObject: string;
  CallDurationInSeconds: number;
  CallDisposition: string;
  Description?: string;
  WhoId?: string;
  WhatId?: string;
  Status: string;
  TaskSubtype: string;
  ActivityDate: string;
}

/** A console server started for a test. */
export interface RunningConsole {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** How to start the console, and how to tell that it is up. */
export interface ConsoleReadiness {
  /** Printed once it listens; its first group is the URL to return. */
  readonly ready?: RegExp;
  readonly timeoutMs?: number;
  /** Ask `/api/health` before returning (plain-http consoles). */
  readonly healthCheck?: boolean;
  /** The CLI to run (default: this repository's `dist/cli.js`; an installed one for consumer tests). */
  readonly cli?: string;
  /** Folder to run it in (default: this one). */
  readonly cwd?: string;
  /** Environment variables added to this process's. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `softphone-connector dev` (or `lab`…) on port 0 and resolves with its URL once it is ready. */
export async function startConsole(
  extraArgs: string[] = [],
  command = 'dev',
  { ready = /ready at (http:\/\/127\.0\.0\.1:\d+)\//, timeoutMs = 15_000, healthCheck = true, cli = 'dist/cli.js', cwd, env }: ConsoleReadiness = {},
): Promise<RunningConsole & { readonly output: () => string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'softphone-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [cli, command, '--port', '0', '--data', dataDir, ...extraArgs], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Stopped, not left behind: a console still starting would hold its ports and this process open.
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
      reject(new Error(`console did not start within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`console exited with ${code}:\n${output}`));
    });
  });
  if (healthCheck) {
    const health = await fetch(`${url}/api/health`);
    if (!health.ok) throw new Error(`console is not healthy: HTTP ${health.status}`);
  }
  const pid = child.pid ?? -1;
  return {
    url,
    pid,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(pid, 'SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with fake media devices; `extraArgs` add Chromium switches. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** The window size the console is opened at (a laptop screen). */
export const CONSOLE_VIEWPORT = { width: 1440, height: 900 } as const;

/**
 * Opens the console in a new page (of `browser` at {@link CONSOLE_VIEWPORT}, or of a context, which
 * keeps its own options) and waits until the softphone reported itself ready.
 */
export async function openConsole(target: Browser | BrowserContext, url: string): Promise<{ page: Page; phone: FrameLocator }> {
  const page = 'newContext' in target ? await target.newPage({ viewport: CONSOLE_VIEWPORT }) : await target.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (process.env.E2E_DEBUG) {
    page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
    page.on('response', (response) => response.status() >= 400 && console.log(`[browser http ${response.status()}] ${response.url()}`));
  }
  await page.goto(`${url}/`);
  await page.getByTestId('phone-item-label').waitFor();
  await page.waitForFunction(() => !document.body.textContent?.includes('(loading)'), undefined, { timeout: 15_000 });
  if (errors.length > 0) throw new Error(`console page errors: ${errors.join('; ')}`);
  return { page, phone: page.frameLocator('iframe[title="Softphone"]') };
}

/** The softphone's frame object (for evaluating in it). */
export function softphoneFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.url().includes('/softphone/'));
  if (!frame) throw new Error('softphone frame not found');
  return frame;
}

/** JSON REST call to the console server. */
export async function rest<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Retries `check` until it stops throwing (an assertion on a state that takes time to settle, such as
 * media levels), or rethrows its last error after `timeoutMs`: states are waited for, never read once.
 */
export async function eventuallyPasses(check: () => Promise<void> | void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
