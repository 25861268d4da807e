/**
 * SIP.js in Node for signalling-only tests: the `ws` package as the global WebSocket and a session
 * description handler that answers with a fixed SDP (no WebRTC in Node).
 */
import type { SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';
import WebSocket from 'ws';

(globalThis as unknown as { WebSocket: unknown }).WebSocket ??= WebSocket;

const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');

/** A session description handler with fixed SDP and no media. */
export const signallingOnly: SessionDescriptionHandlerFactory = () => {
  let closed = false;
  const handler: SessionDescriptionHandler = {
    close: () => void (closed = true),
    getDescription: async () => {
      if (closed) throw new Error('closed');
      return { body: SDP, contentType: 'application/sdp' };
    },
    hasDescription: (contentType) => contentType === 'application/sdp',
    rollbackDescription: async () => undefined,
    setDescription: async () => undefined,
    // No media to carry RFC 4733 tones; signalling tests send DTMF as SIP INFO.
    sendDtmf: () => true,
  };
  return handler;
};
