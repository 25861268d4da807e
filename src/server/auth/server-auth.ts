/**
 * How a server authenticates agents: against a real org (`salesforce`: trusted org certificates or
 * JWKS, an agent directory, a session secret; nothing relaxed), or as the local console
 * (`local-console`: the console plays the org with a key of its own, and its seeded users are the
 * directory). Registers the session endpoint, and for the local console its emulated Apex.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_USERS, LOCAL_ORG_ID, consoleUser } from '../../console/users.js';
import type { AgentDirectory } from './agent-directory.js';
import { AgentAuth, type Authenticate } from './agent-auth.js';
import type { TrustedOrg } from './assertion-verifier.js';
import type { OidcOrg } from './id-token-verifier.js';
import { LOCAL_OIDC_CLIENT_ID, LOCAL_OIDC_ISSUER, LocalOidcProvider } from './local-oidc.js';
import { OidcProviderError } from './oidc-sign-in.js';
import { AuthError } from './errors.js';
import { LOCAL_AUDIENCE, LocalOrgSigner, localAgentDirectory, localOrgKeys } from './local-org.js';

/** Agent authentication of a server. */
export type ServerAuthConfig =
  | {
      /** Production: assertions or ID tokens from these orgs only; every endpoint needs a session. */
      readonly kind: 'salesforce';
      /** Orgs whose Apex assertions sign agents in (the Open CTI softphone). */
      readonly orgs?: readonly TrustedOrg[];
      /** Orgs whose users sign in with OpenID Connect (the Salesforce Voice connector page). */
      readonly oidc?: readonly OidcOrg[];
      readonly audience: string;
      /** At least 32 bytes, the same on every instance (e.g. from an environment variable). */
      readonly sessionSecret: string;
      readonly agents: AgentDirectory;
      readonly sessionSeconds?: number;
      readonly assertionMaxAgeSeconds?: number;
    }
  | {
      /** The local console plays the org (`softphone-connector dev`). */
      readonly kind: 'local-console';
      /**
       * Let softphones without a session connect to the simulator naming their agent (`?agent=`),
       * as scripts and tests of the simulator do (default true). A session, when sent, is still
       * verified, and its identity wins over the query.
       */
      readonly anonymousSimulatorAgents?: boolean;
    };

/** The authentication a server runs with. */
export interface ServerAuth {
  readonly auth: AgentAuth;
  readonly authenticate: Authenticate;
  /** Whether the simulator's agent socket takes connections without a session (local console only). */
  readonly anonymousSimulatorAgents: boolean;
  /** The local console's org signer (absent against a real org). */
  readonly localOrg?: LocalOrgSigner;
  /** The local console's OpenID Connect provider (absent against a real org). */
  readonly localOidc?: LocalOidcProvider;
}

/** Sets up authentication; the local console's key is read from (or generated into) `dataDir`. */
export async function createServerAuth(config: ServerAuthConfig, dataDir?: string): Promise<ServerAuth> {
  if (config.kind === 'salesforce') {
    const auth = new AgentAuth(config);
    return { auth, authenticate: auth.authenticate, anonymousSimulatorAgents: false };
  }
  const keys = await localOrgKeys(dataDir);
  const localOrg = await LocalOrgSigner.create(keys);
  const localOidc = await LocalOidcProvider.create(keys);
  // Sessions of the local console end with the process: a fresh secret each start.
  const auth = new AgentAuth({
    orgs: [{ orgId: LOCAL_ORG_ID, publicKeyPem: keys.publicKeyPem }],
    oidc: [{ orgId: LOCAL_ORG_ID, issuer: LOCAL_OIDC_ISSUER, clientId: LOCAL_OIDC_CLIENT_ID, publicKeyPem: keys.publicKeyPem, tokenUrl: 'http://console.localhost/services/oauth2/token' }],
    oidcFetch: localOidc.fetch,
    audience: LOCAL_AUDIENCE,
    sessionSecret: randomBytes(32),
    agents: localAgentDirectory(),
  });
  return { auth, authenticate: auth.authenticate, anonymousSimulatorAgents: config.anonymousSimulatorAgents ?? true, localOrg, localOidc };
}

/** Answers a refusal with its status and message; rethrows anything else. */
export function sendAuthError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof AuthError) return reply.code(error.status).header('cache-control', 'no-store').send(error.toJSON());
  throw error;
}

/**
 * `POST /api/auth/session` `{ "assertion": "<JWT>" }` or `{ "oidc": { code, codeVerifier,
 * redirectUri, nonce } }` → `{ session, expiresAt, identity }`; and for the local console its
 * OpenID Connect provider (`/services/oauth2/…`, `/id/keys`); and
 * for the local console `POST /api/console/apex/SoftphoneAgentAssertion/issue` `{ "user": "<alias>" }`
 * → `{ runApex: "<JWT>" }`, what the console's emulated `runApex` answers.
 */
export function agentAuthRoutes(app: FastifyInstance, server: ServerAuth): void {
  app.post('/api/auth/session', async (request, reply) => {
    const body = request.body;
    const { assertion, oidc } = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as { assertion?: unknown; oidc?: unknown };
    if (assertion === undefined && oidc === undefined) {
      return sendAuthError(reply, new AuthError('unauthenticated', 'send {"assertion": "<JWT>"} (what SoftphoneAgentAssertion.issue returns through Open CTI runApex) or {"oidc": {"code", "codeVerifier", "redirectUri", "nonce"}} (the org\'s OpenID Connect authorization response).'));
    }
    try {
      return reply.header('cache-control', 'no-store').send(assertion !== undefined ? await server.auth.exchange(assertion) : await server.auth.exchangeOidc(oidc));
    } catch (error) {
      if (error instanceof OidcProviderError) return reply.code(502).header('cache-control', 'no-store').send({ error: error.code, message: error.message });
      return sendAuthError(reply, error);
    }
  });
  server.localOidc?.register(app);
  const { localOrg } = server;
  if (!localOrg) return;
  app.get('/api/console/users', () => ({ users: CONSOLE_USERS.map(({ alias, name, role }) => ({ alias, name, role })) }));
  app.post('/api/console/apex/SoftphoneAgentAssertion/issue', async (request, reply) => {
    const body = request.body;
    const alias = typeof body === 'object' && body !== null ? (body as { user?: unknown }).user : undefined;
    const user = typeof alias === 'string' || alias === undefined ? consoleUser(alias) : undefined;
    if (!user) return reply.code(400).send({ message: `user must be one of ${CONSOLE_USERS.map((item) => item.alias).join(', ')}` });
    return reply.header('cache-control', 'no-store').send({ runApex: await localOrg.sign(user) });
  });
}
