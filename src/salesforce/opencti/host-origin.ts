/**
 * Which page may drive the softphone through Open CTI. Salesforce's `opencti_min.js` trusts the
 * origin named by the `sfdcIframeOrigin` URL parameter: it accepts that origin's messages as
 * Salesforce's answers and events (click to dial, navigation). Anyone who frames the softphone can
 * write that parameter, so before the bridge listens to anything it checks that the origin named
 * is Salesforce's (or the page's own host, as the local console serves it) and that the page is
 * really framed by it. A page framed by anyone else gets no bridge: forged clicks to dial and forged
 * save answers have nothing to reach.
 */
import { OpenCtiError } from './errors.js';

/** Domains Salesforce serves Lightning, Visualforce and Setup pages from (commercial and government clouds). */
export const SALESFORCE_DOMAINS: readonly string[] = [
  'salesforce.com',
  'force.com',
  'visualforce.com',
  'salesforce-setup.com',
  'cloudforce.com',
  'salesforce.mil',
  'crmforce.mil',
];

/** What {@link checkHostOrigin} needs of a window: its URL, its parent and, where the browser has it, who frames it. */
export interface FramedWindow {
  readonly location: Pick<Location, 'search' | 'hostname'> & { readonly ancestorOrigins?: ArrayLike<string> };
  readonly parent: unknown;
  readonly document?: { readonly referrer?: string };
}

/** Options of {@link checkHostOrigin}. */
export interface HostOriginOptions {
  /** Further origins trusted as the Salesforce page (exact `https://host[:port]` strings). */
  readonly trustedOrigins?: readonly string[];
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Whether `origin` is a Salesforce https origin, the page's own host (any port), or configured as trusted. */
export function isTrustedHostOrigin(origin: string, ownHostname: string, options: HostOriginOptions = {}): boolean {
  if (options.trustedOrigins?.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  // The local console frames the softphone from another port of its own host: another origin, the same site.
  if (url.hostname === ownHostname) return true;
  return url.protocol === 'https:' && SALESFORCE_DOMAINS.some((domain) => url.hostname.endsWith(`.${domain}`));
}

/**
 * Throws `untrusted-host` unless the Salesforce page named by `sfdcIframeOrigin` is one the softphone
 * may trust and is the page that frames it. Without the parameter Open CTI trusts no one, so there is
 * nothing to check (its calls then fail as Salesforce's script makes them fail).
 */
export function checkHostOrigin(win: FramedWindow, options: HostOriginOptions = {}): void {
  const named = new URLSearchParams(win.location.search).get('sfdcIframeOrigin');
  if (named === null) return;
  if (!isTrustedHostOrigin(named, win.location.hostname, options)) {
    throw new OpenCtiError('untrusted-host', 'opencti', `sfdcIframeOrigin must be a Salesforce https origin (or one in trustedOrigins), got ${JSON.stringify(named)}: the softphone does not take Open CTI messages from it.`);
  }
  if (win.parent === win) {
    throw new OpenCtiError('untrusted-host', 'opencti', `sfdcIframeOrigin names ${named}, but the softphone is not framed: open it inside Salesforce.`);
  }
  // Chromium and Safari say who frames the page; elsewhere the referrer's origin does.
  const framer = win.location.ancestorOrigins?.[0] ?? originOf(win.document?.referrer);
  if (framer !== undefined && framer !== named) {
    throw new OpenCtiError('untrusted-host', 'opencti', `sfdcIframeOrigin names ${named}, but the page framing the softphone is ${framer}: the softphone does not take Open CTI messages from it.`);
  }
}
