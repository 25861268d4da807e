import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPhoneRegion } from '../config/phone-metadata.js';
import { errorMessage, type Region } from '../core/index.js';
import { startKamailio } from '../lab/kamailio.js';
import { UsageError } from './usage-error.js';
import { labRecording, startLabGateway, type LabGatewayFlags } from './lab-gateway.js';
import { connect } from '../providers/connect/index.js';
// The factory only: the provider and SIP.js stay out of the CLI (the lab's softphone is a prebuilt page).
import { sip } from '../providers/sip/config.js';
import { twilio } from '../providers/twilio/index.js';
import { devTwilioOptionsFromEnv, devTwilioServerOptions, startDevTwilio } from '../server/twilio/dev-stand-in.js';
import { faultsFromEnv, hardeningFromEnv, softphoneTuningFromEnv, startConsoleServer, twilioSettingsFromEnv, type ConsoleServerOptions } from '../server/index.js';
import { devOptionsFromConfig, reportConfigError, runBuild, runInit } from './commands.js';
import { createTelephonyCredentials } from '../server/voice/index.js';

const USAGE = `Usage: softphone-connector <command> [options]

Commands:
  dev           Start the local Salesforce console with the softphone on the telephony simulator
  init [dir]    Scaffold softphone.config.ts and a Salesforce DX project (default: this folder)
  build         Build the Salesforce DX project (static resource, Visualforce page, call centre, …)
  lab           Start the SIP lab: rtpengine and Kamailio on 127.0.0.1 plus the console with the SIP softphone

Options (dev):
  --port <n>       Port to listen on (default: $PORT or 3000)
  --host <addr>    Address to listen on (default: 127.0.0.1)
  --data <dir>     Folder for the console's records (default: ./data)
  --region <cc>    Region for numbers without a country code (default: US)
  --pop-on <when>  Pop the caller's record on "ringing" (default) or "answer"
  --config <file>  Use this config (default: ./softphone.config.ts when present)
  --package <dir>  Serve the softphone from the static resource built in <dir>, under a strict CSP
  --voice          Serve HTTPS for the Salesforce Voice console at https://local.lightning.force.com:<port>/voice/
                   (map local.lightning.force.com to 127.0.0.1 and accept the generated certificate)
  --provider <p>   Without a config: simulator (default); twilio (settings from TWILIO_* variables);
                   connect (CONNECT_CCP_URL and CONNECT_REGION)
  --cross-origin-isolated
                   Serve the pages cross-origin isolated: 5 µs timers instead of 100 µs, for exact
                   sub-millisecond stages in the softphone's Timing panel (not with connect)

Options (lab): --port, --data, --region, --pop-on, --voice and --cross-origin-isolated as for dev, plus
  --sip-port <n>   Kamailio's SIP over UDP port (default: 5060)
  --ws-port <n>    Kamailio's SIP over WebSocket port (default: 8088)
  --agent <user>   SIP user of the softphone (default: agent1)
  --rtp-ng-port <n>        rtpengine's ng control port (default: 22222)
  --rtp-ports <min-max>    rtpengine's media ports (default: 30000-30100)
  --no-media-gateway       Without rtpengine: only WebRTC callers can be answered
  --record-calls           Record every answered call through rtpengine (default: the agent's Record button)

Options (init):
  --provider <p>   Provider of the new project (default: simulator)
  --force          Replace an existing softphone.config.ts

Options (build):
  --config <file>  Config file (default: ./softphone.config.ts)
  --out <dir>      Project folder to write (default: the config file's folder)
  --json           Print the result (or the error) as JSON, for CI
  --host <h>       opencti (default: Open CTI softphone) or voice (Salesforce Voice partner telephony)
  --connector-url  With --host voice: the https:// address where voice/connector.html will be hosted

  -h, --help       Show this help
  -v, --version    Show the version

Environment (dev):
  SOFTPHONE_FAULTS               Fault injection, JSON, e.g. {"saveLogFailureRate":0.3} (off by default)
  SOFTPHONE_LOG_RETRY_MS         Call-log retry back-off "base,max" in ms (default 1000,30000)
  SOFTPHONE_OPENCTI_TIMEOUT_MS   How long Open CTI calls may wait for an answer (default 10000)
  SOFTPHONE_CORS_ORIGINS         Origins hosting the softphone that may call the server, comma-separated`;

/** The Salesforce-like host name the Voice console is opened under: the Voice library accepts only Salesforce origins. */
const VOICE_HOST = 'local.lightning.force.com';

