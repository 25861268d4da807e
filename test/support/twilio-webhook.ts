/** Twilio's side of the voice webhook in tests: a signed POST, as Twilio sends it. */
import twilioLibrary from 'twilio';
import { TEST_TWILIO_ENV } from './twilio-env.js';

let calls = 0;

/**
 * Posts the signed outbound-call webhook to `${baseUrl}/api/twilio/voice`, as Twilio does when
 * `device.connect` runs in the browser of the agent whose client identity is `from`.
 */
export async function postOutboundWebhook(baseUrl: string, from: string, to: string): Promise<{ status: number; twiml: string }> {
  const url = `${baseUrl}/api/twilio/voice`;
  calls += 1;
  const params = { CallSid: `CA${String(calls).padStart(32, '0')}`, From: `client:${from}`, To: to };
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioLibrary.getExpectedTwilioSignature(TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, twiml: await response.text() };
}
