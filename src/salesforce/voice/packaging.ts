/**
 * What an org needs to run the connector under Salesforce Voice with partner telephony, as pure
 * functions of a validated configuration: the call-centre definition file, the
 * `ConversationVendorInfo` metadata registering the vendor, and the page Salesforce loads as the
 * connector. No I/O: the build command writes what these return.
 */
import { ConfigError, type ProviderConfig } from '../../core/index.js';

/** Settings of a Salesforce Voice deployment. */
export interface VoicePackageOptions {
  /** Call centre internal name: the Telephony Integration JWT's subject (`sub`). */
  readonly callCenterApiName: string;
  readonly displayName: string;
  /** Developer name of the `ConversationVendorInfo` record (`reqVendorInfoApiName`). */
  readonly vendorInfoApiName: string;
  /** Label of the vendor record. */
  readonly vendorLabel?: string;
  /** HTTPS URL of the connector page (what {@link voiceConnectorPage} renders), on the vendor's host. */
  readonly connectorUrl: string;
  /** PEM certificate whose private key signs the Telephony Integration JWTs. */
  readonly certificatePem: string;
  /** `ConversationVendorInfo.vendorType`, when the org's setup names one. */
  readonly vendorType?: string;
  /** Long-distance prefix shown in the Voice settings (default `+1`). */
  readonly longDistancePrefix?: string;
  /** The softphone provider; its options become the call centre's provider section, passed to `init`. */
  readonly provider: ProviderConfig;
  /** Further vendor settings (flat key → value), e.g. a transfer directory URL. */
  readonly settings?: Readonly<Record<string, string>>;
}

/** Escapes text for XML element content and attributes. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char]!);
}

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?:__[A-Za-z](?:[A-Za-z0-9]|_(?!_))*)?$/;

/** Validates options; every failure names the field. */
export function validateVoicePackageOptions(options: VoicePackageOptions): VoicePackageOptions {
  const field = (name: string) => `voice.${name}`;
  if (typeof options.callCenterApiName !== 'string' || !/^[A-Za-z][\w]{0,39}$/.test(options.callCenterApiName)) {
    throw new ConfigError(field('callCenterApiName'), 'a call centre internal name (a letter, then up to 39 letters, digits or "_")', options.callCenterApiName);
  }
  if (typeof options.displayName !== 'string' || options.displayName.trim() === '' || options.displayName.length > 80) {
    throw new ConfigError(field('displayName'), 'a non-empty name of at most 80 characters', options.displayName);
  }
  if (typeof options.vendorInfoApiName !== 'string' || !API_NAME.test(options.vendorInfoApiName) || options.vendorInfoApiName.length > 80) {
    throw new ConfigError(field('vendorInfoApiName'), 'a developer name such as "acme_phone" or "ns__acme_phone"', options.vendorInfoApiName);
  }
  let url: URL | undefined;
  try {
    url = new URL(options.connectorUrl);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') throw new ConfigError(field('connectorUrl'), 'an https:// URL of the connector page', options.connectorUrl);
  if (typeof options.certificatePem !== 'string' || !/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/.test(options.certificatePem.trim() + '\n')) {
    throw new ConfigError(field('certificatePem'), 'a PEM certificate ("-----BEGIN CERTIFICATE-----…")', options.certificatePem);
  }
  if (!options.provider || typeof options.provider.kind !== 'string') throw new ConfigError(field('provider'), 'a provider configuration such as simulator() or sip({...})', options.provider);
  for (const [key, value] of Object.entries(options.settings ?? {})) {
    if (!/^[A-Za-z][\w]{0,39}$/.test(key)) throw new ConfigError(field(`settings.${key}`), 'a setting name of letters, digits or "_"', key);
    if (typeof value !== 'string') throw new ConfigError(field(`settings.${key}`), 'a string', value);
  }
  return options;
}

interface Item {
  readonly name: string;
  readonly label: string;
  readonly value: string;
}

function section(sortOrder: number, name: string, label: string, items: readonly Item[]): string {
  const rows = items.map((item, index) => `    <item sortOrder="${index}" name="${escapeXml(item.name)}" label="${escapeXml(item.label)}">${escapeXml(item.value)}</item>`);
  return [`  <section sortOrder="${sortOrder}" name="${escapeXml(name)}" label="${escapeXml(label)}">`, ...rows, '  </section>'].join('\n');
}

/** The certificate body as Salesforce stores it: base64 without PEM armour or line breaks. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/**
 * The Salesforce Voice call-centre definition file (Setup → Call Centers → Import):
 * `reqGeneralInfo` with `reqVendorInfoApiName`, `reqHvcc` with the Telephony Integration
 * certificate, then the provider's settings, which Salesforce passes to the connector's `init`.
 */
export function voiceCallCenterDefinition(input: VoicePackageOptions): string {
  const options = validateVoicePackageOptions(input);
  const providerItems: Item[] = [
    { name: 'providerKind', label: 'Provider', value: options.provider.kind },
    { name: 'providerOptions', label: 'Provider options (JSON)', value: JSON.stringify(options.provider.options ?? {}) },
  ];
  const settings = Object.entries(options.settings ?? {}).map(([name, value]) => ({ name, label: name, value }));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<callCenter>',
    section(0, 'reqGeneralInfo', 'General Information', [
      { name: 'reqInternalName', label: 'Internal Name', value: options.callCenterApiName },
      { name: 'reqDisplayName', label: 'Display Name', value: options.displayName },
      { name: 'reqVendorInfoApiName', label: 'Conversation Vendor Info Developer Name', value: options.vendorInfoApiName },
    ]),
    section(1, 'reqHvcc', 'Salesforce Voice Settings', [
      { name: 'reqTelephonyIntegrationCertificate', label: 'Telephony Integration Certificate', value: certificateBody(options.certificatePem) },
      { name: 'reqLongDistPrefix', label: 'Long Distance Prefix', value: options.longDistancePrefix ?? '+1' },
    ]),
    section(2, 'providerSettings', 'Telephony Provider', providerItems),
    ...(settings.length ? [section(3, 'vendorSettings', 'Vendor Settings', settings)] : []),
    '</callCenter>',
    '',
  ].join('\n');
}

