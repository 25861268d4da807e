import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** A private key and its self-signed certificate, both PEM. */
export interface TelephonyCredentials {
  /** RSA private key (PKCS #8): stays on the vendor server, signs the Telephony Integration JWTs. */
  readonly privateKeyPem: string;
  /** X.509 certificate: goes into the call centre (`reqHvcc`) so Salesforce can verify the JWTs. */
  readonly certificatePem: string;
  /** SHA-256 fingerprint (`AB:CD:…`): to check which certificate an org holds. */
  readonly fingerprint256: string;
}

/** Options of {@link createTelephonyCredentials}. */
export interface TelephonyCredentialOptions {
  /** Certificate subject common name, e.g. the call centre's internal name. */
  readonly commonName: string;
  /** Validity in days (default 730). */
  readonly days?: number;
  /** RSA key length: 2048 (default, Salesforce's recommendation) or 4096. */
  readonly keySize?: 2048 | 4096;
  /** DNS names, when the certificate also serves TLS (the local Voice console). */
  readonly dnsNames?: readonly string[];
}

/**
 * Generates the RSA key pair and self-signed certificate the Telephony Integration API needs
 * (what Salesforce's guide does with OpenSSL).
 */
export async function createTelephonyCredentials(options: TelephonyCredentialOptions): Promise<TelephonyCredentials> {
  if (typeof options.commonName !== 'string' || !/^[\w.@-][\w .@-]{0,63}$/.test(options.commonName)) {
    throw new TypeError(`commonName must be 1 to 64 letters, digits, spaces or ".@_-", got ${JSON.stringify(options.commonName)}`);
  }
  const notBeforeDate = new Date(Date.now() - 60_000);
  const result = await generate([{ name: 'commonName', value: options.commonName }], {
    keySize: options.keySize ?? 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + (options.days ?? 730) * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      ...(options.dnsNames?.length ? [{ name: 'subjectAltName' as const, altNames: options.dnsNames.map((value) => ({ type: 2 as const, value })) }] : []),
    ],
  });
  return { privateKeyPem: result.private, certificatePem: result.cert, fingerprint256: new X509Certificate(result.cert).fingerprint256 };
}
