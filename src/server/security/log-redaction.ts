/**
 * Logger settings that keep secrets out of log lines: credentials in headers (Authorization,
 * cookies, X-Twilio-Signature), tokens in query strings (a WebSocket cannot send headers, so
 * assertions travel there), tokens in logged bodies, and anything shaped like a JWT or equal to a
 * configured secret wherever it appears in a line.
 */
import type { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';

/** What the server logs and where. */
export interface ServerLogOptions {
  /** pino level (default `info`). */
  readonly level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Where lines go (default stdout). */
  readonly stream?: Writable;
  /** Secret values (API key secrets, auth tokens) to blank out wherever they appear. */
  readonly secrets?: readonly string[];
}

/** Query parameters whose values are credentials. Matched case-insensitively, also as parts of a name (`id_token`). */
const SECRET_PARAM = /token|assertion|secret|password|passwd|signature|sig$|^code$|^key$|apikey|api_key|credential|jwt|session|auth/i;
/** A JWT (Twilio access tokens, agent assertions, OIDC ID tokens) or a `Bearer …` credential. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]{8,}/gi;
const CENSOR = '[redacted]';

/** Headers whose values are credentials, as pino redact paths under an object key. */
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-twilio-signature', 'proxy-authorization', 'x-api-key', 'x-amz-security-token'];

/** A pino redact path for a header under `prefix` (bracket notation for names with dashes). */
const headerPath = (prefix: string, header: string): string => (/^\w+$/.test(header) ? `${prefix}.${header}` : `${prefix}["${header}"]`);

/** `url` with the values of credential-like query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url.slice(at + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    let name = pair.slice(0, eq);
    try {
      name = decodeURIComponent(name);
    } catch {
      // A malformed escape: test the raw name.
    }
    return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=${CENSOR}` : pair;
  });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

/** `text` with JWTs, Bearer/Basic credentials and the given secrets blanked out. */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(JWT, CENSOR).replace(BEARER, `$1 ${CENSOR}`);
  for (const secret of secrets) if (secret.length >= 8) result = result.split(secret).join(CENSOR);
  return result;
}

/** A copy of a log object's plain data with every string scrubbed ({@link scrubText}); depth-limited against cycles. */
function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const { code, statusCode } = value as Error & { code?: unknown; statusCode?: unknown };
    return { type: value.name, message: scrubText(value.message, secrets), ...(code === undefined ? {} : { code }), ...(statusCode === undefined ? {} : { statusCode }), ...(value.stack ? { stack: scrubText(value.stack, secrets) } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  // Plain data only: requests, replies and sockets are left to their serializers (a deep copy of a
  // request would walk the whole server).
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubValue(item, secrets, depth + 1);
  return copy;
}

/** Request fields worth logging, with the URL's query secrets blanked. */
type LoggedRequest = {
  readonly method: string;
  readonly url: string;
  readonly host?: string;
  readonly remoteAddress?: string;
};

/**
 * Fastify `logger` options that never write a secret: pino `redact` for credential headers and
 * token fields wherever a request, reply or body is logged, a request serializer that blanks query
 * secrets, and a final pass over every line's fields and message for JWTs and configured secrets.
 */
export function redactingLoggerOptions(options: ServerLogOptions = {}): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  const secrets = options.secrets ?? [];
  const tokenFields = ['token', 'accessToken', 'access_token', 'id_token', 'assertion', 'password', 'secret', 'apiKeySecret', 'authToken', 'privateKeyPem'];
  const paths = [
    ...SECRET_HEADERS.flatMap((header) => ['req.headers', 'headers', 'request.headers', 'res.headers'].map((prefix) => headerPath(prefix, header))),
    ...tokenFields.flatMap((field) => [field, `body.${field}`, `payload.${field}`, `req.body.${field}`, `*.${field}`]),
  ];
  return {
    level: options.level ?? 'info',
    ...(options.stream ? { stream: options.stream } : {}),
    redact: { paths, censor: CENSOR },
    serializers: {
      req: (request: { method: string; url: string; host?: string; ip?: string }): LoggedRequest => ({
        method: request.method,
        url: scrubText(redactUrl(request.url), secrets),
        ...(request.host ? { host: request.host } : {}),
        ...(request.ip ? { remoteAddress: request.ip } : {}),
      }),
    },
    formatters: { log: (object: Record<string, unknown>) => scrubValue(object, secrets) as Record<string, unknown> },
    hooks: {
      logMethod(args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubText(arg, secrets) : arg)));
      },
    },
  };
}
