/**
 * One error root: every error class of ours extends `SoftphoneError` (so `instanceof` and `code`
 * work for all of them), names itself, and keeps the error it wraps as `cause`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { AgentSessionError } from '../../src/app/agent-session.js';
import { OutboxUnavailableError } from '../../src/app/indexeddb-outbox.js';
import { BundleMissingError } from '../../src/cli/build-project.js';
import { ProjectExistsError } from '../../src/cli/init-project.js';
import { ConfigLoadError, loadConfig } from '../../src/config/load-config.js';
import { ApiError, DroppedAnswer } from '../../src/console/app/api.js';
import { HostError } from '../../src/console/app/opencti-args.js';
import { SoftphoneLayoutError } from '../../src/console/store/softphone-layout.js';
import { RecordError } from '../../src/console/store/validate.js';
import { RecordStoreError } from '../../src/console/store/record-store.js';
import { MissingDependencyError } from '../../src/config/optional-dependencies.js';
import { SoftphoneError, errorMessage } from '../../src/core/errors.js';
import { ConfigError } from '../../src/core/provider-config.js';
import { ProviderError } from '../../src/core/provider.js';
import { LabError } from '../../src/lab/kamailio.js';
import { ConnectApiError } from '../../src/providers/connect/errors.js';
import { TwilioTokenError, TwilioVoiceError } from '../../src/providers/twilio/errors.js';
import { TwilioCallControlError } from '../../src/providers/twilio/contact-centre-api.js';
import { StandInRequestError } from '../../src/console/twilio-stand-in/event-stream.js';
import { fetchTwilioToken } from '../../src/providers/twilio/token.js';
import { OpenCtiClient } from '../../src/salesforce/opencti/client.js';
import { OpenCtiError } from '../../src/salesforce/opencti/errors.js';
import type { OpenCtiApi } from '../../src/salesforce/opencti/types.js';
import { VoiceHostError } from '../../src/salesforce/voice/errors.js';
import { HttpVoiceCallSync, VoiceCallReportError } from '../../src/salesforce/voice/http-voice-call-sync.js';
import { AuthError } from '../../src/server/auth/errors.js';
import { OidcProviderError } from '../../src/server/auth/oidc-sign-in.js';
import { SimulatorError } from '../../src/server/telephony-simulator.js';
import { TelephonyApiError } from '../../src/server/voice/telephony-api.js';
import { ConformanceError } from '../../src/testing/conformance/recorder.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { CallControlError } from '../../src/server/twilio/errors.js';
import { TwilioApiError } from '../../src/server/twilio/stand-in/model.js';

/** One instance of every exported error class of ours, built as its callers build it. */
const EXAMPLES: readonly (readonly [new (...args: never[]) => Error, Error & { readonly code?: unknown }])[] = [
  [SoftphoneError, new SoftphoneError('some-failure', 'm')],
  [ProviderError, new ProviderError('transport', 'm')],
  [ConfigError, new ConfigError('provider.sip.server', 'a ws:// or wss:// URL', 'pbx.local')],
  [TwilioVoiceError, new TwilioVoiceError('media', 'm', 31401)],
  [TwilioTokenError, new TwilioTokenError('m')],
  [TwilioCallControlError, new TwilioCallControlError('invalid-state', 'm', 'participant-gone', 409)],
  [StandInRequestError, new StandInRequestError(404, 20404, 'm')],
  [AuthError, new AuthError('not-your-call', 'm')],
  [OidcProviderError, new OidcProviderError('m')],
  [AgentSessionError, new AgentSessionError('m')],
  [ConnectApiError, new ConnectApiError('rejected', 'm', 'detail')],
  [ConfigLoadError, new ConfigLoadError('m')],
  [OutboxUnavailableError, new OutboxUnavailableError(new Error('blocked'))],
  [LabError, new LabError('not-installed', 'm')],
  [OpenCtiError, new OpenCtiError('timeout', 'screenPop', 'm')],
  [VoiceCallReportError, new VoiceCallReportError('m')],
  [VoiceHostError, new VoiceHostError('no-call', 'm')],
  [BundleMissingError, new BundleMissingError('m')],
  [ProjectExistsError, new ProjectExistsError('m')],
  [ConformanceError, new ConformanceError('m')],
  [ApiError, new ApiError(400, 'm', ['Name'])],
  [DroppedAnswer, new DroppedAnswer('m')],
  [RecordError, new RecordError('NOT_FOUND', 'm')],
  [RecordStoreError, new RecordStoreError('m')],
  [MissingDependencyError, new MissingDependencyError(['sip.js'], 'm')],
  [HostError, new HostError('INVALID_PARAM', 'm')],
  [SoftphoneLayoutError, new SoftphoneLayoutError('Inbound.objects', 'm')],
  [SimulatorError, new SimulatorError(404, 'unknown-call', 'm')],
  [TelephonyApiError, new TelephonyApiError('unavailable', undefined, 'm')],
  [CallControlError, new CallControlError('participant-gone', 'm')],
  [UsageError, new UsageError('m')],
  [TwilioApiError, new TwilioApiError(404, 20404, 'm')],
];

