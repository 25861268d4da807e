/**
 * `softphone.config.ts`: one typed, validated description of a softphone — its provider, how it
 * pops records and logs calls, and how it is packaged for Salesforce. {@link defineConfig} checks
 * everything when the file is loaded, so a mistake fails the build (with the dotted field that is
 * wrong) instead of surfacing in an agent's console after deployment.
 */
import { ConfigError, validatePopRules, validatePresenceMapping, type PopRule, type PresenceMapping, type PresenceMappingInput, type ProviderConfig, type Region } from '../core/index.js';
import { agentIdentityOptions, type AgentIdentityConfig, type AgentIdentityOptions } from './agent-identity.js';
import { dialPolicyConfig, type DialPolicyConfig, type DialPolicyInput } from './dial-policy-config.js';
import { isPhoneRegion } from './phone-metadata.js';

/** No record matches the caller: the softphone layout's choice, a new-record form, or nothing. */
export type NoMatchAction = 'layout' | 'new-record' | 'nothing';
/** Several records match: the softphone layout's choice (a search page), the first by `objects` order, or nothing. */
export type ManyMatchesAction = 'layout' | 'first' | 'nothing';

/** Screen-pop rules. */
export interface ScreenPopOptions {
  /** When to pop an inbound caller's record (default `ringing`). */
  readonly when?: 'ringing' | 'answer';
  /**
   * Objects whose matches count, in order of preference; matches of other objects are ignored.
   * Default: every object the org's Softphone Layout searches (the layout decides what is searched).
   */
  readonly objects?: readonly string[];
  /** No record matches (default `layout`). */
  readonly onNoMatch?: NoMatchAction;
  /** The object `new-record` opens (default the first of `objects`, else Contact). */
  readonly newRecordObject?: string;
  /** Several records match (default `layout`). */
  readonly onManyMatches?: ManyMatchesAction;
  /** IVR data key → field API name, prefilled on a new record, e.g. `{ accountNumber: 'AccountNumber' }`. */
  readonly ivrFields?: Readonly<Record<string, string>>;
  /**
   * Rules tried in order before the phone-number search (which stays the default): matched on
   * direction, queue, dialled number and call data; each searches a call-data value in chosen
   * fields, pops a record by id, a Flow, a URL or a prefilled new record. The first that finds
   * something wins. See {@link PopRule}.
   */
  readonly rules?: readonly PopRule[];
}

/** Call-log rules. */
export interface LoggingOptions {
  /**
   * Task subject. Placeholders: `{direction}` (Inbound/Outbound), `{outcome}`, `{name}`, `{number}`.
   * Default: the connector's own subjects ("Inbound call from Jane Doe (+1 415 555 0142)").
   */
  readonly subject?: string;
  /** Wrap-up dispositions offered to the agent (the Task's CallDisposition picklist). */
  readonly dispositions?: readonly string[];
  /** Objects that may become the Task's WhoId (default Contact, Lead). */
  readonly whoObjects?: readonly string[];
  /** Objects that may become the Task's WhatId (default: any object other than the who objects, Task, Event and User). */
  readonly whatObjects?: readonly string[];
  /**
   * Task field (API name, e.g. `Recording_URL__c`) that gets the call recording's location, where
   * the phone system records. Default: a `Recording: <location>` line in the Task's Description.
   */
  readonly recordingField?: string;
}

/** The call centre and softphone panel in Salesforce. */
export interface CallCenterOptions {
  /** Internal (API) name: letters, digits and single underscores, starting with a letter (default `SoftphoneConnector`). */
  readonly name?: string;
  /** Name shown in Setup (default "Softphone Connector"). */
  readonly displayName?: string;
  /** Softphone panel width in pixels, 200 to 1000 (default 300). */
  readonly width?: number;
  /** Softphone panel height in pixels, 200 to 1000 (default 460). */
  readonly height?: number;
}

/** Salesforce packaging options. */
export interface SalesforceOptions {
  /** Salesforce API version, e.g. `64.0` (default {@link DEFAULT_API_VERSION}): Open CTI script, metadata and sfdx-project. */
  readonly apiVersion?: string;
  /** Extra origins to allow as CSP Trusted Sites (connect-src), beyond what the provider needs. */
  readonly trustedSites?: readonly string[];
  /** Origins allowed to call the org's APIs (CORS allowed origins), e.g. a token service. */
  readonly corsOrigins?: readonly string[];
}

/**
 * Omni-Channel presence sync (Open CTI host: `build` adds a message channel and a utility component
 * that relays Omni; Salesforce Voice host: the connector's `setAgentStatus`). The mapping pairs Omni
 * status API names with the provider's presence, both ways.
 */
