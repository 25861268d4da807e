/**
 * The local Salesforce Voice console: a Voice-style host page that frames the connector page,
 * the connector page itself, the VoiceCall life-cycle endpoints, and the Telephony Integration
 * API stand-in they write to, signed and verified with a freshly generated key pair.
 */
import type { FastifyInstance } from 'fastify';
import { ConfigError, errorMessage, type ProviderConfig } from '../../core/index.js';
// The page generator only: the host library (salesforce/voice/library.ts) stays out of the server.
import { voiceConnectorPage } from '../../salesforce/voice/packaging.js';
import { LOCAL_OIDC_CLIENT_ID, consoleSessionCookie } from '../auth/local-oidc.js';
import { providerForConsoleUser } from '../console-user.js';
import { escapeHtml } from '../pages.js';
import { createTelephonyCredentials } from './credentials.js';
import { TelephonyApiClient } from './telephony-api.js';
import { TelephonyApiStandIn, type StandInFailure } from './telephony-stand-in.js';
import { VoiceCallService, voiceCallRoutes, type VoiceReportAuth } from './voice-call-service.js';

/** Org and call centre the local stand-in plays. */
export const LOCAL_VOICE_ORG = { orgId: '00D000000000001AAA', callCenterApiName: 'LocalVoice' } as const;

/** How the Voice connector page gets its session (see docs/security.md, "Salesforce Voice"). */
export interface VoiceConnectorAuth {
  readonly sessionUrl: string;
  /** Where the page gets its assertion: the local console's stand-in of the org's identity provider. */
  readonly assertionUrl: string;
}

/** The connector page's `agentAuth`: the console org's assertion, or with `?signIn=oidc` (`oidc-popup`) its OpenID Connect provider. */
function connectorAuthOf(auth: VoiceConnectorAuth, signIn: string | undefined): Record<string, unknown> {
  if (signIn !== 'oidc' && signIn !== 'oidc-popup') return { ...auth };
  return { sessionUrl: auth.sessionUrl, oidc: { authorizeUrl: '/services/oauth2/authorize', clientId: LOCAL_OIDC_CLIENT_ID, display: signIn === 'oidc' ? 'frame' : 'popup' } };
}

const CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'none'"];

/** Adds the Voice console to the console server. */
export async function voiceConsoleRoutes(app: FastifyInstance, options: { readonly provider: ProviderConfig; readonly auth: VoiceReportAuth; readonly connectorAuth?: VoiceConnectorAuth }): Promise<{ readonly standIn: TelephonyApiStandIn }> {
  const credentials = await createTelephonyCredentials({ commonName: LOCAL_VOICE_ORG.callCenterApiName });
  const standIn = new TelephonyApiStandIn({ ...LOCAL_VOICE_ORG, certificatePem: credentials.certificatePem });
  standIn.register(app);
  // The client talks to the stand-in through Fastify's injection: the same HTTP semantics, no port.
  const injected: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'POST',
      url: `${url.pathname}${url.search}`,
      headers: init?.headers as Record<string, string>,
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(response.statusCode === 204 ? null : response.body, { status: response.statusCode, headers: { 'content-type': String(response.headers['content-type'] ?? 'text/plain') } });
  };
  const api = new TelephonyApiClient({ baseUrl: 'http://stand-in.local/telephony/v1', ...LOCAL_VOICE_ORG, privateKeyPem: credentials.privateKeyPem, fetch: injected, retryDelayMs: 100, providerName: 'softphone-connector' });
  voiceCallRoutes(app, new VoiceCallService(api), options.auth);

  const kind = escapeHtml(options.provider.kind);
  // `?user=`: the console user whose agent the connector's simulator connects as (../console-user.ts).
  // `?signIn=oidc` (or `oidc-popup`): the connector signs in with the console org's OpenID Connect provider instead,
  // as the user this page signs in to the org (its session cookie); the frame names no user.
  app.get<{ Querystring: { user?: string; signIn?: string } }>('/voice/', (request, reply) => {
    const { user, signIn } = request.query;
    try {
      providerForConsoleUser(options.provider, user);
      if (signIn !== undefined && ((signIn !== 'oidc' && signIn !== 'oidc-popup') || !options.connectorAuth)) throw new ConfigError('signIn', '"oidc" or "oidc-popup", with the local console playing the org', signIn);
    } catch (error) {
      return reply.code(400).send({ message: errorMessage(error) });
    }
    const query: Record<string, string> | undefined = signIn ? { signIn } : user ? { user } : undefined;
    const connectorPath = `/voice/connector.html${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
    if (options.connectorAuth) reply.header('set-cookie', consoleSessionCookie(user || 'agent'));
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', [...CSP, "frame-src 'self'", "connect-src 'self'"].join('; '))
      .send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Salesforce Voice (local)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/slds/styles/voice-host.css">
<link rel="stylesheet" href="/assets/voice-host.css">
<script type="application/json" id="voice-console-config">${JSON.stringify({ connectorPath, callCenter: { '/reqGeneralInfo/reqInternalName': LOCAL_VOICE_ORG.callCenterApiName } }).replace(/</g, '\\u003c')}</script>
<script type="module" src="/assets/voice-host.js"></script>
</head>
<body class="slds-scope"><div id="voice-console-root"></div></body>
</html>
`);
  });
  app.get<{ Querystring: { user?: string; signIn?: string } }>('/voice/connector.html', (request, reply) => {
    let provider: ProviderConfig;
    try {
      provider = providerForConsoleUser(options.provider, request.query.user);
    } catch (error) {
      return reply.code(400).send({ message: errorMessage(error) });
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', [...CSP, ["connect-src 'self'", ...options.provider.connectSources].join(' '), "media-src 'self' blob:", "frame-ancestors 'self'"].join('; '))
      .header('permissions-policy', 'microphone=(self)')
      .send(voiceConnectorPage({ bundleUrl: `/assets/voice-connector-${kind}.js`, config: { provider, voiceCallsUrl: '/api/voice/calls', ...(options.connectorAuth ? { agentAuth: connectorAuthOf(options.connectorAuth, request.query.signIn) } : {}) } }));
  });
  app.get('/api/voice/stand-in', () => ({ voiceCalls: [...standIn.voiceCalls.values()], requests: standIn.requests }));
  app.post('/api/voice/stand-in/fail-next', (request, reply) => {
    const failures = (request.body as { failures?: unknown } | undefined)?.failures;
    if (!Array.isArray(failures) || !failures.every((f) => f === 'before' || f === 'after')) {
      return reply.code(400).send({ message: 'failures must be an array of "before" (fail without acting) or "after" (act, then fail)' });
    }
    standIn.failNext(...(failures as StandInFailure[]));
    return { ok: true };
  });
  return { standIn };
}
