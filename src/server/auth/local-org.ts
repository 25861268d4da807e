/**
 * The local console playing the Salesforce side of agent identity with real crypto: an org signing
 * key and certificate generated on first start (kept in the data folder), and assertions signed as
 * the console's signed-in user exactly as the generated `SoftphoneAgentAssertion` Apex class signs
 * them in an org, so the production verification code runs locally.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignJWT, importPKCS8, type CryptoKey } from 'jose';
import { CONSOLE_USERS, LOCAL_ORG_ID, type ConsoleUser } from '../../console/users.js';
import type { AgentDirectory } from './agent-directory.js';

/** The audience the local console's assertions name: this server. */
export const LOCAL_AUDIENCE = 'urn:softphone-connector:local-console';
/** File in the data folder holding the console org's key and certificate. */
export const LOCAL_ORG_KEY_FILE = 'console-org-key.json';
/** How long a local assertion lives, as the Apex class's default. */
const ASSERTION_SECONDS = 120;

/**
 * The console org's signing key pair. The org publishes its public key (SPKI PEM) where a real org
 * exports a certificate: the verifier takes either, and a key pair is generated natively in
 * milliseconds, where a certificate would need a slower X.509 signature at every first start.
 */
export interface LocalOrgKeys {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** Reads the console org's key from `dataDir`, or generates it there (mode 0600) on first start; in memory without a folder. */
export async function localOrgKeys(dataDir?: string): Promise<LocalOrgKeys> {
  const file = dataDir ? join(dataDir, LOCAL_ORG_KEY_FILE) : undefined;
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalOrgKeys>;
    if (typeof stored.privateKeyPem === 'string' && typeof stored.publicKeyPem === 'string') return { privateKeyPem: stored.privateKeyPem, publicKeyPem: stored.publicKeyPem };
  }
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const keys = { privateKeyPem: privateKey, publicKeyPem: publicKey };
  if (file) writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** The agent directory of the console's seeded users. */
export function localAgentDirectory(): AgentDirectory {
  return Object.fromEntries(CONSOLE_USERS.map((user) => [user.userId, { role: user.role, simulatorAgent: user.simulatorAgent, twilioIdentity: user.twilioIdentity, sipUser: user.sipUser }]));
}

/** Signs agent assertions as the console org. */
export class LocalOrgSigner {
  private constructor(private readonly key: CryptoKey, readonly publicKeyPem: string, readonly audience: string) {}

  static async create(keys: LocalOrgKeys, audience = LOCAL_AUDIENCE): Promise<LocalOrgSigner> {
    return new LocalOrgSigner(await importPKCS8(keys.privateKeyPem, 'RS256'), keys.publicKeyPem, audience);
  }

  /** The assertion `SoftphoneAgentAssertion.issue` returns for `user` (claims as the Apex class writes them). */
  async sign(user: ConsoleUser, overrides: { readonly nowMs?: number; readonly seconds?: number; readonly audience?: string; readonly orgId?: string } = {}): Promise<string> {
    const issuedAt = Math.floor((overrides.nowMs ?? Date.now()) / 1000);
    return new SignJWT({ username: user.username })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(overrides.orgId ?? LOCAL_ORG_ID)
      .setSubject(user.userId)
      .setAudience(overrides.audience ?? this.audience)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + (overrides.seconds ?? ASSERTION_SECONDS))
      .setJti(randomBytes(16).toString('hex'))
      .sign(this.key);
  }
}

export type { ConsoleUser };