/** `ConversationVendorInfo` metadata registering the connector (folder `ConversationVendorInformation`, suffix `.ConversationVendorInformation`). */
export function conversationVendorInfoMetadata(input: VoicePackageOptions): string {
  const options = validateVoicePackageOptions(input);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ConversationVendorInfo xmlns="http://soap.sforce.com/2006/04/metadata">',
    `    <connectorUrl>${escapeXml(options.connectorUrl)}</connectorUrl>`,
    `    <masterLabel>${escapeXml(options.vendorLabel ?? options.displayName)}</masterLabel>`,
    ...(options.vendorType ? [`    <vendorType>${escapeXml(options.vendorType)}</vendorType>`] : []),
    '</ConversationVendorInfo>',
    '',
  ].join('\n');
}

/**
 * The connector page at `connectorUrl`: Salesforce frames it and talks to the connector bundle it
 * loads. Configuration travels as inert JSON, like the Open CTI softphone page.
 */
export function voiceConnectorPage(options: { readonly bundleUrl: string; readonly config: unknown }): string {
  const json = JSON.stringify(options.config).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Salesforce Voice connector</title>
<script type="application/json" id="voice-connector-config">${json}</script>
<script type="module" src="${escapeXml(options.bundleUrl)}"></script>
</head>
<body></body>
</html>
`;
}

/** Every file of a Salesforce Voice deployment, by path relative to the output folder. */
export function voicePackageFiles(options: VoicePackageOptions & { readonly bundleUrl: string; readonly connectorConfig: unknown }): Record<string, string> {
  validateVoicePackageOptions(options);
  return {
    [`voice/${options.callCenterApiName}.callCenterDefinition.xml`]: voiceCallCenterDefinition(options),
    [`force-app/main/default/ConversationVendorInformation/${options.vendorInfoApiName}.ConversationVendorInformation-meta.xml`]: conversationVendorInfoMetadata(options),
    'voice/connector.html': voiceConnectorPage({ bundleUrl: options.bundleUrl, config: options.connectorConfig }),
  };
}
