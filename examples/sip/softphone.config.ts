import { defineConfig } from 'softphone-connector/config';
import { sip } from 'softphone-connector/providers/sip';

// Any SIP PBX with SIP over WebSocket (Asterisk, FreeSWITCH, Kamailio, FreePBX, 3CX…).
export default defineConfig({
  provider: sip({
    server: 'wss://pbx.example.com:8089/ws',
    user: '1001',
    // Short-lived credentials for the signed-in agent, fetched at start; never a password in the page.
    credentialsUrl: 'https://sip-credentials.example.com/agent',
    iceServers: [{ urls: 'stun:stun.example.com:3478' }],
    headersToScreenPop: ['X-Account-Number'],
    dtmf: 'rfc4733',
  }),
  defaultRegion: 'US',
  screenPop: { when: 'ringing', onNoMatch: 'new-record', onManyMatches: 'layout' },
  logging: {
    dispositions: ['Resolved', 'Follow-up required', 'Left voicemail', 'Wrong number'],
  },
  callCenter: { name: 'SipSoftphone', displayName: 'SIP Softphone', width: 300, height: 480 },
});
