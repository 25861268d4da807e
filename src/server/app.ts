import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join, resolve } from 'node:path';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { SoftphonePageConfig } from '../app/start.js';
import { toPackage } from '../cli/build-project.js';
import { DEFAULT_API_VERSION, defineConfig } from '../config/define-config.js';
import type { DialPolicyConfig, DialPolicyInput } from '../config/dial-policy-config.js';
import { packageRoot } from '../config/load-config.js';
import { phoneMetadataFor } from '../config/phone-metadata.js';
import { ConfigError, type ProviderConfig, type Region } from '../core/index.js';
import { simulator as simulatorProvider } from '../providers/simulator/index.js';
import { RecordStore, seedRecords } from '../console/store/index.js';
import { callCenterSettings, type SoftphonePackage } from '../salesforce/packaging/index.js';
import { AuthError } from './auth/errors.js';
import { agentAuthRoutes, createServerAuth, type ServerAuthConfig } from './auth/server-auth.js';
import { FaultInjector, NO_FAULTS, type FaultSettings, type SoftphoneTuning } from './faults.js';
import { providerForConsoleUser } from './console-user.js';
import { consolePage, labPhonePage, softphonePage } from './pages.js';
import { DialPolicy } from './security/dial-policy.js';
import { hardenServer, isLoopbackHost, type HardeningOptions } from './security/hardening.js';
import { redactingLoggerOptions, type ServerLogOptions } from './security/log-redaction.js';
import { PACKAGE_SOFTPHONE_PATH, packagePreviewRoutes, type PackagePreview } from './package-preview.js';
import { labRecordingRoutes } from './lab-recordings.js';
import { adminRoutes } from './routes/admin.js';
import { recordRoutes } from './routes/records.js';
import { setupRoutes, softphoneLayoutOf } from './routes/setup.js';
import { simulatorRoutes } from './routes/simulator.js';
import { sendStaticFile, staticFiles } from './static-files.js';
import { TWILIO_ROUTES_NEED, twilioRoutes, type TwilioRoutesOptions } from './routes/twilio.js';
import { CallControlError } from './twilio/errors.js';
import { twilioStandInConsoleRoutes, type TwilioStandInConsole } from './twilio/dev-routes.js';
import { loadTwilioLibrary } from './twilio/client.js';
import { contactCentreRoutes } from './twilio/routes.js';
import { twilioSignatureCheck } from './twilio/signature.js';
import type { ContactCentreServerOptions } from './twilio/settings.js';
import { TelephonySimulator, type TelephonySimulatorOptions } from './telephony-simulator.js';
import { voiceConsoleRoutes } from './voice/voice-console.js';