export interface OmniOptions extends PresenceMappingInput {
  /** The Lightning message channel's API name without `__c` (default `SoftphoneOmniSync`). */
  readonly channel?: string;
}

/** What a user writes in `softphone.config.ts`. */
export interface SoftphoneConfigInput<P extends ProviderConfig = ProviderConfig> {
  /** The phone system, from a provider factory: `simulator()`, `sip({...})`, … */
  readonly provider: P;
  /** Region for numbers dialled or received without a country code, e.g. `US`, `GB` (default `US`). */
  readonly defaultRegion?: string;
  /**
   * Countries whose national numbers the softphone understands, e.g. `['GB', 'IE']` (default: just
   * `defaultRegion`, which is always included). The page carries their numbering plans (a few KB
   * each); numbers of other countries are still matched when written in international form (`+…`).
   */
  readonly phoneRegions?: readonly string[];
  readonly screenPop?: ScreenPopOptions;
  readonly logging?: LoggingOptions;
  readonly callCenter?: CallCenterOptions;
  readonly salesforce?: SalesforceOptions;
  /** Omni-Channel presence sync; absent, none (Open CTI does not sync with Omni-Channel by itself). */
  readonly omni?: OmniOptions;
  /** How the softphone proves its agent to the vendor's server (docs/security.md); absent, it does not. */
  readonly agentIdentity?: AgentIdentityOptions;
  /** Outbound destinations the server lets agents call, and how often (toll-fraud limits; docs/security.md). */
  readonly dialPolicy?: DialPolicyInput;
}

/** A validated configuration with every default filled in. */
export interface SoftphoneConfig<P extends ProviderConfig = ProviderConfig> {
  readonly provider: P;
  readonly defaultRegion: Region;
  /** `defaultRegion` first, then the other configured regions, without repeats. */
  readonly phoneRegions: readonly Region[];
  readonly screenPop: Required<Omit<ScreenPopOptions, 'ivrFields' | 'objects' | 'rules'>> & { readonly objects?: readonly string[]; readonly ivrFields: Readonly<Record<string, string>>; readonly rules?: readonly PopRule[] };
  readonly logging: Required<Omit<LoggingOptions, 'subject' | 'whatObjects' | 'recordingField'>> & { readonly subject?: string; readonly whatObjects?: readonly string[]; readonly recordingField?: string };
  readonly callCenter: Required<CallCenterOptions>;
  readonly salesforce: Required<SalesforceOptions>;
  readonly omni?: PresenceMapping & { readonly channel: string };
  readonly agentIdentity?: AgentIdentityConfig;
  readonly dialPolicy: DialPolicyConfig;
}

/**
 * The Salesforce API version that `init`, `build`, the local console and its Open CTI script use
 * unless `salesforce.apiVersion` says otherwise: the current release's, Winter '27 (68.0). Every
 * default in this package reads it; the Apex class metadata in `src/salesforce/apex` is kept equal
 * to it by a unit test.
 */
export const DEFAULT_API_VERSION = '68.0';
/** Default wrap-up dispositions (the softphone UI's own defaults). */
export const DEFAULT_DISPOSITIONS: readonly string[] = ['Resolved', 'Follow-up required', 'Left voicemail', 'Wrong number', 'Not interested'];

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const SUBJECT_PLACEHOLDERS = new Set(['direction', 'outcome', 'name', 'number']);

type Raw = Readonly<Record<string, unknown>>;

function record(value: unknown, field: string, optional = true): Raw {
  if (value === undefined && optional) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, 'an object', value);
  return value as Raw;
}

function only(value: Raw, field: string, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new ConfigError(`${field ? `${field}.` : ''}${key}`, `one of the known options (${keys.join(', ')})`, 'an unknown option');
  }
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new ConfigError(field, allowed.map((item) => `"${item}"`).join(' or '), value);
  return value as T;
}

function apiName(value: unknown, field: string, fallback: string, max = 40): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length > max || !API_NAME.test(value) || value.endsWith('_')) {
    throw new ConfigError(field, `an API name: a letter, then letters, digits or single underscores, at most ${max} characters`, value);
  }
  return value;
}

/** A field's API name, standard (`Description`) or custom (`Recording_URL__c`). */
function fieldName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 80 || !/^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:__c)?$/.test(value)) {
    throw new ConfigError(field, 'a field API name such as Recording_URL__c', value);
  }
  return value;
}

