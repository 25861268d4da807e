import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAIN_RTP_MESSAGE, unanswerableMessage, unanswerableOffer } from '../../src/providers/sip/offer.js';

const session = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0'];
const sdp = (...lines: string[]) => [...session, ...lines, ''].join('\r\n');

describe('which SDP offers a browser can answer', () => {
  it('plain RTP (a desk phone, a trunk, SIPp) is refused as plain-rtp', () => {
    assert.equal(unanswerableOffer(sdp('m=audio 6000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000')), 'plain-rtp');
  });
  it('a WebRTC offer (DTLS fingerprint, secure profile) is answerable, the fingerprint at session or media level', () => {
    assert.equal(unanswerableOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=fingerprint:sha-256 AA:BB', 'a=setup:actpass')), undefined);
    assert.equal(unanswerableOffer([...session.slice(0, 4), 'a=fingerprint:sha-256 AA:BB', 't=0 0', 'm=audio 9 RTP/SAVPF 111', ''].join('\n')), undefined);
  });
  it('a secure profile without a fingerprint, or a fingerprint on plain RTP, is not enough', () => {
    assert.equal(unanswerableOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111')), 'plain-rtp');
    assert.equal(unanswerableOffer(sdp('m=audio 6000 RTP/AVP 0', 'a=fingerprint:sha-256 AA:BB')), 'plain-rtp');
  });
  it('SDES keys are named as such; an offer without audio (or with audio port 0) as no-audio', () => {
    assert.equal(unanswerableOffer(sdp('m=audio 6000 RTP/SAVP 0', 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc')), 'sdes-srtp');
    assert.equal(unanswerableOffer(sdp('m=video 6000 RTP/AVP 96')), 'no-audio');
    assert.equal(unanswerableOffer(sdp('m=audio 0 RTP/AVP 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=fingerprint:sha-256 AA:BB')), undefined);
  });
  it('no offer (a late-offer INVITE) is for the browser to make', () => {
    assert.equal(unanswerableOffer(undefined), undefined);
    assert.equal(unanswerableOffer(''), undefined);
  });
  it('the reason says what the PBX administrator must enable', () => {
    assert.equal(unanswerableMessage('plain-rtp'), PLAIN_RTP_MESSAGE);
    assert.match(PLAIN_RTP_MESSAGE, /PBX administrator.*WebRTC media.*webrtc=yes.*media gateway/s);
  });
});
