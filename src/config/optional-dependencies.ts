/**
 * The vendor packages that only some projects need: each provider's SDK, the Twilio server library
 * and the Salesforce Voice host library are optional peer dependencies, so a SIP softphone installs
 * SIP.js and nothing of Twilio's or Amazon's. The prebuilt browser bundles in `dist/public` carry the
 * SDKs they use; Node code loads a peer with `import()` only when its provider or host is
 * configured, and a missing one fails with {@link MissingDependencyError}, which names the command
 * that installs it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SoftphoneError, errorMessage } from '../core/index.js';

/** The name of an optional peer dependency. */
export type OptionalPeer = 'sip.js' | '@twilio/voice-sdk' | 'twilio-taskrouter' | 'twilio' | 'amazon-connect-streams' | '@salesforce/scv-connector-base' | 'fast-xml-parser';

/** The optional peer dependencies and their ranges, as package.json declares them (a unit test keeps both equal). */
export const OPTIONAL_PEERS: Readonly<Record<OptionalPeer, string>> = {
  'sip.js': '^0.21.2',
  '@twilio/voice-sdk': '^2.18.5',
  // The TaskRouter Worker SDK: the Twilio provider's contact-centre mode (its types, and its chunk in the browser).
  'twilio-taskrouter': '^2.1.1',
  twilio: '^6.2.0',
  'amazon-connect-streams': '^2.28.2',
  '@salesforce/scv-connector-base': '3.6.2',
  // The local Twilio stand-in's TwiML parser: `dev --provider twilio` without an account only.
  'fast-xml-parser': '^5.12.1',
};

/**
 * What a project of each provider installs besides softphone-connector: what `init` writes into its
 * package.json and what loading its config checks.
 * - `sip`: SIP.js, which the provider's types and `createSipProvider` in Node use;
 * - `twilio`: the `twilio` server library (the token endpoint and TwiML webhook of `dev` and of
 *   `softphone-connector/server`) and `@twilio/voice-sdk`, whose types the provider's types pick from
 *   (`twilio-taskrouter` too, for the contact-centre mode only: an optional peer, not required here);
 * - `connect`: `amazon-connect-streams`, whose `connect` namespace the provider's types pick from;
 * - `simulator`: nothing.
 * The browser bundles carry their SDKs, so none of these is loaded to serve or build a softphone.
 */
export const PROVIDER_PEERS: Readonly<Record<string, readonly OptionalPeer[]>> = {
  simulator: [],
  sip: ['sip.js'],
  twilio: ['twilio', '@twilio/voice-sdk'],
  connect: ['amazon-connect-streams'],
};

/** The command that installs `packages` at the ranges softphone-connector supports, e.g. `npm install twilio@^6.2.0`. */
export function installCommand(packages: readonly OptionalPeer[]): string {
  return `npm install ${packages.map((name) => `${name}@${OPTIONAL_PEERS[name]}`).join(' ')}`;
}

/** An optional peer dependency that the configured provider or host needs is not installed. */
export class MissingDependencyError extends SoftphoneError<'missing-dependency'> {
  override readonly name = 'MissingDependencyError';
  /** The packages to install. */
  readonly packages: readonly OptionalPeer[];
  /** The command that installs them, e.g. `npm install sip.js@^0.21.2`. */
  readonly installCommand: string;

  /**
   * @param packages the missing packages.
   * @param user what needs them, e.g. `the twilio provider`.
   * @param options `cause`: the failed import, if any.
   */
  constructor(packages: readonly OptionalPeer[], user: string, options?: { readonly cause?: unknown }) {
    const command = installCommand(packages);
    const names = packages.join(' and ');
    super('missing-dependency', `${user} needs ${names}, which ${packages.length > 1 ? 'are' : 'is'} not installed; install ${packages.length > 1 ? 'them' : 'it'} with: ${command}`, options);
    this.packages = packages;
    this.installCommand = command;
  }
}

/** Whether a bare import of `name` resolves from `dir`: a `node_modules/<name>` in `dir` or a folder above it. */
export function isInstalled(name: string, dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules', name, 'package.json'))) return true;
    if (dirname(at) === at) return false;
  }
}

/**
 * Checks that the packages of a provider ({@link PROVIDER_PEERS}) resolve from `dir` (the folder of
 * the code that will load them), and throws {@link MissingDependencyError} naming those that do not.
 */
export function checkProviderDependencies(kind: string, dir: string): void {
  const missing = (PROVIDER_PEERS[kind] ?? []).filter((name) => !isInstalled(name, dir));
  if (missing.length > 0) throw new MissingDependencyError(missing, `the ${kind} provider`);
}

/**
 * Loads an optional peer: `load` is the `import()` of it (written at the call site, so bundlers and
 * the lint rules see the package). "Cannot find package" becomes {@link MissingDependencyError}.
 */
export async function importOptional<T>(name: OptionalPeer, user: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
    // Only the package itself: a dependency of it that is missing is another problem, reported as is.
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && errorMessage(error).includes(`'${name}'`)) {
      throw new MissingDependencyError([name], user, { cause: error });
    }
    throw error;
  }
}
