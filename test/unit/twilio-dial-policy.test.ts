// Toll-fraud limits where Twilio places the calls: the signed voice webhook answers TwiML that
// dials only numbers the dial policy allows, and refuses in words the agent hears otherwise.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { twilio } from '../../src/providers/twilio/index.js';
import { startConsoleServer, twilioSettingsFromEnv, type ConsoleServer } from '../../src/server/index.js';
import { TEST_TWILIO_ENV } from '../support/twilio-env.js';
import { postOutboundWebhook } from '../support/twilio-webhook.js';

let server: ConsoleServer;

before(async () => {
  server = await startConsoleServer({
    port: 0, inMemory: true, provider: twilio(), twilio: { settings: twilioSettingsFromEnv(TEST_TWILIO_ENV) },
    defaultRegion: 'US', phoneRegions: ['GB'],
    dialPolicy: { denyPrefixes: ['+1212'], rate: { perMinute: 2, perHour: 5 } },
  });
});
after(async () => {
  await server.close();
});

/** Posts a signed outbound-call webhook, as Twilio does when `device.connect` runs in the agent's browser. */
async function placeCall(agent: string, to: string): Promise<string> {
  const { status, twiml } = await postOutboundWebhook(server.url, agent, to);
  assert.equal(status, 200);
  return twiml;
}

const REFUSED = /<Say>This call was not placed: the number you dialled is not allowed from this phone\.<\/Say><Hangup\/>/;

describe('Twilio voice webhook: dial policy', () => {
  it('refuses premium-rate, denied and out-of-policy destinations without dialling', async () => {
    for (const to of ['+19005550123', '+449098790000', '+1 212 555 0100', '+33142685300']) {
      const twiml = await placeCall('maria', to);
      assert.match(twiml, REFUSED, to);
      assert.doesNotMatch(twiml, /<Dial/, to);
    }
  });

  it('dials an allowed number in E.164 form, in the config\'s phone regions', async () => {
    assert.match(await placeCall('ken', '+44 7400 123456'), /<Dial callerId="\+14155550100" answerOnBridge="true"><Number>\+447400123456<\/Number><\/Dial>/);
  });

  it('stops an agent past the per-minute rate, and only that agent', async () => {
    assert.match(await placeCall('fraudster', '+14155550101'), /<Number>\+14155550101<\/Number>/);
    assert.match(await placeCall('fraudster', '+14155550102'), /<Number>\+14155550102<\/Number>/);
    assert.match(await placeCall('fraudster', '+14155550103'), /<Say>This call was not placed: you have reached the limit of outbound calls\. Please try again later\.<\/Say><Hangup\/>/);
    assert.match(await placeCall('honest', '+14155550104'), /<Number>\+14155550104<\/Number>/);
  });
});
