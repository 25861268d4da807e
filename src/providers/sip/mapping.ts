/**
 * SIP → the core's call model: who is calling (P-Asserted-Identity / From), which INVITE headers
 * become call data, and which end reason a final SIP status means.
 */
import { ProviderError, type CallData, type EndReason } from '../../core/index.js';

/** A SIP address (`sip:…`) for a dialled number, user name, `user@host` or URI, in `domain`. */
export function sipAddress(to: string, domain: string): string {
  const text = to.trim();
  if (/^sips?:/i.test(text)) return text;
  const user = text.includes('@') ? text : `${/^[+\d\s().-]+$/.test(text) ? text.replace(/[\s().-]/g, '') : text}@${domain}`;
  return `sip:${user}`;
}

/** Header names an outbound call's data may use (sent as `X-…` headers). */
const HEADER_KEY = /^[A-Za-z0-9-]{1,64}$/;

/** Call data as the `X-…` headers of an outbound INVITE; a key that cannot be a header name is refused. */
export function dataHeaders(data: CallData | undefined): string[] {
  return Object.entries(data ?? {}).map(([key, value]) => {
    if (!HEADER_KEY.test(key)) throw new ProviderError('invalid-argument', `Call data keys become SIP headers: letters, digits and "-", got ${JSON.stringify(key)}`);
    return `X-${key.replace(/^X-/i, '')}: ${value.replace(/[\r\n]/g, ' ').slice(0, 256)}`;
  });
}

/** Longest header value passed on as call data; anything beyond is cut (hostile or broken peers). */
export const MAX_HEADER_VALUE = 256;

/** The caller as an INVITE presents them. */
export interface RemoteIdentity {
  readonly number: string;
  readonly displayName?: string;
}

/** Headers of the INVITE as SIP.js exposes them. */
export interface HeaderSource {
  getHeader(name: string): string | undefined;
}

function clean(value: string): string {
  // Control characters never belong in a caller id or header value shown to an agent.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_HEADER_VALUE);
}

/** Parses a name-addr (`"Name" <sip:user@host>`, `<tel:+1…>`, `sip:user@host`) into number and name. */
export function parseNameAddr(value: string): RemoteIdentity | undefined {
  const text = clean(value.split(',')[0] ?? '');
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]+)>|^\s*([^\s;]+)/.exec(text);
  if (!match) return undefined;
  const uri = (match[3] ?? match[4] ?? '').trim();
  const user = /^(?:sips?:)([^@;]+)@/i.exec(uri)?.[1] ?? /^tel:([^;]+)/i.exec(uri)?.[1];
  if (!user) return undefined;
  let number: string;
  try {
    number = decodeURIComponent(user);
  } catch {
    number = user;
  }
  const name = (match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2] ?? '').trim();
  return { number: clean(number), ...(name ? { displayName: clean(name) } : {}) };
}

/**
 * Who is calling: `P-Asserted-Identity` (set by a trusted PBX) wins over `From`, whose display name
 * fills in when the asserted identity has none.
 */
export function remoteIdentity(headers: HeaderSource, from: { user?: string; displayName?: string }): RemoteIdentity {
  const fromIdentity: RemoteIdentity = {
    number: clean(from.user ?? ''),
    ...(from.displayName ? { displayName: clean(from.displayName) } : {}),
  };
  const asserted = headers.getHeader('P-Asserted-Identity');
  const parsed = asserted ? parseNameAddr(asserted) : undefined;
  if (!parsed) return fromIdentity;
  return { number: parsed.number, displayName: parsed.displayName ?? fromIdentity.displayName };
}

/** The configured headers present on the INVITE, as call data keyed by the configured name. */
export function headerData(headers: HeaderSource, names: readonly string[]): CallData | undefined {
  const data: Record<string, string> = {};
  for (const name of names) {
    const value = headers.getHeader(name);
    if (value !== undefined && clean(value) !== '') data[name] = clean(value);
  }
  return Object.keys(data).length > 0 ? data : undefined;
}

/** Final SIP status of an outbound call that was not answered → end reason. */
export function endReasonOfStatus(status: number): EndReason {
  if (status === 486 || status === 600 || status === 603) return 'rejected';
  if (status === 408 || status === 480 || status === 487) return 'missed';
  return 'failed';
}