/** Options of the local console server. */
export interface ConsoleServerOptions {
  /** Defaults to 3000. */
  readonly port?: number;
  /** Defaults to 127.0.0.1: the console is for this machine only. */
  readonly host?: string;
  /** Folder of the record database; created if missing. Defaults to `./data`. */
  readonly dataDir?: string;
  /** `:memory:` keeps records in memory only (tests). */
  readonly inMemory?: boolean;
  /** Seed sample records when the store is empty (default true). */
  readonly seed?: boolean;
  /** Region for numbers without a country code (default US). */
  readonly defaultRegion?: Region;
  /** Regions whose national numbers the softphone understands (default: `defaultRegion`, always included). */
  readonly phoneRegions?: readonly Region[];
  /** Open CTI API version the softphone page loads (default `DEFAULT_API_VERSION` of the config). */
  readonly apiVersion?: string;
  /** When the softphone pops the caller. */
  readonly popOn?: 'ringing' | 'answer';
  /** The SIP lab: serve the lab phone (a caller user agent) and show it in the console instead of the simulator. */
  readonly lab?: { readonly server: string; readonly domain: string; readonly agent: string; readonly recordingDir?: string };
  /** The softphone's provider (default: the built-in telephony simulator). */
  readonly provider?: ProviderConfig;
  readonly simulator?: TelephonySimulatorOptions;
  /** Folder with the built browser bundles (console.js, softphone-<provider>.js, opencti_min.js). */
  readonly publicDir?: string;
  /** More of the softphone page's configuration (dispositions, screen-pop and call-log rules). */
  readonly pageConfig?: Partial<Omit<SoftphonePageConfig, 'provider' | 'popOn' | 'defaultRegion' | 'phoneMetadata'>>;
  /**
   * The package whose call centre `getCallCenterSettings` answers (what `build` writes for the config);
   * default: the call centre of a config with this server's provider, region and pop moment.
   */
  readonly callCenter?: SoftphonePackage;
  /** A built package: the console then frames its softphone page, served from its static resource under a strict CSP. */
  readonly packagePreview?: PackagePreview;
  /** Twilio token endpoint and voice webhook (for the `twilio` provider); off when absent. */
  readonly twilio?: Omit<TwilioRoutesOptions, 'authenticate'>;
  /** The Twilio contact centre's call-control, TaskRouter and callback routes (`/api/twilio/cc/…`); off when absent. */
  readonly twilioContactCentre?: ContactCentreServerOptions;
  /**
   * The local Twilio stand-in (`dev --provider twilio` without an account): the softphone page then
   * loads the local Twilio bundle (the SDKs' browser stand-ins) and the console can place customer
   * calls. Absent with a real Twilio account: nothing of the stand-in is served.
   */
  readonly twilioStandIn?: TwilioStandInConsole;
  /**
   * How agents prove who they are (docs/security.md). Default: the local console plays the org,
   * signing assertions as its signed-in user (`/?user=<alias>`) with a key kept in the data folder.
   */
  readonly auth?: ServerAuthConfig;
  /** Log requests (to stdout, or as configured); secrets and tokens never appear in a line. */
  readonly logger?: boolean | ServerLogOptions;
  /** Security headers, CORS origins, rate and body limits (docs/security.md, "Hardening"). */
  readonly hardening?: HardeningOptions;
  /** Outbound destinations and per-agent rate (default: the phone regions, costly ranges blocked). */
  readonly dialPolicy?: DialPolicyInput | DialPolicyConfig;
  /** Serve HTTPS with this PEM key and certificate (the Salesforce Voice console needs an https Salesforce-like origin). */
  readonly https?: { readonly key: string; readonly cert: string };
  /** Faults to inject from the start (default none; tests switch them through `/api/admin/faults`). */
  readonly faults?: FaultSettings;
  /** Softphone tuning passed in its page configuration (call-log retry back-off, Open CTI timeout). */
  readonly softphone?: SoftphoneTuning;
  /**
   * A second port of this server that the console frames its softphone from (same site, other
   * origin, like Lightning and Visualforce). {@link startConsoleServer} opens one; absent, the
   * console frames the softphone through the other loopback name (another site).
   */
  readonly softphonePort?: number;
  /**
   * Serve every response cross-origin isolated (COOP `same-origin`, COEP `require-corp`, CORP
   * `cross-origin`). Pages then get 5 µs timers instead of 100 µs: sub-millisecond stages in the
   * softphone's Timing panel and in the benchmarks become exact. Not for providers that frame a page
   * from elsewhere (Amazon Connect's CCP), which isolation blocks.
   */
  readonly crossOriginIsolated?: boolean;
}

/** A running console server. */
export interface ConsoleServer {
  readonly app: FastifyInstance;
  readonly store: RecordStore;
  readonly simulator: TelephonySimulator;
  /** Fault injection switches. */
  readonly faults: FaultInjector;
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  close(): Promise<void>;
}

const CSP_COMMON = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
];

/** The softphone page's agent authentication: the assertion from the org through Open CTI, exchanged here. */
const AGENT_AUTH_PAGE = { sessionUrl: '/api/auth/session', apexClass: 'SoftphoneAgentAssertion', methodName: 'issue' } as const;

