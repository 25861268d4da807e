/**
 * What a browser can answer: WebRTC takes only offers whose audio is DTLS-SRTP (a certificate
 * fingerprint and a secure profile). An ordinary SIP phone or trunk offers plain RTP, which no
 * browser can take; telling this before answering lets the softphone refuse the call with
 * `488 Not Acceptable Here` and say in plain words what the PBX must change.
 */
import type { Invitation } from 'sip.js';
import { ProviderError } from '../../core/index.js';
import type { SipCall } from './sip-call.js';

/** Why a browser cannot answer an SDP offer; `undefined` when it can (or there is no offer). */
export type UnanswerableOffer = 'plain-rtp' | 'sdes-srtp' | 'no-audio';

/** The reason shown to the agent (and logged on the Task) for a refused plain-RTP call. */
export const PLAIN_RTP_MESSAGE =
  'This call cannot be answered in the browser: the caller\'s phone system sends plain RTP audio, without WebRTC encryption. ' +
  'Ask your PBX administrator to enable WebRTC media for this extension (Asterisk/FreePBX: webrtc=yes; FreeSWITCH: a WebRTC profile) ' +
  'or to route browser calls through a WebRTC media gateway such as rtpengine.';

/** The reason for an offer encrypted with SDES keys in the SDP (which WebRTC forbids). */
export const SDES_MESSAGE =
  'This call cannot be answered in the browser: the caller\'s phone system encrypts audio with SDES keys, which browsers do not accept. ' +
  'Ask your PBX administrator to use DTLS-SRTP for this extension (Asterisk/FreePBX: webrtc=yes) or a WebRTC media gateway such as rtpengine.';

/** The reason for an offer without audio. */
export const NO_AUDIO_MESSAGE = 'This call cannot be answered: the caller\'s phone system offered no audio.';

/** Classifies an SDP offer (an INVITE's body). */
export function unanswerableOffer(sdp: string | undefined): UnanswerableOffer | undefined {
  if (!sdp || !/^v=0/m.test(sdp)) return undefined;
  const sections = sdp.split(/\r?\n(?=m=)/);
  const session = sections[0] ?? '';
  const audio = sections.slice(1).filter((section) => /^m=audio\s+[1-9]\d*\s/.test(section));
  if (audio.length === 0) return 'no-audio';
  const fingerprint = /^a=fingerprint:/m.test(session);
  const usable = audio.some((section) => /^m=audio\s+\d+\s+(UDP\/TLS\/RTP\/SAVPF|UDP\/TLS\/RTP\/SAVP|RTP\/SAVPF)\s/.test(section) && (fingerprint || /^a=fingerprint:/m.test(section)));
  if (usable) return undefined;
  return audio.some((section) => /^a=crypto:/m.test(section)) ? 'sdes-srtp' : 'plain-rtp';
}

/** The plain-words reason for an offer the browser cannot answer. */
export function unanswerableMessage(kind: UnanswerableOffer): string {
  return kind === 'plain-rtp' ? PLAIN_RTP_MESSAGE : kind === 'sdes-srtp' ? SDES_MESSAGE : NO_AUDIO_MESSAGE;
}

/**
 * Refuses a ringing call whose offer the browser cannot answer, before the browser tries (it would
 * fail in its own words, and SIP.js would answer 480): 488 with a Warning for the PBX's logs, the
 * call ended as failed with the plain-words reason, which is thrown for the agent to see. Returns
 * undefined, synchronously, when the browser can answer.
 */
export function refuseUnanswerable(call: SipCall, invitation: Invitation): Promise<never> | undefined {
  const kind = unanswerableOffer(invitation.request.body);
  return kind ? refuse(call, invitation, kind) : undefined;
}

async function refuse(call: SipCall, invitation: Invitation, kind: UnanswerableOffer): Promise<never> {
  const message = unanswerableMessage(kind);
  call.endingLocally('failed', message);
  const warning = kind === 'plain-rtp' ? 'WebRTC media (DTLS-SRTP, ICE) required: enable it on the extension or use a media gateway' : kind === 'sdes-srtp' ? 'DTLS-SRTP required' : 'no audio offered';
  await invitation.reject({ statusCode: 488, reasonPhrase: 'Not Acceptable Here', extraHeaders: [`Warning: 399 softphone "${warning}"`] }).catch(() => undefined);
  call.finish();
  throw new ProviderError('media', message);
}
