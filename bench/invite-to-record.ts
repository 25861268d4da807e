/**
 * INVITE → record visible: from the moment a caller's SIP INVITE leaves (UDP, to the lab's Kamailio)
 * to the caller's Contact record rendered in the console's focused tab, through the real chain:
 * Kamailio → WebSocket → SIP.js in the softphone frame → connector → Open CTI → console. Each call is
 * declined and its tab closed before the next, so every call pops a fresh tab.
 *
 * Usage: node --import tsx bench/invite-to-record.ts [calls=50]
 */
import { createSocket } from 'node:dgram';
import { armPopTimer, msUntilPopped, report, wallClock } from './pop-timing.js';
import { launchBrowser, openConsole, rest, startConsole } from '../test/e2e/harness.js';

const calls = Number(process.argv[2] ?? 50);
const SIP_PORT = 15080;
const server = await startConsole(['--sip-port', String(SIP_PORT), '--ws-port', '18108'], 'lab');
const browser = await launchBrowser();
const udp = createSocket('udp4');
await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
const localPort = udp.address().port;
const samples: number[] = [];

/** A minimal UAC: one INVITE; final responses are acknowledged so Kamailio stops retransmitting. */
function invite(n: number): { sent: number } {
  const tag = `bench${n}`;
  const callId = `bench-${Date.now()}-${n}@127.0.0.1`;
  const branch = `z9hG4bK-bench-${n}-${Date.now()}`;
  const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
  const head = (method: string, cseq: string, to = '<sip:agent1@127.0.0.1>') => [
    `${method} sip:agent1@127.0.0.1:${SIP_PORT} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: "Maria Chen" <sip:+14155550142@127.0.0.1>;tag=${tag}`,
    `To: ${to}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
  ];
  udp.on('message', function onMessage(message) {
    const text = message.toString('latin1');
    if (!text.includes(callId)) return;
    const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
    if (status >= 300) {
      const to = /^To: (.*)$/im.exec(text)?.[1]?.trim() ?? '<sip:agent1@127.0.0.1>';
      udp.send([...head('ACK', '1 ACK', to), 'Content-Length: 0', '', ''].join('\r\n'), SIP_PORT, '127.0.0.1');
      udp.off('message', onMessage);
    }
  });
  const request = [...head('INVITE', '1 INVITE'), `Contact: <sip:+14155550142@127.0.0.1:${localPort}>`, 'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp].join('\r\n');
  const sent = wallClock();
  udp.send(request, SIP_PORT, '127.0.0.1');
  return { sent };
}

try {
  const { page, phone } = await openConsole(browser, server.url);
  await phone.locator('[data-health="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  const [maria] = await rest<Array<{ Id: string }>>(server.url, 'GET', '/api/sobjects/Contact?LastName=Chen');
  if (!maria) throw new Error('seeded contact missing');
  for (let i = 0; i < calls + 3; i++) {
    await armPopTimer(page, maria.Id);
    const { sent } = invite(i);
    const elapsed = await msUntilPopped(page, sent);
    if (i >= 3) samples.push(elapsed); // the first calls warm up
    await phone.getByRole('button', { name: 'Decline' }).click();
    await page.getByTestId('phone-item-label').filter({ hasText: /^Phone$/ }).waitFor();
    await page.getByRole('button', { name: 'Close Maria Chen' }).click();
  }
} finally {
  udp.close();
  await browser.close();
  await server.stop();
}

report('invite-to-record', 'invite-to-record (SIP INVITE over UDP → Kamailio → SIP.js softphone → Contact record tab rendered)', samples);
