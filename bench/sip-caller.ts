/**
 * A minimal SIP caller over UDP for the benchmarks: sends one INVITE to a lab user through Kamailio
 * and acknowledges the final answer, so Kamailio stops retransmitting. No media is sent: the
 * benchmarks time signalling only.
 */
import { createSocket, type Socket } from 'node:dgram';
import { wallClock } from './support.js';

export class UdpCaller {
  private constructor(
    private readonly socket: Socket,
    private readonly sipPort: number,
  ) {}

  /** Binds a loopback UDP port to call from; `sipPort` is Kamailio's. */
  static async open(sipPort: number): Promise<UdpCaller> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpCaller(socket, sipPort);
  }

  /** Sends an INVITE from Maria Chen's number to `user`; resolves the wall-clock time it left. */
  invite(user: string, n: number): number {
    const port = this.socket.address().port;
    const tag = `bench${n}`;
    const callId = `bench-${Date.now()}-${n}@127.0.0.1`;
    const branch = `z9hG4bK-bench-${n}-${Date.now()}`;
    const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
    const head = (method: string, cseq: string, to = `<sip:${user}@127.0.0.1>`) => [
      `${method} sip:${user}@127.0.0.1:${this.sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: "Maria Chen" <sip:+14155550142@127.0.0.1>;tag=${tag}`,
      `To: ${to}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq}`,
    ];
    const onMessage = (message: Buffer): void => {
      const text = message.toString('latin1');
      if (!text.includes(callId)) return;
      const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
      if (status >= 300) {
        const to = /^To: (.*)$/im.exec(text)?.[1]?.trim() ?? `<sip:${user}@127.0.0.1>`;
        this.socket.send([...head('ACK', '1 ACK', to), 'Content-Length: 0', '', ''].join('\r\n'), this.sipPort, '127.0.0.1');
        this.socket.off('message', onMessage);
      }
    };
    this.socket.on('message', onMessage);
    const request = [...head('INVITE', '1 INVITE'), `Contact: <sip:+14155550142@127.0.0.1:${port}>`, 'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp].join('\r\n');
    const sent = wallClock();
    this.socket.send(request, this.sipPort, '127.0.0.1');
    return sent;
  }

  close(): void {
    this.socket.close();
  }
}