function objectNames(value: unknown, field: string, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(field, 'a non-empty list of object API names', value);
  value.forEach((item, index) => apiName(item, `${field}[${index}]`, '', 80));
  return [...(value as string[])];
}

function text(value: unknown, field: string, fallback: string, max: number): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) throw new ConfigError(field, `text of 1 to ${max} characters`, value);
  return value;
}

function pixels(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 200 || value > 1000) throw new ConfigError(field, 'a whole number of pixels from 200 to 1000', value);
  return value;
}

/** An origin such as `wss://pbx.example.com` or `https://token.example.com:8443`, nothing after it. */
function origins(value: unknown, field: string, schemes: readonly string[]): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(field, 'a list of origins', value);
  return value.map((item, index) => {
    const at = `${field}[${index}]`;
    const expected = `an origin such as ${schemes[0]}://host.example.com (schemes: ${schemes.join(', ')}; no path)`;
    if (typeof item !== 'string') throw new ConfigError(at, expected, item);
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new ConfigError(at, expected, item);
    }
    if (!schemes.includes(url.protocol.slice(0, -1)) || url.pathname.replace(/\/$/, '') !== '' || url.search || url.hash || url.username) throw new ConfigError(at, expected, item);
    return `${url.protocol}//${url.host}`;
  });
}

function phoneRegions(value: unknown, defaultRegion: Region): readonly Region[] {
  if (value === undefined) return [defaultRegion];
  if (!Array.isArray(value)) throw new ConfigError('phoneRegions', 'a list of two-letter country codes such as ["US", "CA"]', value);
  const regions = value.map((item: unknown, index) => {
    if (typeof item !== 'string' || !isPhoneRegion(item)) throw new ConfigError(`phoneRegions[${index}]`, 'a two-letter country code such as US or GB', item);
    return item;
  });
  return [...new Set([defaultRegion, ...regions])];
}

function providerConfig(value: unknown): ProviderConfig {
  const provider = record(value, 'provider', false);
  if (typeof provider.kind !== 'string' || !/^[a-z][a-z0-9-]*$/.test(provider.kind)) {
    throw new ConfigError('provider', 'a provider from a factory such as simulator() or sip({...})', value);
  }
  if (!Array.isArray(provider.connectSources) || provider.connectSources.some((source) => typeof source !== 'string')) {
    throw new ConfigError('provider.connectSources', 'a list of origins (use the provider factory rather than writing the object by hand)', provider.connectSources);
  }
  try {
    JSON.stringify(provider.options);
  } catch {
    throw new ConfigError(`provider.${provider.kind}`, 'JSON-serialisable options', provider.options);
  }
  return provider as unknown as ProviderConfig;
}

function screenPopOptions(value: unknown): SoftphoneConfig['screenPop'] {
  const input = record(value, 'screenPop');
  only(input, 'screenPop', ['when', 'objects', 'onNoMatch', 'newRecordObject', 'onManyMatches', 'ivrFields', 'rules']);
  const rules = validatePopRules(input.rules, 'screenPop.rules');
  const objects = input.objects === undefined ? undefined : objectNames(input.objects, 'screenPop.objects', []);
  const ivrInput = record(input.ivrFields, 'screenPop.ivrFields');
  const ivrFields: Record<string, string> = {};
  for (const [key, field] of Object.entries(ivrInput)) {
    if (!/^[\w.-]{1,64}$/.test(key)) throw new ConfigError(`screenPop.ivrFields.${key}`, 'an IVR data key of letters, digits, ".", "_" or "-"', key);
    ivrFields[key] = apiName(field, `screenPop.ivrFields.${key}`, '', 80);
  }
  return {
    when: oneOf(input.when, 'screenPop.when', ['ringing', 'answer'], 'ringing'),
    ...(objects ? { objects } : {}),
    onNoMatch: oneOf(input.onNoMatch, 'screenPop.onNoMatch', ['layout', 'new-record', 'nothing'], 'layout'),
    newRecordObject: apiName(input.newRecordObject, 'screenPop.newRecordObject', objects?.[0] ?? 'Contact', 80),
    onManyMatches: oneOf(input.onManyMatches, 'screenPop.onManyMatches', ['layout', 'first', 'nothing'], 'layout'),
    ivrFields,
    ...(rules.length > 0 ? { rules } : {}),
  };
}

