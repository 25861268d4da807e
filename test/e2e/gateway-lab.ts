/**
 * What the media-gateway end-to-end files share: the lab (Kamailio with rtpengine) started on a
 * file's own fixed ports with the console's softphone open in headless Chromium, and the check of
 * a recording linked on a call's Task (a playable WAV file as long as the call, holding sound).
 */
import assert from 'node:assert/strict';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, openConsole, softphoneFrame, startConsole, type ConsoleTask } from './harness.js';

/** The lab's ports for one test file (each file has its own). */
export interface GatewayLabPorts {
  readonly sipPort: number;
  readonly wsPort: number;
  readonly ngPort: number;
  /** rtpengine's RTP range, e.g. `30000-30099`. */
  readonly rtpPorts: string;
}

/** A running lab with the agent's softphone ready in a page. */
export interface GatewayLab {
  readonly server: Awaited<ReturnType<typeof startConsole>>;
  readonly browser: Browser;
  readonly page: Page;
  readonly phone: FrameLocator;
  readonly agent: Frame;
  /** Prints the lab's output when `SOFTPHONE_LAB_LOG=1`, then closes the page and stops the lab. */
  stop(): Promise<void>;
}

/** Starts `softphone-connector lab` with the media gateway on `ports` (plus `extraArgs`) and opens the softphone. */
export async function startGatewayLab(ports: GatewayLabPorts, extraArgs: readonly string[] = []): Promise<GatewayLab> {
  const server = await startConsole(
    ['--sip-port', String(ports.sipPort), '--ws-port', String(ports.wsPort), '--rtp-ng-port', String(ports.ngPort), '--rtp-ports', ports.rtpPorts, ...extraArgs],
    'lab',
    { timeoutMs: 40_000 },
  );
  const browser = await launchBrowser();
  const { page, phone } = await openConsole(browser, server.url);
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  return {
    server,
    browser,
    page,
    phone,
    agent: softphoneFrame(page),
    async stop() {
      if (process.env.SOFTPHONE_LAB_LOG === '1') console.log(server.output());
      await page.close();
      await server.stop();
    },
  };
}

/** What a recording linked on a Task holds. */
export interface LinkedRecording {
  readonly seconds: number;
  readonly bytes: number;
  /** Root mean square of the 16-bit samples: well above 100 is sound, not silence. */
  readonly rms: number;
}

/**
 * Fetches the recording linked in the Task's description (`Recording: <url>`, a URL of the lab naming
 * the call) and asserts it is a PCM WAV file within 1 s of the Task's duration that holds sound.
 */
export async function linkedRecording(task: ConsoleTask | undefined, callId: string): Promise<LinkedRecording> {
  const location = /Recording: (\S+)/.exec(task?.Description ?? '')?.[1];
  // Resolved against the softphone's page, which the console serves on an origin of its own.
  assert.match(location ?? '', /^http:\/\/127\.0\.0\.1:\d+\/lab\/recordings\/[^/]+\.wav$/, `recording linked on the Task: ${JSON.stringify(task?.Description)}`);
  assert.ok(location?.includes(encodeURIComponent(callId)), 'the link names the call');
  const response = await fetch(location!);
  assert.equal(response.status, 200, `${location}: ${await response.clone().text()}`);
  assert.equal(response.headers.get('content-type'), 'audio/wav');
  const wav = Buffer.from(await response.arrayBuffer());
  assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
  assert.equal(wav.toString('ascii', 8, 12), 'WAVE');
  assert.equal(wav.readUInt16LE(20), 1, 'PCM');
  const rate = wav.readUInt32LE(24);
  const seconds = wav.readUInt32LE(40) / (rate * 2);
  const callSeconds = task?.CallDurationInSeconds ?? 0;
  assert.ok(Math.abs(seconds - callSeconds) <= 1, `recording ${seconds.toFixed(2)} s for a ${callSeconds} s call`);
  let energy = 0;
  for (let offset = 44; offset + 1 < wav.length; offset += 2) energy += wav.readInt16LE(offset) ** 2;
  const rms = Math.sqrt(energy / ((wav.length - 44) / 2));
  assert.ok(rms > 100, `the recording holds sound, not silence: RMS ${rms.toFixed(0)}`);
  return { seconds, bytes: wav.length, rms };
}
