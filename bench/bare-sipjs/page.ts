/**
 * The baseline of the SIP benchmark: a SIP.js user agent alone, no connector, no UI. It registers and
 * notes the wall-clock time each INVITE reaches `onInvite`, then declines the call (486), the way
 * the softphone's agent does in the benchmark. The benchmark evaluates it in the softphone's document,
 * so both are timed on the same clock.
 */
import { Registerer, UserAgent } from 'sip.js';

declare global {
  interface Window {
    /** Who to register as and where; set before the script runs. */
    bareSipOptions: { user: string; server: string };
    bareSip: { ready: Promise<void>; invites: Array<{ at: number; from: string }> };
  }
}

const { user, server } = window.bareSipOptions;
const invites: Array<{ at: number; from: string }> = [];
const userAgent = new UserAgent({
  uri: UserAgent.makeURI(`sip:${user}@127.0.0.1`),
  transportOptions: { server },
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