function parsePort(value: string | undefined): number {
  const text = value ?? process.env.PORT ?? '3000';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

/** `--region`, else the config's, else US (checked for its two-letter shape). */
function parseRegion(value: string | undefined, fallback = 'US'): Region {
  const region = (value ?? fallback).toUpperCase();
  if (!isPhoneRegion(region)) throw new UsageError(`--region must be a two-letter country code such as US or GB, got "${value}"`);
  return region;
}

/** `--pop-on`, else the config's, else ringing. */
function parsePopOn(value: string | undefined, fallback: 'ringing' | 'answer' = 'ringing'): 'ringing' | 'answer' {
  const popOn = value ?? fallback;
  if (popOn !== 'ringing' && popOn !== 'answer') throw new UsageError(`--pop-on must be "ringing" or "answer", got "${popOn}"`);
  return popOn;
}

/** The server options of `--provider`; vendor settings come from the environment, never from flags. */
function vendorProvider(kind: string): Pick<ConsoleServerOptions, 'provider' | 'twilio'> {
  if (kind === 'simulator') return {};
  if (kind === 'twilio') return { provider: twilio(), twilio: { settings: twilioSettingsFromEnv(process.env) } };
  if (kind === 'connect') return { provider: connect({ ccpUrl: process.env.CONNECT_CCP_URL ?? '', region: process.env.CONNECT_REGION ?? '' }) };
  throw new UsageError(`--provider must be simulator, twilio or connect, got "${kind}"`);
}

/** A fresh self-signed certificate for the Voice console's host name. */
async function voiceTls(): Promise<{ key: string; cert: string }> {
  const credentials = await createTelephonyCredentials({ commonName: VOICE_HOST, dnsNames: [VOICE_HOST, 'localhost'], days: 30 });
  return { key: credentials.privateKeyPem, cert: credentials.certificatePem };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      region: { type: 'string' },
      'pop-on': { type: 'string' },
      config: { type: 'string' },
      package: { type: 'string' },
      provider: { type: 'string' },
      force: { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      'connector-url': { type: 'string' },
      'sip-port': { type: 'string' },
      'ws-port': { type: 'string' },
      agent: { type: 'string' },
      'rtp-ng-port': { type: 'string' },
      'rtp-ports': { type: 'string' },
      'no-media-gateway': { type: 'boolean' },
      'record-calls': { type: 'boolean' },
      voice: { type: 'boolean' },
      'cross-origin-isolated': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return;
  }
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command === 'init' || command === 'build') {
    try {
      if (command === 'init') runInit(positionals[1], values);
      else await runBuild(values);
    } catch (error) {
      if (!reportConfigError(error, values.json ?? false)) throw error;
    }
    return;
  }
  if (command === 'lab') return runLab(values);
  if (command !== 'dev') throw new UsageError(`unknown command "${command}"`);
  let fromConfig: Awaited<ReturnType<typeof devOptionsFromConfig>>;
  try {
    fromConfig = await devOptionsFromConfig(values);
  } catch (error) {
    if (reportConfigError(error, false)) return;
    throw error;
  }
  const region = parseRegion(values.region, fromConfig.server.defaultRegion);
  const popOn = parsePopOn(values['pop-on'], fromConfig.server.popOn);
  if (fromConfig.loaded) console.log(`Using ${fromConfig.loaded.file}${values.package ? ` and the package built in ${values.package}` : ''}`);
  // `--provider twilio` without Twilio variables: a local Twilio stand-in instead of an account.
  const devTwilio = values.provider === 'twilio' && !process.env.TWILIO_ACCOUNT_SID?.trim() ? await startDevTwilio(process.env.TWILIO_AGENT_IDENTITY?.trim() || 'agent', devTwilioOptionsFromEnv(process.env)) : undefined;
  const server = await startConsoleServer({
    ...fromConfig.server,
    port: parsePort(values.port),
    host: values.host ?? '127.0.0.1',
    dataDir: values.data,
    defaultRegion: region,
    popOn,
    // A config's provider wins unless --provider names one explicitly.
    ...(values.provider || !fromConfig.server.provider ? (devTwilio ? devTwilioServerOptions(devTwilio) : vendorProvider(values.provider ?? 'simulator')) : {}),
    ...(values.voice ? { https: await voiceTls() } : {}),
    crossOriginIsolated: values['cross-origin-isolated'] ?? false,
    faults: faultsFromEnv(process.env),
    softphone: softphoneTuningFromEnv(process.env),
    hardening: hardeningFromEnv(process.env),
  });
  console.log(`Local Salesforce console ready at ${server.url}/`);
  if (devTwilio) {
    await devTwilio.connect(server.url);
    console.log(`No TWILIO_ACCOUNT_SID: a local Twilio stand-in answers at ${devTwilio.standIn.url} (a customer calls: curl -X POST ${devTwilio.standIn.url}/__stand-in/incoming-calls -H 'content-type: application/json' -d '{"from":"+14155550142","to":"${devTwilio.settings.callerId}"}')`);
  }
  if (values.voice) console.log(`Salesforce Voice console ready at ${server.url.replace(/\/\/[^:/]+/, `//${VOICE_HOST}`)}/voice/`);
  console.log(`Ring the softphone:  curl ${values.voice ? '-k ' : ''}-X POST ${server.url}/api/sim/calls -H 'content-type: application/json' -d '{"from":"(415) 555-0142"}'`);
  console.log(LOCAL_AUTH_NOTICE);
  const stop = (): void => {
    Promise.all([server.close(), devTwilio?.close()]).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** What local development relaxes in agent authentication, said at start (docs/security.md). */
const LOCAL_AUTH_NOTICE =
  'Agents sign in as the console user (/?user=agent|agent2|supervisor), with assertions the console signs as the org (key in the data folder). ' +
  'Local development only: simulator sockets without a session are accepted as their ?agent=.';

/** `lab`: Kamailio first (it owns the fixed ports), then the console whose softphone registers with it. */
async function runLab(values: LabGatewayFlags & { port?: string; data?: string; region?: string; 'pop-on'?: string; 'sip-port'?: string; 'ws-port'?: string; agent?: string; voice?: boolean; 'cross-origin-isolated'?: boolean }): Promise<void> {
  const portOf = (name: string, text: string | undefined, fallback: number) => {
    const port = Number(text ?? fallback);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--${name} must be a whole number from 1 to 65535, got "${text}"`);
    return port;
  };
  const agent = values.agent ?? 'agent1';
  if (!/^[A-Za-z0-9._-]{1,32}$/.test(agent)) throw new UsageError(`--agent must be a SIP user name (letters, digits, ".", "_", "-"), got "${agent}"`);
  const region = parseRegion(values.region);
  const popOn = parsePopOn(values['pop-on']);
  const sipPort = portOf('sip-port', values['sip-port'], 5060);
  // SOFTPHONE_LAB_LOG=1 prints every SIP request and reply Kamailio handles.
  const verbose = process.env.SOFTPHONE_LAB_LOG === '1';
  const wsPort = portOf('ws-port', values['ws-port'], 8088);
  const gateway = await startLabGateway(values, (line) => console.log(line));
  let kamailio: Awaited<ReturnType<typeof startKamailio>>;
  try {
    kamailio = await startKamailio({ sipPort, wsPort, verbose, onLog: verbose ? (line) => console.log(`kamailio: ${line}`) : undefined, ...(gateway ? { rtpengineSocket: gateway.socket } : {}) });
  } catch (error) {
    await gateway?.stop();
    throw error;
  }
  console.log(`Kamailio (pid ${kamailio.pid}) ready: SIP udp:127.0.0.1:${kamailio.sipPort}, WebSocket ${kamailio.wsUrl}`);
  // Stopped while the console is still starting: Kamailio runs in its own process group and would outlive us.
  const stopStarting = (): void => {
    kamailio.stop().then(() => process.exit(1), () => process.exit(1));
  };
  process.once('SIGINT', stopStarting);
  process.once('SIGTERM', stopStarting);
  let server: Awaited<ReturnType<typeof startConsoleServer>>;
  try {
    server = await startConsoleServer({
      port: parsePort(values.port),
      host: '127.0.0.1',
      dataDir: values.data,
      defaultRegion: region,
      popOn,
      provider: sip({ server: kamailio.wsUrl, user: agent, domain: '127.0.0.1', displayName: 'Agent', headersToScreenPop: ['X-Account-Number'], ...labRecording(gateway, values['record-calls']) }),
      lab: { server: kamailio.wsUrl, domain: '127.0.0.1', agent, ...(gateway ? { recordingDir: gateway.recordingDir } : {}) },
      ...(values.voice ? { https: await voiceTls() } : {}),
      crossOriginIsolated: values['cross-origin-isolated'] ?? false,
    });
  } catch (error) {
    await kamailio.stop();
    await gateway?.stop();
    throw error;
  }
  console.log(`Local Salesforce console ready at ${server.url}/ (softphone registers as sip:${agent}@127.0.0.1)`);
  if (values.voice) console.log(`Salesforce Voice console ready at ${server.url.replace(/\/\/[^:/]+/, `//${VOICE_HOST}`)}/voice/`);
  console.log(`Call the agent from the console's "Lab phone" panel, or with SIPp (signalling only):`);
  console.log(`  sipp 127.0.0.1:${sipPort} -sf lab/sipp/ring-agent.xml -inf <callers.csv> -s ${agent} -m 1`);
  const stop = (): void => {
    Promise.allSettled([server.close(), kamailio.stop(), gateway?.stop()]).then(() => process.exit(0), () => process.exit(1));
  };
  process.off('SIGINT', stopStarting);
  process.off('SIGTERM', stopStarting);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`softphone-connector: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  if (code === 'EADDRINUSE') {
    console.error('softphone-connector: the port is already in use; stop the other server or pass --port (or PORT=…).');
    process.exit(1);
  }
  console.error('softphone-connector:', errorMessage(error));
  process.exit(1);
});
