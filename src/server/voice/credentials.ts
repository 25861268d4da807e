import { X509Certificate, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

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
 * (what Salesforce's guide does with OpenSSL): the key pair with Node's crypto, the certificate
 * (X.509 v3, SHA-256 with RSA) with node-forge.
 */
export async function createTelephonyCredentials(options: TelephonyCredentialOptions): Promise<TelephonyCredentials> {
  if (typeof options.commonName !== 'string' || !/^[\w.@-][\w .@-]{0,63}$/.test(options.commonName)) {
    throw new TypeError(`commonName must be 1 to 64 letters, digits, spaces or ".@_-", got ${JSON.stringify(options.commonName)}`);
  }
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: options.keySize ?? 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial number of 16 random bytes (the top bit cleared: DER integers are signed).
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(cert.validity.notBefore.getTime() + (options.days ?? 730) * 86_400_000);
  const name = [{ name: 'commonName', value: options.commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    ...(options.dnsNames?.length ? [{ name: 'subjectAltName', altNames: options.dnsNames.map((value) => ({ type: 2, value })) }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  return { privateKeyPem: privateKey, certificatePem, fingerprint256: new X509Certificate(certificatePem).fingerprint256 };
}
