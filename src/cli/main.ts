import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faultsFromEnv, softphoneTuningFromEnv, startConsoleServer } from '../server/index.js';

const USAGE = `Usage: softphone-connector <command> [options]

Commands:
  dev     Start the local Salesforce console with the softphone on the telephony simulator

Options (dev):
  --port <n>       Port to listen on (default: $PORT or 3000)
  --host <addr>    Address to listen on (default: 127.0.0.1)
  --data <dir>     Folder for the console's records (default: ./data)
  --region <cc>    Region for numbers without a country code (default: US)
  --pop-on <when>  Pop the caller's record on "ringing" (default) or "answer"
  -h, --help       Show this help
  -v, --version    Show the version

Environment (dev):
  SOFTPHONE_FAULTS               Fault injection, JSON, e.g. {"saveLogFailureRate":0.3} (off by default)
  SOFTPHONE_LOG_RETRY_MS         Call-log retry back-off "base,max" in ms (default 1000,30000)
  SOFTPHONE_OPENCTI_TIMEOUT_MS   How long Open CTI calls may wait for an answer (default 10000)`;

/** A command-line mistake: printed with the usage, exit code 2. */
class UsageError extends Error {}

function parsePort(value: string | undefined): number {
  const text = value ?? process.env.PORT ?? '3000';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
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
    faults: faultsFromEnv(process.env),
    softphone: softphoneTuningFromEnv(process.env),
  });
  console.log(`Local Salesforce console ready at ${server.url}/`);
  console.log(`Ring the softphone:  curl -X POST ${server.url}/api/sim/calls -H 'content-type: application/json' -d '{"from":"(415) 555-0142"}'`);
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
