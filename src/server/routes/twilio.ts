import formbody from '@fastify/formbody';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { AuthError, type Authenticate } from '../auth/index.js';
import { sendAuthError } from '../auth/server-auth.js';
import { DialPolicy, spokenRefusal } from '../security/dial-policy.js';
import type { TwilioServerSettings } from '../twilio-settings.js';
import { loadTwilioLibrary, type TwilioLibrary } from '../twilio/client.js';
import { formOf, twilioSignatureCheck, UNSIGNED_REFUSAL } from '../twilio/signature.js';

/** What the Twilio routes are called when the `twilio` library they need is missing. */
export const TWILIO_ROUTES_NEED = 'the Twilio token endpoint and voice webhook';

/** Options of the Twilio routes. */
export interface TwilioRoutesOptions {
  readonly settings: TwilioServerSettings;
  /**
   * Who is asking for a token: the agent of the request's session (`server/auth`). The token's
   * identity is that agent's `twilioIdentity`; a request without a session gets 401, an agent
   * without a Twilio identity 403. There is no anonymous default.
   */
  readonly authenticate: Authenticate;
  /**
   * Outbound destinations and per-agent rate for calls the agents' softphones place (toll-fraud
   * limits). Default: a policy allowing US numbers other than the blocked number types.
   */
  readonly dialPolicy?: DialPolicy;
}

/** Builds the TwiML for one voice webhook request, with the library's `VoiceResponse`. */
async function voiceTwiml(twiml: TwilioLibrary['twiml'], params: Readonly<Record<string, string | undefined>>, settings: TwilioServerSettings, policy: DialPolicy, log: FastifyBaseLogger): Promise<string> {
  const response = new twiml.VoiceResponse();
  const from = params.From ?? '';
  if (from.startsWith('client:')) {
    // The agent's softphone placed the call (device.connect): ring the dialled number, if the policy
    // allows it. `From` is signed by Twilio (the token's identity), so it is the agent the rate counts.
    const verdict = await policy.authorize({ to: params.To ?? '', agent: from.slice('client:'.length) });
    if (!verdict.allowed) {
      log.warn({ rule: verdict.rule, number: verdict.number, agent: from }, `outbound call refused: ${verdict.reason}`);
      response.say(spokenRefusal(verdict));
      response.hangup();
      return response.toString();
    }
    // answerOnBridge: the agent's call is answered only when the callee answers, so "connected" means connected.
    response.dial({ callerId: settings.callerId, answerOnBridge: true }).number(verdict.number);
    return response.toString();
  }
  // A caller dialled the Twilio number: ring the agent's browser, passing what Twilio knows as parameters.
  const client = response.dial({ answerOnBridge: true, timeout: 30 }).client();
  client.identity(settings.identity);
  if (params.CallerName) client.parameter({ name: 'callerName', value: params.CallerName });
  for (const [name, value] of Object.entries(params)) {
    if (value && /^(Digits|SpeechResult|FromCity|FromState|FromCountry)$/.test(name)) client.parameter({ name, value });
  }
  return response.toString();
}

/**
 * `GET /api/twilio/token` (an access token with a Voice grant for the agent) and
 * `POST /api/twilio/voice` (the TwiML app's voice webhook, refused with 403 unless
 * `X-Twilio-Signature` validates).
 */
export async function twilioRoutes(app: FastifyInstance, options: TwilioRoutesOptions): Promise<void> {
  const { settings } = options;
  const policy = options.dialPolicy ?? new DialPolicy();
  const twilioLibrary = await loadTwilioLibrary(TWILIO_ROUTES_NEED);
  const { AccessToken } = twilioLibrary.jwt;
  const signed = twilioSignatureCheck(twilioLibrary, settings);
  await app.register(async (scope) => {
    await scope.register(formbody);

    scope.get('/api/twilio/token', async (request, reply) => {
      let identity: string;
      try {
        const agent = await options.authenticate(request);
        if (!agent.twilioIdentity) throw new AuthError('no-telephony-identity', `Salesforce user ${agent.userId} has no Twilio client identity in the agent directory (twilioIdentity).`);
        identity = agent.twilioIdentity;
      } catch (error) {
        return sendAuthError(reply, error);
      }
      const token = new AccessToken(settings.accountSid, settings.apiKeySid, settings.apiKeySecret, { identity, ttl: settings.tokenTtlSeconds });
      token.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: settings.twimlAppSid, incomingAllow: true }));
      return reply.header('cache-control', 'no-store').send({ token: token.toJwt(), identity, ttlSeconds: settings.tokenTtlSeconds });
    });

    scope.post('/api/twilio/voice', async (request, reply) => {
      if (!signed(request)) return reply.code(403).type('text/plain').send(UNSIGNED_REFUSAL);
      const params = formOf(request);
      return reply.type('text/xml').send(await voiceTwiml(twilioLibrary.twiml, params, settings, policy, request.log));
    });
  });
}
