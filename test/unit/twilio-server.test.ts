// The Twilio token endpoint and voice webhook, checked with the real `twilio` helper library:
// tokens verify with the API key secret and carry the Voice grant; only signed webhooks get TwiML.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import twilioLibrary from 'twilio';
import { ConfigError } from '../../src/core/index.js';
import { twilio } from '../../src/providers/twilio/index.js';
import { startConsoleServer, twilioSettingsFromEnv, type ConsoleServer } from '../../src/server/index.js';
import { httpSession } from '../support/agent-sessions.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';

const ENV = { ...TEST_TWILIO_ENV, TWILIO_AGENT_IDENTITY: 'maria.agent' };
const settings = twilioSettingsFromEnv(ENV);
let server: ConsoleServer;

before(async () => {
  server = await startConsoleServer({ port: 0, inMemory: true, provider: twilio(), twilio: { settings } });
});
after(async () => {
  await server.close();
});

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function webhook(params: Record<string, string>, sign: Record<string, string> | false = params) {
  const url = `${server.url}/api/twilio/voice`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (sign) headers['x-twilio-signature'] = twilioLibrary.getExpectedTwilioSignature(ENV.TWILIO_AUTH_TOKEN, url, sign);
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('Twilio access-token endpoint', () => {
  it('refuses a request without a session with 401, saying what is missing', async () => {
    const response = await fetch(`${server.url}/api/twilio/token`);
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: string; message: string };
    assert.equal(body.error, 'unauthenticated');
    assert.match(body.message, /Authorization: Bearer/);
  });

  it('issues a token signed with the API key secret, with the Voice grant and the signed-in agent\'s identity', async () => {
    const response = await fetch(`${server.url}/api/twilio/token`, { headers: { authorization: `Bearer ${await httpSession(server.url, 'agent2')}` } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as { token: string; identity: string; ttlSeconds: number };
    assert.equal(body.identity, 'agent2', 'the identity of the session\'s user in the agent directory, not the configured one');
    const [header, payload, signature] = body.token.split('.') as [string, string, string];
    const expected = createHmac('sha256', ENV.TWILIO_API_KEY_SECRET).update(`${header}.${payload}`).digest('base64url');
    assert.equal(signature, expected, 'the token verifies with the API key secret');
    assert.equal(decode(header).alg, 'HS256');
    const claims = decode(payload) as { iss: string; sub: string; exp: number; iat: number; grants: { identity: string; voice: { incoming: { allow: boolean }; outgoing: { application_sid: string } } } };
    assert.equal(claims.iss, ENV.TWILIO_API_KEY_SID);
    assert.equal(claims.sub, ENV.TWILIO_ACCOUNT_SID);
    assert.equal(claims.grants.identity, 'agent2');
    assert.deepEqual(claims.grants.voice, { incoming: { allow: true }, outgoing: { application_sid: ENV.TWILIO_TWIML_APP_SID } });
    assert.equal(claims.exp - claims.iat, 3600);
  });

  it('keeps every secret out of the softphone page', async () => {
    const page = await (await fetch(`${server.url}/softphone/`)).text();
    assert.match(page, /softphone-twilio\.js/);
    for (const secret of [ENV.TWILIO_API_KEY_SECRET, ENV.TWILIO_AUTH_TOKEN, ENV.TWILIO_ACCOUNT_SID]) assert.ok(!page.includes(secret));
  });
});

describe('Twilio voice webhook', () => {
  it('routes a signed inbound call to the agent client with the caller name as a parameter', async () => {
    const { status, type, text } = await webhook({ CallSid: `CA${'d4'.repeat(16)}`, From: '+14155550142', To: '+14155550100', CallerName: 'Maria Chen', Digits: '2' });
    assert.equal(status, 200);
    assert.match(type, /text\/xml/);
    assert.match(text, /<Dial answerOnBridge="true" timeout="30"><Client><Identity>maria\.agent<\/Identity><Parameter name="callerName" value="Maria Chen"\/><Parameter name="Digits" value="2"\/><\/Client><\/Dial>/);
  });

  it('routes a signed outbound call from the agent to the dialled number with the caller id', async () => {
    const { status, text } = await webhook({ CallSid: `CA${'e5'.repeat(16)}`, From: 'client:maria.agent', To: '+1 (415) 555-0199', recordId: '003000000000001' });
    assert.equal(status, 200);
    assert.match(text, /<Dial callerId="\+14155550100" answerOnBridge="true"><Number>\+14155550199<\/Number><\/Dial>/);
    const bad = await webhook({ From: 'client:maria.agent', To: 'sip:evil@example.com' });
    assert.match(bad.text, /<Say>The number you dialled is not valid\.<\/Say><Hangup\/>/);
  });

  it('refuses a tampered or unsigned request with 403', async () => {
    const signed = { CallSid: `CA${'f6'.repeat(16)}`, From: 'client:maria.agent', To: '+14155550199' };
    const tampered = await webhook({ ...signed, To: '+19005550123' }, signed);
    assert.equal(tampered.status, 403);
    assert.doesNotMatch(tampered.text, /<Dial/);
    assert.equal((await webhook(signed, false)).status, 403);
  });
});

describe('Twilio server settings', () => {
  it('names the variable that is missing or wrong and never echoes secrets', () => {
    assert.throws(() => twilioSettingsFromEnv({ ...ENV, TWILIO_ACCOUNT_SID: undefined }), (error: unknown) => error instanceof ConfigError && error.field === 'TWILIO_ACCOUNT_SID');
    assert.throws(() => twilioSettingsFromEnv({ ...ENV, TWILIO_CALLER_ID: '4155550100' }), /TWILIO_CALLER_ID must be a Twilio number in E\.164 form/);
    assert.throws(() => twilioSettingsFromEnv({ ...ENV, TWILIO_AUTH_TOKEN: 'short' }), (error: unknown) => error instanceof Error && !error.message.includes('short') && /hidden/.test(error.message));
    assert.throws(() => twilioSettingsFromEnv({ ...ENV, TWILIO_TOKEN_TTL_SECONDS: '90000' }), /TWILIO_TOKEN_TTL_SECONDS/);
  });
});
