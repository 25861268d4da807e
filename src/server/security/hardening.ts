/**
 * The server's hardening, with well-kept plugins: security headers (`@fastify/helmet`), CORS
 * limited to the softphone's origins (`@fastify/cors`), rate limits on the public endpoints
 * (`@fastify/rate-limit`) and body-size limits per endpoint. Register it before any route: the
 * limits attach to routes as they are added.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The kinds of endpoint that get their own limits:
 * - `token`: credentials handed to the browser (`/api/twilio/token`, any `/api/…/token` or `…/credentials`);
 * - `webhook`: posts from the telephony system (`/api/twilio/…`), signed by it;
 * - `reports`: the softphone's call reports (`/api/voice/calls…`);
 * - `writes`: any other POST, PUT, PATCH or DELETE.
 */
export type EndpointGroup = 'token' | 'webhook' | 'reports' | 'writes';

/** A rate limit: at most `max` requests per `windowMs` per agent (or client address). */
export interface RateLimitRule {
  readonly max: number;
  readonly windowMs: number;
}

/** Hardening options of a server. */
export interface HardeningOptions {
  /**
   * Local development: loopback origins (`http://127.0.0.1:*`, `http://localhost:*`, `*.localhost`)
   * may call cross-origin, no HSTS (a certificate mistake on `localhost` would lock the browser
   * out), and the console's own endpoints (emulated Salesforce records, simulator, admin) are not
   * rate-limited. Default: whether the server listens on a loopback address.
   */
  readonly local?: boolean;
  /**
   * Origins that may call this server from a browser (CORS), e.g. the Visualforce domain that hosts
   * the softphone (`https://acme--c.vf.force.com`) or the Lightning domain. Exact origins only.
   */
  readonly corsOrigins?: readonly string[];
  /** Rate limits per endpoint group (defaults {@link DEFAULT_RATE_LIMITS}); `false` turns them off. */
  readonly rateLimits?: Partial<Record<EndpointGroup, RateLimitRule>> | false;
  /** Request-body limits in bytes per endpoint group (defaults {@link DEFAULT_BODY_LIMITS}). */
  readonly bodyLimits?: Partial<Record<EndpointGroup, number>>;
  /**
   * The agent a request comes from, the key rate limits count by (fallback: the client address).
   * Default: `request.agent.id` when authentication has decorated the request with it by the
   * `preHandler` stage.
   */
  readonly agentOf?: (request: FastifyRequest) => string | undefined;
  /**
   * Whether the telephony system signed a webhook request (e.g. a valid `X-Twilio-Signature`).
   * Signed callbacks are not rate-limited: they arrive from the telephony system's addresses (or one
   * proxy's) for every call of the contact centre at once, and refusing one would lose a call's
   * event. Unsigned requests to the same routes are still counted per address. Default: none.
   */
  readonly signedByTelephony?: (request: FastifyRequest) => boolean;
}

/** Default rate limits per minute: a softphone fetches a token a few times an hour and reports a call in a handful of posts. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<EndpointGroup, RateLimitRule>> = {
  token: { max: 30, windowMs: 60_000 },
  webhook: { max: 600, windowMs: 60_000 },
  reports: { max: 600, windowMs: 60_000 },
  writes: { max: 300, windowMs: 60_000 },
};

/** Default body limits: Twilio's form posts and call reports are a few KB; records may carry long text. */
export const DEFAULT_BODY_LIMITS: Readonly<Record<EndpointGroup, number>> = {
  token: 4 * 1024,
  webhook: 32 * 1024,
  reports: 64 * 1024,
  writes: 256 * 1024,
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Endpoints of the local console itself (emulated Salesforce, simulator, fault switches, CSP reports). */
const CONSOLE_ONLY = /^\/(api\/(sobjects|search|setup|sim|admin|voice\/stand-in|twilio\/stand-in)(\/|$)|package\/)/;

/** The endpoint group of a route (`url` is the route's pattern or the request path), or undefined for reads. */
export function endpointGroupOf(method: string, url: string): EndpointGroup | undefined {
  const path = url.split('?')[0] ?? url;
  if (/^\/api\/.*\/(token|credentials)$/.test(path)) return 'token';
  if (!WRITES.has(method.toUpperCase())) return undefined;
  if (path.startsWith('/api/twilio/')) return 'webhook';
  if (path === '/api/voice/calls' || path.startsWith('/api/voice/calls/')) return 'reports';
  return 'writes';
}

/** Whether an origin is a loopback one (`127.0.0.1`, `[::1]`, `localhost` or a `*.localhost` name), any port. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return hostname === '127.0.0.1' || hostname === '[::1]' || hostname === 'localhost' || hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** The `host[:port]` of an origin, or undefined when it is not one (`null`, garbage). */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host || undefined;
  } catch {
    return undefined;
  }
}