/** Every `class X extends Y` in src/ whose base is an error class (its name ends in `Error`). */
function errorClassesInSource(): { name: string; base: string; file: string; exported: boolean }[] {
  const root = join(import.meta.dirname, '../../src');
  const found: { name: string; base: string; file: string; exported: boolean }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry)) {
        for (const match of readFileSync(path, 'utf8').matchAll(/^(export )?class (\w+) extends (\w*Error)\b/gm)) {
          found.push({ exported: Boolean(match[1]), name: match[2] as string, base: match[3] as string, file: relative(root, path) });
        }
      }
    }
  };
  walk(root);
  return found;
}

describe('the error root', () => {
  for (const [type, error] of EXAMPLES) {
    it(`${type.name} is a SoftphoneError with a code and its own name`, () => {
      assert.ok(error instanceof type);
      assert.ok(error instanceof SoftphoneError, `${type.name} extends SoftphoneError`);
      assert.ok(error instanceof Error);
      assert.equal(error.name, type.name);
      assert.equal(typeof error.code, 'string');
      // Ours are kebab-case; RecordError and the console's Open CTI HostError keep Salesforce's own upper-case codes.
      assert.match(error.code, type === RecordError || type === HostError ? /^[A-Z]+(_[A-Z]+)*$/ : /^[a-z]+(-[a-z]+)*$/);
      assert.equal('cause' in error, type === OutboxUnavailableError, 'no cause unless one was given');
    });
  }

  it('keeps the codes callers already test', () => {
    assert.equal(new ConfigError('a', 'b').code, 'invalid-config');
    assert.equal(new ConfigLoadError('m').code, 'config-load-failed');
    assert.equal(new OutboxUnavailableError('x').code, 'outbox-unavailable');
    assert.equal(new BundleMissingError('m').code, 'bundle-missing');
    assert.equal(new ProjectExistsError('m').code, 'project-exists');
    assert.equal(new ConformanceError('m').code, 'nonconformant');
    assert.equal(new VoiceCallReportError('m').code, 'report-failed');
    assert.equal(new TwilioTokenError('m').code, 'not-connected');
    assert.equal(new ApiError(500, 'm').code, 'request-failed');
    assert.equal(new DroppedAnswer('m').code, 'answer-dropped');
  });

  it('covers every error class in src/, and none extends Error directly', () => {
    const tested = new Set(EXAMPLES.map(([type]) => type.name));
    const classes = errorClassesInSource();
    assert.ok(classes.length >= 20, `found ${classes.length} error classes`);
    // Classes of a module's own (the CLI's UsageError, the console's HostError) are checked by their declaration.
    assert.deepEqual(classes.filter((found) => found.exported && !tested.has(found.name)).map((found) => `${found.file}: ${found.name}`), []);
    assert.deepEqual(classes.filter((found) => found.base === 'Error' && found.name !== 'SoftphoneError').map((found) => `${found.file}: ${found.name}`), []);
  });

  it('passes a cause on and leaves the message alone', () => {
    const cause = new TypeError('fetch failed');
    const error = new ProviderError('transport', 'The connection was lost.', { cause });
    assert.equal(error.cause, cause);
    assert.equal(error.message, 'The connection was lost.');
    assert.equal(new ConfigError('a.b', 'c', 1, { cause }).message, 'a.b must be c, got 1');
    assert.equal(new ConfigError('a.b', 'c', 1, { cause }).cause, cause);
  });
});