/** Whether a simulator call is the agent's: `undefined` when the simulator has no such call. */
function simulatorCallOf(simulator: TelephonySimulator, identity: { readonly simulatorAgent?: string }, callId: string): boolean | undefined {
  const owner = simulator.ownerOf(callId);
  return owner === undefined ? undefined : owner === identity.simulatorAgent;
}

/** Builds the server (not yet listening): console, softphone page, Open CTI emulation, REST and simulator. */
export async function buildConsoleServer(options: ConsoleServerOptions = {}): Promise<Omit<ConsoleServer, 'url'>> {
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const provider = options.provider ?? simulatorProvider();
  if (options.crossOriginIsolated && provider.frameSources?.length) {
    throw new ConfigError('crossOriginIsolated', `off for the ${provider.kind} provider: it frames ${provider.frameSources.join(', ')}, which cross-origin isolation blocks`, true);
  }
  const region = options.defaultRegion ?? 'US';
  // The page gets the numbering plans of its regions only; the record store searches with every country's.
  const phoneMetadata = phoneMetadataFor([region, ...(options.phoneRegions ?? [])]);
  let file = ':memory:';
  if (!options.inMemory) {
    const dataDir = resolve(options.dataDir ?? 'data');
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'console.sqlite');
  }
  const store = new RecordStore({ file, region });
  // Key generation (first start) runs in the thread pool while the rest is set up.
  const authReady = createServerAuth(options.auth ?? { kind: 'local-console' }, options.inMemory ? undefined : resolve(options.dataDir ?? 'data'));
  authReady.catch(() => undefined);
  if ((options.seed ?? true) && store.isEmpty()) seedRecords(store);
  // The call centre the console's Open CTI reports, from the generator that writes the built one.
  const callCenter = options.packagePreview?.pkg ?? options.callCenter ?? toPackage(defineConfig({ provider, defaultRegion: region, phoneRegions: options.phoneRegions, screenPop: { when: options.popOn ?? 'ringing' } }));
  const simulator = new TelephonySimulator(options.simulator);
  const faults = new FaultInjector(options.faults ?? NO_FAULTS);

  const logSettings = options.logger === true ? {} : options.logger || undefined;
  const logger = logSettings ? redactingLoggerOptions({ ...logSettings, secrets: [...(logSettings.secrets ?? []), ...(options.twilio ? [options.twilio.settings.apiKeySecret, options.twilio.settings.authToken] : [])] }) : false;
  // Fastify types HTTPS instances separately; the routes are the same, so one type serves both.
  const app = (options.https
    ? Fastify({ logger, bodyLimit: 256 * 1024, https: { ...options.https } })
    : Fastify({ logger, bodyLimit: 256 * 1024 })) as unknown as FastifyInstance;
  // The verified agent on each request that carries a session, before the rate limits count it:
  // limits are per agent, not per address. A request whose credentials fail stays anonymous here;
  // its route refuses it with 401 or 403.
  app.addHook('onRequest', async (request) => {
    if (!request.headers.authorization && !request.headers['sec-websocket-protocol']) return;
    const identity = await (await authReady).authenticate(request).catch(() => undefined);
    if (identity) Object.assign(request, { agent: { id: identity.userId } });
  });
  const twilioSettings = options.twilio?.settings ?? options.twilioContactCentre?.settings;
  const signedByTwilio = twilioSettings ? twilioSignatureCheck(await loadTwilioLibrary(options.twilio ? TWILIO_ROUTES_NEED : undefined), twilioSettings) : undefined;
  await hardenServer(app, { local: isLoopbackHost(options.host ?? '127.0.0.1'), ...(signedByTwilio ? { signedByTelephony: signedByTwilio } : {}), ...options.hardening });
  if (options.crossOriginIsolated) {
    // CORP `cross-origin`: with `same-site`, Chromium refuses the softphone frame from the second port.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.header('cross-origin-opener-policy', 'same-origin').header('cross-origin-embedder-policy', 'require-corp').header('cross-origin-resource-policy', 'cross-origin');
      done();
    });
  }
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // This package's dist/public, wherever this module runs from (dist/cli.js, dist/lib/…, src/ under tsx).
  const publicDir = options.publicDir ?? join(packageRoot(), 'dist/public');
  // The local Twilio softphone (the SDKs' stand-ins) exists only while the stand-in runs.
  const standIn = options.twilioStandIn;
  for (const file of ['softphone-twilio-local.js', 'softphone-twilio-local.js.map']) {
    app.get(`/assets/${file}`, (request, reply) => (standIn ? sendStaticFile(request, reply, publicDir, file) : reply.callNotFound()));
  }
  staticFiles(app, { root: publicDir, prefix: '/assets/' });

  const loopbacks = 'http://127.0.0.1:* http://localhost:*';
  // The console and its softphone frame: the loopback names, and the name the page was asked for, on any of this server's ports.
  const framing = (request: FastifyRequest): string => `${loopbacks} ${request.protocol}://${request.hostname}:*`;
  // Pages framed by the console that hold a phone: their own connections, the microphone, remote audio.
  const phonePageCsp = (request: FastifyRequest, connectSources: readonly string[], frameSources: readonly string[] = []): string =>
    [
      ...CSP_COMMON.filter((rule) => !rule.startsWith('connect-src')),
      ["connect-src 'self'", ...connectSources].join(' '),
      ...(frameSources.length ? [["frame-src 'self'", ...frameSources].join(' ')] : []),
      "media-src 'self' blob:",
      `frame-ancestors 'self' ${framing(request)}`,
    ].join('; ');
  app.get('/', (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', [...CSP_COMMON, `frame-src 'self' ${framing(request)}`].join('; '))
      .send(consolePage({ apiVersion, softphonePath: options.packagePreview ? PACKAGE_SOFTPHONE_PATH : '/softphone/', callCenterSettings: callCenterSettings(callCenter), softphoneLayout: softphoneLayoutOf(store), ...(callCenter.omni ? { omni: callCenter.omni } : {}), ...(options.softphonePort ? { softphonePort: options.softphonePort } : {}), ...(options.lab ? { labPhonePath: '/lab/phone/', labAgent: options.lab.agent } : {}) })),
  );
  const lab = options.lab;
  if (lab) {
    app.get('/lab/phone/', (request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', phonePageCsp(request, [new URL(lab.server).origin]))
        .header('permissions-policy', 'microphone=(self)')
        .send(labPhonePage(lab)),
    );
    if (lab.recordingDir) labRecordingRoutes(app, lab.recordingDir);
  }
  app.get<{ Querystring: { user?: string } }>('/softphone/', (request, reply) => {
    // `?user=`: the console user whose agent the simulator connects as (src/server/console-user.ts).
    // An unknown user gets the page as it is: the console's org does not sign them in, so the
    // softphone says so instead of starting (the session, not this page, names the agent).
    let pageProvider: ProviderConfig = provider;
    try {
      pageProvider = providerForConsoleUser(provider, request.query.user);
    } catch {
      pageProvider = provider;
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', phonePageCsp(request, [...provider.connectSources, ...(standIn && provider.kind === 'twilio' ? [standIn.url] : [])], provider.frameSources))
      .header('permissions-policy', 'microphone=(self)')
      .send(softphonePage(apiVersion, { provider: pageProvider, popOn: options.popOn ?? 'ringing', defaultRegion: region, phoneMetadata, callLogLookup: true, agentAuth: AGENT_AUTH_PAGE, ...options.softphone, ...options.pageConfig, ...(standIn && provider.kind === 'twilio' ? { twilioStandIn: { url: standIn.url } } : {}) }, standIn && provider.kind === 'twilio' ? 'twilio-local' : undefined));
  });
  if (options.packagePreview) await packagePreviewRoutes(app, options.packagePreview, loopbacks);
  app.get<{ Params: { version: string } }>('/support/api/:version/lightning/opencti_min.js', (request, reply) => {
    if (!/^\d{2,3}\.0$/.test(request.params.version)) {
      return reply.code(404).send({ message: `Open CTI API version must look like ${DEFAULT_API_VERSION}, got ${request.params.version}.` });
    }
    return sendStaticFile(request, reply, publicDir, 'opencti_min.js');
  });
  app.get('/api/health', () => ({ ok: true }));
  recordRoutes(app, store, faults);
  setupRoutes(app, store);
  const auth = await authReady;
  agentAuthRoutes(app, auth);
  simulatorRoutes(app, simulator, faults, { authenticate: auth.authenticate, anonymous: auth.anonymousSimulatorAgents });
  adminRoutes(app, faults);
  const dialPolicy = new DialPolicy({ policy: options.dialPolicy ?? {}, defaultCountries: [region, ...(options.phoneRegions ?? [])] });
  if (standIn) twilioStandInConsoleRoutes(app, standIn);
  if (options.twilio) await twilioRoutes(app, { dialPolicy, ...options.twilio, authenticate: auth.authenticate });
  if (options.twilioContactCentre) {
    // The contact centre's routes act as the session's agent, with the directory's Twilio names.
    await contactCentreRoutes(app, {
      // Consults, conferences and transfers to numbers go through the same toll-fraud policy as the
      // softphone's own outbound calls, counted against the same agent.
      dialPolicy: async ({ agent, to }) => {
        const verdict = await dialPolicy.authorize({ to, agent: agent.twilioIdentity });
        if (!verdict.allowed) throw new CallControlError('forbidden', verdict.reason);
        return verdict.number;
      },
      ...options.twilioContactCentre,
      authenticate: async (request) => {
        const identity = await auth.authenticate(request);
        if (!identity.twilioIdentity) throw new AuthError('no-telephony-identity', `the agent directory gives Salesforce user ${identity.userId} no Twilio identity (twilioIdentity).`);
        return { agentId: identity.userId, twilioIdentity: identity.twilioIdentity, ...(identity.taskRouterWorkerSid ? { workerSid: identity.taskRouterWorkerSid } : {}), role: identity.role };
      },
    });
  }
  await voiceConsoleRoutes(app, {
    provider,
    auth: { authenticate: auth.authenticate, isAgentsCall: (identity, key) => simulatorCallOf(simulator, identity, key) },
    ...(auth.localOrg ? { connectorAuth: { sessionUrl: '/api/auth/session', assertionUrl: '/api/console/apex/SoftphoneAgentAssertion/issue' } } : {}),
  });
  app.addHook('onClose', () => {
    simulator.close();
    store.close();
  });
  return { app, store, simulator, faults, close: () => app.close() };
}

/**
 * Builds the server and starts listening: on `port` for the console, and on a second, free port
 * that serves the same routes for the softphone frame.
 */
export async function startConsoleServer(options: ConsoleServerOptions = {}): Promise<ConsoleServer> {
  const host = options.host ?? '127.0.0.1';
  const second = options.https ? createHttpsServer({ ...options.https }) : createHttpServer();
  await new Promise<void>((resolve, reject) => {
    second.once('error', reject);
    second.listen(options.softphonePort ?? 0, host, () => resolve());
  });
  const secondAddress = second.address();
  const softphonePort = typeof secondAddress === 'object' && secondAddress ? secondAddress.port : undefined;
  let server: Omit<ConsoleServer, 'url'>;
  try {
    server = await buildConsoleServer({ ...options, softphonePort });
    await server.app.listen({ port: options.port ?? 3000, host });
  } catch (error) {
    second.close();
    throw error;
  }
  // The second port hands its requests and WebSocket upgrades to the same routes.
  second.on('request', (request, response) => server.app.server.emit('request', request, response));
  second.on('upgrade', (request, socket, head) => server.app.server.emit('upgrade', request, socket, head));
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 3000;
  const close = async (): Promise<void> => {
    second.closeAllConnections();
    await Promise.all([new Promise<void>((resolve) => second.close(() => resolve())), server.close()]);
  };
  return { ...server, close, url: `${options.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
