/**
 * `softphone-connector build --host voice`: the same configuration as a Salesforce Voice
 * partner-telephony connector. Writes the call-centre definition (with the Telephony Integration
 * certificate), the `ConversationVendorInfo` metadata, the connector page and its bundle, and a key
 * pair on first build (kept on later builds: the certificate in the org must keep matching).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig, packageRoot } from '../config/load-config.js';
import { voiceConnectedAppMetadata } from '../salesforce/packaging/voice-connected-app.js';
import { voicePackageFiles } from '../salesforce/voice/packaging.js';
import { createTelephonyCredentials } from '../server/voice/index.js';
import { BundleMissingError } from './build-project.js';

/** Options of {@link buildVoiceProject}. */
export interface VoiceBuildOptions {
  readonly configFile: string;
  readonly outDir?: string;
  /** The https:// address where the connector page (`voice/connector.html`) will be hosted. */
  readonly connectorUrl: string;
  readonly progress?: (message: string) => void;
}

/** What a Voice build wrote. */
export interface VoiceBuildResult {
  readonly configFile: string;
  readonly outDir: string;
  readonly host: 'voice';
  readonly provider: string;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  /** Where the Telephony Integration key pair is, and whether this build created it. */
  readonly credentials: { readonly certificate: string; readonly privateKey: string; readonly created: boolean };
  readonly nextSteps: readonly string[];
}

const CREDENTIALS_DIR = 'voice/credentials';

/** Builds the Salesforce Voice deployment of a configuration. */
export async function buildVoiceProject(options: VoiceBuildOptions): Promise<VoiceBuildResult> {
  const progress = options.progress ?? (() => undefined);
  progress(`Loading ${basename(options.configFile)}`);
  const { file, config } = await loadConfig(options.configFile);
  const outDir = resolve(options.outDir ?? dirname(file));
  const kind = config.provider.kind;
  const bundleFile = `voice-connector-${kind}.js`;
  const bundle = join(packageRoot(), 'dist/public', bundleFile);
  if (!existsSync(bundle)) throw new BundleMissingError(`no Salesforce Voice connector bundle for the "${kind}" provider (${bundle}); build the package (npm run build).`);

  const certificatePath = join(outDir, CREDENTIALS_DIR, 'certificate.pem');
  const privateKeyPath = join(outDir, CREDENTIALS_DIR, 'private-key.pem');
  const created = !existsSync(certificatePath) || !existsSync(privateKeyPath);
  if (created) {
    progress('Creating the Telephony Integration key pair and certificate');
    const credentials = await createTelephonyCredentials({ commonName: config.callCenter.name });
    mkdirSync(dirname(certificatePath), { recursive: true });
    writeFileSync(certificatePath, credentials.certificatePem);
    writeFileSync(privateKeyPath, credentials.privateKeyPem, { mode: 0o600 });
    chmodSync(privateKeyPath, 0o600);
    // The private key signs every VoiceCall request: it belongs on the vendor server, never in a repository.
    writeFileSync(join(outDir, CREDENTIALS_DIR, '.gitignore'), 'private-key.pem\n');
  }

  // The connector page signs its agent in with OpenID Connect when the config says how (agentIdentity.oidc).
  const identity = config.agentIdentity;
  const oidc = identity?.oidc;
  const agentAuth = identity && oidc
    ? { sessionUrl: identity.sessionUrl, oidc: { authorizeUrl: oidc.authorizeUrl, clientId: oidc.consumerKey, redirectUri: options.connectorUrl, issuer: oidc.myDomain, display: oidc.display } }
    : undefined;
  progress('Generating the call-centre definition and ConversationVendorInfo');
  const generated = voicePackageFiles({
    callCenterApiName: config.callCenter.name,
    displayName: config.callCenter.displayName,
    vendorInfoApiName: `${config.callCenter.name}Vendor`,
    connectorUrl: options.connectorUrl,
    certificatePem: readFileSync(certificatePath, 'utf8'),
    provider: config.provider,
    bundleUrl: `./${bundleFile}`,
    connectorConfig: { provider: config.provider, ...(config.omni ? { omni: config.omni } : {}), ...(agentAuth ? { agentAuth, voiceCallsUrl: `${identity?.server}/api/voice/calls` } : {}) },
  });
  if (oidc) {
    generated[`force-app/main/default/connectedApps/${oidc.connectedApp}.connectedApp-meta.xml`] = voiceConnectedAppMetadata({
      apiName: oidc.connectedApp,
      label: `${config.callCenter.displayName} sign-in`,
      contactEmail: oidc.contactEmail,
      callbackUrl: options.connectorUrl,
      consumerKey: oidc.consumerKey,
    });
  }
  const files: { path: string; bytes: number }[] = [];
  for (const [path, contents] of Object.entries(generated)) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
    files.push({ path, bytes: Buffer.byteLength(contents) });
  }
  copyFileSync(bundle, join(outDir, 'voice', bundleFile));
  files.push({ path: `voice/${bundleFile}`, bytes: readFileSync(bundle).byteLength });
  // `sf project deploy` needs a project file; an `init`ed project has one already.
  if (!existsSync(join(outDir, 'sfdx-project.json'))) {
    const project = `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: config.salesforce.apiVersion }, null, 2)}\n`;
    writeFileSync(join(outDir, 'sfdx-project.json'), project);
    files.push({ path: 'sfdx-project.json', bytes: Buffer.byteLength(project) });
  }

  const name = config.callCenter.name;
  return {
    configFile: file,
    outDir,
    host: 'voice',
    provider: kind,
    files,
    credentials: { certificate: join(CREDENTIALS_DIR, 'certificate.pem'), privateKey: join(CREDENTIALS_DIR, 'private-key.pem'), created },
    nextSteps: [
      `Host voice/connector.html at ${options.connectorUrl}, with voice/${bundleFile} in the same folder.`,
      `Deploy the vendor record:  cd ${outDir} && sf project deploy start --source-dir force-app/main/default/ConversationVendorInformation --target-org <alias>`,
      `Setup → Call Centers → Import: voice/${name}.callCenterDefinition.xml (it carries the Telephony Integration certificate).`,
      `Give your vendor server voice/credentials/private-key.pem (it signs the Telephony Integration JWTs); keep it out of version control.`,
      `Setup → Call Centers → ${config.callCenter.displayName} → Manage Call Center Users: add the agents; add the Omni-Channel utility to the console app.`,
      ...(oidc
        ? [
            `Deploy the connected app:  sf project deploy start --source-dir force-app/main/default/connectedApps --target-org <alias>; then Manage → Edit Policies: assign the agents' profile or permission set (admin-approved users, so prompt=none signs them in silently).`,
            `Serve voice/connector.html with a CSP that lets it frame ${oidc.myDomain} (frame-src) and reach ${identity?.server} (connect-src); configure the server's auth.oidc: [{ orgId, issuer: '${oidc.myDomain}', clientId: '${oidc.consumerKey}' }].`,
          ]
        : []),
    ],
  };
}