function loggingOptions(value: unknown): SoftphoneConfig['logging'] {
  const input = record(value, 'logging');
  only(input, 'logging', ['subject', 'dispositions', 'whoObjects', 'whatObjects', 'recordingField']);
  let subject: string | undefined;
  if (input.subject !== undefined) {
    subject = text(input.subject, 'logging.subject', '', 255);
    for (const [, name] of subject.matchAll(/\{(\w*)\}/g)) {
      if (!SUBJECT_PLACEHOLDERS.has(name ?? '')) throw new ConfigError('logging.subject', `a template using only {${[...SUBJECT_PLACEHOLDERS].join('}, {')}}`, `{${name}}`);
    }
  }
  let dispositions = DEFAULT_DISPOSITIONS;
  if (input.dispositions !== undefined) {
    if (!Array.isArray(input.dispositions) || input.dispositions.length === 0) throw new ConfigError('logging.dispositions', 'a non-empty list of picklist values', input.dispositions);
    const seen = new Set<string>();
    dispositions = input.dispositions.map((item: unknown, index) => {
      const value = text(item, `logging.dispositions[${index}]`, '', 255);
      if (seen.has(value)) throw new ConfigError(`logging.dispositions[${index}]`, 'a value not already in the list', value);
      seen.add(value);
      return value;
    });
  }
  return {
    ...(subject === undefined ? {} : { subject }),
    dispositions,
    whoObjects: objectNames(input.whoObjects, 'logging.whoObjects', ['Contact', 'Lead']),
    ...(input.whatObjects === undefined ? {} : { whatObjects: objectNames(input.whatObjects, 'logging.whatObjects', []) }),
    ...(input.recordingField === undefined ? {} : { recordingField: fieldName(input.recordingField, 'logging.recordingField') }),
  };
}

/**
 * Validates a configuration and fills in defaults. Throws a {@link ConfigError} naming the dotted
 * field that is wrong (`screenPop.objects[1]`, `callCenter.width`, …).
 */
export function defineConfig<P extends ProviderConfig>(input: SoftphoneConfigInput<P>): SoftphoneConfig<P> {
  const root = record(input, 'config', false);
  only(root, '', ['provider', 'defaultRegion', 'phoneRegions', 'screenPop', 'logging', 'callCenter', 'salesforce', 'omni', 'agentIdentity', 'dialPolicy']);
  const agentIdentity = agentIdentityOptions(root.agentIdentity);
  const provider = providerConfig(root.provider) as P;
  const region = root.defaultRegion === undefined ? 'US' : root.defaultRegion;
  if (typeof region !== 'string' || !isPhoneRegion(region)) throw new ConfigError('defaultRegion', 'a two-letter country code such as US or GB', root.defaultRegion);
  const callCenter = record(root.callCenter, 'callCenter');
  only(callCenter, 'callCenter', ['name', 'displayName', 'width', 'height']);
  const salesforce = record(root.salesforce, 'salesforce');
  only(salesforce, 'salesforce', ['apiVersion', 'trustedSites', 'corsOrigins']);
  const apiVersion = salesforce.apiVersion === undefined ? DEFAULT_API_VERSION : salesforce.apiVersion;
  if (typeof apiVersion !== 'string' || !/^\d{2,3}\.0$/.test(apiVersion) || Number(apiVersion) < 48) {
    throw new ConfigError('salesforce.apiVersion', `a Salesforce API version from 48.0 on, written like "${DEFAULT_API_VERSION}"`, salesforce.apiVersion);
  }
  const regions = phoneRegions(root.phoneRegions, region);
  let omni: SoftphoneConfig['omni'];
  if (root.omni !== undefined) {
    const { channel, ...mapping } = record(root.omni, 'omni', false);
    omni = { channel: apiName(channel, 'omni.channel', 'SoftphoneOmniSync'), ...validatePresenceMapping(mapping, 'omni') };
  }
  return {
    provider,
    defaultRegion: region,
    phoneRegions: regions,
    screenPop: screenPopOptions(root.screenPop),
    logging: loggingOptions(root.logging),
    callCenter: {
      name: apiName(callCenter.name, 'callCenter.name', 'SoftphoneConnector'),
      displayName: text(callCenter.displayName, 'callCenter.displayName', 'Softphone Connector', 80),
      width: pixels(callCenter.width, 'callCenter.width', 300),
      height: pixels(callCenter.height, 'callCenter.height', 460),
    },
    salesforce: {
      apiVersion,
      trustedSites: origins(salesforce.trustedSites, 'salesforce.trustedSites', ['wss', 'https']),
      corsOrigins: origins(salesforce.corsOrigins, 'salesforce.corsOrigins', ['https', 'http']),
    },
    ...(omni ? { omni } : {}),
    ...(agentIdentity ? { agentIdentity } : {}),
    dialPolicy: dialPolicyConfig(root.dialPolicy, regions),
  };
}
