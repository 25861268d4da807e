import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startConsoleServer } from '../server/index.js';
import { createTelephonyCredentials } from '../server/voice/index.js';

const USAGE = `Usage: softphone-connector <command> [options]

Commands:
  dev     Start the local Salesforce console with the softphone on the telephony simulator

Options (dev):
  --port <n>       Port to listen on (default: $PORT or 3000)
  --host <addr>    Address to listen on (default: 127.0.0.1)
  --data <dir>     Folder for the console's records (default: ./data)
  --region <cc>    Region for numbers without a country code (default: US)
  --pop-on <when>  Pop the caller's record on "ringing" (default) or "answer"
  --voice          Serve HTTPS for the Salesforce Voice console at https://local.lightning.force.com:<port>/voice/
                   (map local.lightning.force.com to 127.0.0.1 and accept the generated certificate)
  -h, --help       Show this help
  -v, --version    Show the version`;

/** The Salesforce-like host name the Voice console is opened under: the Voice library accepts only Salesforce origins. */
const VOICE_HOST = 'local.lightning.force.com';

/** A command-line mistake: printed with the usage, exit code 2. */
class UsageError extends Error {}

function parsePort(value: string | undefined): number {
  const text = value ?? process.env.PORT ?? '3000';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
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
      voice: { type: 'boolean' },
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
  if (command !== 'dev') throw new UsageError(`unknown command "${command}"`);
  const region = (values.region ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) throw new UsageError(`--region must be a two-letter country code such as US or GB, got "${values.region}"`);
  const popOn = values['pop-on'] ?? 'ringing';
  if (popOn !== 'ringing' && popOn !== 'answer') throw new UsageError(`--pop-on must be "ringing" or "answer", got "${popOn}"`);
  const server = await startConsoleServer({
    port: parsePort(values.port),
    host: values.host ?? '127.0.0.1',
    dataDir: values.data,
    defaultRegion: region as 'US',
    popOn,
    ...(values.voice ? { https: await voiceTls() } : {}),
  });
  console.log(`Local Salesforce console ready at ${server.url}/`);
  if (values.voice) console.log(`Salesforce Voice console ready at ${server.url.replace(/\/\/[^:/]+/, `//${VOICE_HOST}`)}/voice/`);
  console.log(`Ring the softphone:  curl ${values.voice ? '-k ' : ''}-X POST ${server.url}/api/sim/calls -H 'content-type: application/json' -d '{"from":"(415) 555-0142"}'`);
  const stop = (): void => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
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
  console.error('softphone-connector:', error instanceof Error ? error.message : error);
  process.exit(1);
});