describe('wrapped errors keep their cause', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'softphone-errors-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('the config loader keeps what the config threw, and the compiler\'s failure', async () => {
    const throwing = join(scratch, 'throws.config.ts');
    writeFileSync(throwing, 'throw new RangeError("no such region");\nexport default {};\n');
    await assert.rejects(loadConfig(throwing), (error: unknown) => {
      assert.ok(error instanceof ConfigLoadError);
      assert.equal(error.message, 'throws.config.ts failed to run: no such region');
      assert.ok(error.cause instanceof RangeError);
      assert.equal(error.cause.message, 'no such region');
      return true;
    });
    const broken = join(scratch, 'broken.config.ts');
    writeFileSync(broken, 'export default {\n');
    await assert.rejects(loadConfig(broken), (error: unknown) => {
      assert.ok(error instanceof ConfigLoadError);
      assert.ok(error.cause instanceof Error && 'errors' in error.cause, 'the esbuild failure, with its errors');
      return true;
    });
  });

  it('the Twilio token fetch keeps the network error', async (t) => {
    const failure = new TypeError('fetch failed');
    t.mock.method(globalThis, 'fetch', () => Promise.reject(failure));
    await assert.rejects(fetchTwilioToken('https://phone.example.com/twilio/token'), (error: unknown) => {
      assert.ok(error instanceof TwilioTokenError);
      assert.equal(error.cause, failure);
      assert.match(error.message, /Could not reach the token endpoint/);
      return true;
    });
  });

  it('the Open CTI client keeps what a method threw', async () => {
    const thrown = new Error('boom');
    const api = { setSoftphoneItemLabel: () => { throw thrown; } } as unknown as OpenCtiApi;
    await assert.rejects(new OpenCtiClient(api).setSoftphoneItemLabel('x'), (error: unknown) => {
      assert.ok(error instanceof OpenCtiError);
      assert.equal(error.code, 'api-error');
      assert.equal(error.cause, thrown);
      return true;
    });
  });

  it('a Voice call report keeps the last network error, and none after an HTTP answer', async () => {
    const failure = new TypeError('connect ECONNREFUSED');
    const down = new HttpVoiceCallSync('https://phone.example.com/voice/calls', { attempts: 1, fetch: () => Promise.reject(failure) });
    await assert.rejects(down.connected('call-1', '2024-01-01T00:00:00Z'), (error: unknown) => error instanceof VoiceCallReportError && error.cause === failure);
    const refusing = new HttpVoiceCallSync('https://phone.example.com/voice/calls', { attempts: 1, fetch: () => Promise.resolve(new Response('no', { status: 400 })) });
    await assert.rejects(refusing.connected('call-1', '2024-01-01T00:00:00Z'), (error: unknown) => error instanceof VoiceCallReportError && error.cause === undefined && /HTTP 400: no/.test(error.message));
  });
});

describe('errorMessage', () => {
  it('reads an Error\'s message, a string as is and anything else as a string', () => {
    assert.equal(errorMessage(new Error('boom')), 'boom');
    assert.equal(errorMessage(new ProviderError('media', 'No microphone.')), 'No microphone.');
    assert.equal(errorMessage('plain text'), 'plain text');
    assert.equal(errorMessage({ reason: 'x' }), '[object Object]');
    assert.equal(errorMessage(42), '42');
    assert.equal(errorMessage(undefined), 'undefined');
  });
});
