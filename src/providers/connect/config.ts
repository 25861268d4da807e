import { ConfigError, type ProviderConfig } from '../../core/index.js';

/** Options of the Amazon Connect provider in a softphone configuration. */
export interface ConnectConfigOptions {
  /** The instance's CCP, e.g. `https://example.my.connect.aws/ccp-v2/`. */
  readonly ccpUrl: string;
  /** The instance's AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** Open Connect's sign-in in a popup when the agent is not signed in (default true). */
  readonly loginPopup?: boolean;
  /** Sign-in page for SAML instances (default: the CCP's own). */
  readonly loginUrl?: string;
  /** Whether the CCP itself is shown under the softphone (default `hidden`). */
  readonly ccp?: 'hidden' | 'visible';
  /** Name of the agent status used for "busy" (default: the first not-routable status). */
  readonly busyStatus?: string;
  /**
   * Clear the contact as soon as it enters after-call work (default true): wrap-up happens in the
   * softphone, and the agent becomes routable again. `false` leaves ACW to Connect's own timers.
   */
  readonly clearAfterCallWork?: boolean;
}

/** The Amazon Connect provider in a configuration (`provider: connect({...})`). */
export type ConnectConfig = ProviderConfig<'connect', ConnectConfigOptions>;

/** Chooses the Amazon Connect provider, validating its options. */
export function connect(options: ConnectConfigOptions): ConnectConfig {
  const given = (options ?? {}) as Partial<ConnectConfigOptions>;
  let ccp: URL | undefined;
  try {
    ccp = typeof given.ccpUrl === 'string' ? new URL(given.ccpUrl) : undefined;
  } catch {
    ccp = undefined;
  }
  if (!ccp || ccp.protocol !== 'https:' || !/\/ccp/.test(ccp.pathname)) {
    throw new ConfigError('provider.connect.ccpUrl', 'the https:// URL of your instance\'s CCP, e.g. "https://example.my.connect.aws/ccp-v2/"', given.ccpUrl);
  }
  if (typeof given.region !== 'string' || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(given.region)) {
    throw new ConfigError('provider.connect.region', 'an AWS region such as "us-east-1"', given.region);
  }
  if (given.loginPopup !== undefined && typeof given.loginPopup !== 'boolean') throw new ConfigError('provider.connect.loginPopup', 'true or false', given.loginPopup);
  if (given.loginUrl !== undefined && (typeof given.loginUrl !== 'string' || !/^https:\/\/\S+$/.test(given.loginUrl))) {
    throw new ConfigError('provider.connect.loginUrl', 'an https:// URL', given.loginUrl);
  }
  if (given.ccp !== undefined && given.ccp !== 'hidden' && given.ccp !== 'visible') throw new ConfigError('provider.connect.ccp', '"hidden" or "visible"', given.ccp);
  if (given.busyStatus !== undefined && (typeof given.busyStatus !== 'string' || given.busyStatus.trim() === '')) {
    throw new ConfigError('provider.connect.busyStatus', 'the name of an agent status, e.g. "Break"', given.busyStatus);
  }
  if (given.clearAfterCallWork !== undefined && typeof given.clearAfterCallWork !== 'boolean') {
    throw new ConfigError('provider.connect.clearAfterCallWork', 'true or false', given.clearAfterCallWork);
  }
  const { ccpUrl: _ccpUrl, region: _region, ...rest } = given;
  return {
    kind: 'connect',
    options: { ccpUrl: ccp.href, region: given.region, ...rest },
    connectSources: [ccp.origin],
    frameSources: [ccp.origin, ...(given.loginUrl ? [new URL(given.loginUrl).origin] : [])],
  };
}
