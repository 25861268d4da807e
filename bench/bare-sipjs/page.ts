/**
 * The baseline of the SIP benchmark: SIP.js alone in a page, no connector, no UI. It registers and
 * notes the wall-clock time each INVITE reaches `onInvite`, then declines the call (486), the way
 * the softphone's agent does in the benchmark.
 */
import { Registerer, UserAgent } from 'sip.js';

declare global {
  interface Window {
    bareSip: { ready: Promise<void>; invites: Array<{ at: number; from: string }> };
  }
}

const params = new URLSearchParams(location.hash.slice(1));
const user = params.get('user') ?? 'bare1';
const invites: Array<{ at: number; from: string }> = [];
const userAgent = new UserAgent({
  uri: UserAgent.makeURI(`sip:${user}@127.0.0.1`),
  transportOptions: { server: params.get('server') ?? 'ws://127.0.0.1:8088' },
  logBuiltinEnabled: false,
  delegate: {
    onInvite: (invitation) => {
      invites.push({ at: performance.timeOrigin + performance.now(), from: invitation.remoteIdentity.uri.user ?? '' });
      void invitation.reject({ statusCode: 486 });
    },
  },
});

window.bareSip = {
  invites,
  ready: userAgent.start().then(
    () =>
      new Promise<void>((resolve, reject) => {
        void new Registerer(userAgent).register({
          requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('REGISTER rejected')) },
        });
      }),
  ),
};