/** Whether a listen address is a loopback one. */
export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
}

/** `request.agent.id`, when authentication put it there. */
function decoratedAgent(request: FastifyRequest): string | undefined {
  if (!('agent' in request)) return undefined;
  const agent: unknown = request.agent;
  if (typeof agent !== 'object' || agent === null || !('id' in agent)) return undefined;
  return typeof agent.id === 'string' && agent.id ? agent.id : undefined;
}

/** An error Fastify answers with its status code and message. */
function httpError(statusCode: number, code: string, message: string): Error & { statusCode: number; code: string } {
  return Object.assign(new Error(message), { statusCode, code });
}

const GROUP_NAMES: Readonly<Record<EndpointGroup, string>> = { token: 'token endpoint', webhook: 'webhook', reports: 'call-report endpoint', writes: 'write endpoint' };

/**
 * Registers helmet, CORS, the rate limits, the body limits and the refusal of writes from foreign
 * origins on `app`. Call before adding routes.
 */
export async function hardenServer(app: FastifyInstance, options: HardeningOptions = {}): Promise<void> {
  const local = options.local ?? false;
  const allowed = new Set(options.corsOrigins ?? []);
  const originAllowed = (origin: string): boolean => allowed.has(origin) || (local && isLoopbackOrigin(origin));
  const agentOf = options.agentOf ?? decoratedAgent;
  const bodyLimits = { ...DEFAULT_BODY_LIMITS, ...options.bodyLimits };

  await app.register(helmet, {
    // Pages set their own CSP (scripts, connections, frame-ancestors for the console's frames); this
    // one is for everything else (JSON, files, errors): nothing may run, nothing may frame it.
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] } },
    // X-Frame-Options cannot name the console's other origin; each page's frame-ancestors decides framing.
    frameguard: false,
    // Isolation is the crossOriginIsolated option's (COOP/COEP/CORP set by its own hook, after these).
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: local ? false : { maxAge: 31_536_000, includeSubDomains: true },
  });

  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && originAllowed(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    credentials: false,
    maxAge: 600,
  });

  // CORS only stops the page from reading the answer; a cross-site form post still lands. Refuse
  // writes whose Origin is neither this server's nor an allowed one before they do anything.
  // "This server's" compares hosts only: behind a TLS-terminating proxy the request arrives as http.
  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (origin === undefined || !WRITES.has(request.method) || originAllowed(origin) || hostOf(origin) === request.host) return done();
    void reply.code(403).send({ error: 'origin-not-allowed', message: `Origin ${origin.slice(0, 100)} may not call this server: add it to the server's hardening.corsOrigins (SOFTPHONE_CORS_ORIGINS) if the softphone is hosted there.` });
  });

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const group = methods.map((method) => endpointGroupOf(method, route.url)).find((found) => found !== undefined);
    if (group && group !== 'token' && route.bodyLimit === undefined) route.bodyLimit = bodyLimits[group];
  });

  if (options.rateLimits === false) return;
  const rules = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const groupOf = (request: FastifyRequest): EndpointGroup | undefined => {
    const url = request.routeOptions.url ?? request.url;
    const group = endpointGroupOf(request.method, url);
    return local && CONSOLE_ONLY.test(url) ? undefined : group;
  };
  await app.register(rateLimit, {
    global: true,
    // After body parsing and earlier hooks, so an authenticated agent is known.
    hook: 'preHandler',
    keyGenerator: (request) => `${groupOf(request) ?? 'none'}:${agentOf(request) ?? request.ip}`,
    allowList: (request) => {
      const group = groupOf(request);
      return group === undefined || (group === 'webhook' && agentOf(request) === undefined && options.signedByTelephony?.(request) === true);
    },
    max: (request) => rules[groupOf(request) ?? 'writes'].max,
    // One window for all groups: the plugin's timeWindow function is evaluated per key like max.
    timeWindow: (request) => rules[groupOf(request) ?? 'writes'].windowMs,
    errorResponseBuilder: (request, context) => {
      const group = groupOf(request) ?? 'writes';
      return httpError(429, 'rate-limited', `Too many requests to the ${GROUP_NAMES[group]} ${request.routeOptions.url ?? ''}: at most ${context.max} per ${Math.round(rules[group].windowMs / 1000)} s for each agent; retry in ${context.after}.`);
    },
  });
}
