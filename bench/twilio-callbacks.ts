/**
 * The Twilio contact centre's server under load on this machine: signed voice webhooks (TwiML
 * `<Enqueue>`) and signed conference status callbacks (each one reads the conference from Twilio —
 * here the loopback stand-in — through the official library), sent alternately to two server
 * instances that share nothing but Twilio. Reports requests per second and latency percentiles.
 * The stand-in runs in the same process, so the figures include its work too.
 *
 * Usage: node --import tsx bench/twilio-callbacks.ts [--quick]
 */
import twilioLibrary from 'twilio';
import { startContactCentre } from '../test/support/twilio-contact-centre.js';
import { TEST_TWILIO_ENV } from '../test/support/twilio-env.js';
import { eventually } from '../test/support/twilio-stand-in.js';

const quick = process.argv.includes('--quick');
const CONCURRENCY = 16;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Sends `count` signed form POSTs, `CONCURRENCY` at a time, alternating between the URLs; every answer must be `expected`. */
async function load(urls: readonly string[], count: number, params: (index: number) => Record<string, string>, expected: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const url = urls[index % urls.length] ?? '';
      const body = params(index);
      const at = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioLibrary.getExpectedTwilioSignature(TEST_TWILIO_ENV.TWILIO_AUTH_TOKEN, url, body) }, body: new URLSearchParams(body).toString() });
      await response.arrayBuffer();
      if (response.status !== expected) throw new Error(`${url} answered ${response.status}`);
      latencies.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: count, perSecond: Math.round(count / seconds), p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2) };
}

const cc = await startContactCentre({ agents: ['maria'], instances: 2 });
try {
  await cc.as('maria', 'PUT', '/api/twilio/cc/presence', { status: 'available' });
  await cc.standIn.incomingCall({ from: '+14155550142', to: TEST_TWILIO_ENV.TWILIO_CALLER_ID });
  const reservation = await eventually(() => [...cc.standIn.taskRouter.reservations.values()].find((candidate) => candidate.status === 'pending'), 'a reservation');
  const accepted = await cc.as('maria', 'POST', `/api/twilio/cc/reservations/${reservation.taskSid}/${reservation.sid}/accept`);
  await cc.pickUp('maria');
  const conferenceSid = String(accepted.body.conferenceSid);
  const participants = [...cc.standIn.voice.conference(conferenceSid).participants.keys()];
  const voice = cc.urls.map((url) => `${url}/api/twilio/cc/voice`);
  const events = cc.urls.map((url) => `${url}/api/twilio/cc/conference-events`);
  const n = quick ? 200 : 3000;
  await load(voice, 100, (i) => ({ CallSid: `CA${String(i).padStart(32, '0')}`, From: '+14155550142', To: TEST_TWILIO_ENV.TWILIO_CALLER_ID }), 200);
  const webhook = await load(voice, n, (i) => ({ CallSid: `CA${String(i).padStart(32, '0')}`, From: '+14155550142', To: TEST_TWILIO_ENV.TWILIO_CALLER_ID, CallerName: 'Ada Lovelace' }), 200);
  const callbacks = await load(events, Math.round(n / 3), (i) => ({ AccountSid: TEST_TWILIO_ENV.TWILIO_ACCOUNT_SID, ConferenceSid: conferenceSid, FriendlyName: reservation.taskSid, StatusCallbackEvent: 'participant-join', CallSid: participants[i % participants.length] ?? '', SequenceNumber: String(i) }), 204);
  const result = { machine: `${(await import('node:os')).cpus().length} CPU`, instances: cc.urls.length, concurrency: CONCURRENCY, voiceWebhook: webhook, conferenceCallback: callbacks };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await cc.close();
}
