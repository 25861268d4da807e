/**
 * Client of Salesforce's Telephony Integration REST API (`https://{MyDomain}.my.salesforce-scrt.com/telephony/v1`):
 * VoiceCall create and update, transcript messages and Omni-Channel flow routing, each request
 * authorised by an RS256 JWT signed with the call centre's private key.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { SoftphoneError, errorMessage } from '../../core/index.js';

/** Connection settings of the Telephony Integration API. */
export interface TelephonyApiOptions {
  /** Base URL ending in `/telephony/v1`. */
  readonly baseUrl: string;
  /** The org's id: the JWT issuer (`iss`). */
  readonly orgId: string;
  /** The call centre's internal name: the JWT subject (`sub`) and `callCenterApiName` of new VoiceCalls. */
  readonly callCenterApiName: string;
  /** PKCS #8 PEM private key matching the call centre's certificate. */
  readonly privateKeyPem: string;
  /** JWT audience (default `https://scrt.salesforce.com`). */
  readonly audience?: string;
  /** `Telephony-Provider-Name` header. */
  readonly providerName?: string;
  /** Attempts per request, first included (default 4). */
  readonly attempts?: number;
  /** First retry delay; doubles each time (default 250 ms). */
  readonly retryDelayMs?: number;
  /** Per-attempt timeout (default 10 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** Who started a call, as the API names it. */
export type InitiationMethod = 'Inbound' | 'Outbound' | 'Transfer' | 'Callback';

/** Body of `POST /voiceCalls` (without `callCenterApiName`, which the client adds). */
export interface CreateVoiceCallRequest {
  readonly vendorCallKey: string;
  readonly to: string;
  readonly from: string;
  readonly initiationMethod: InitiationMethod;
  /** ISO 8601. */
  readonly startTime: string;
  readonly participants: readonly { readonly participantKey: string; readonly type: 'END_USER' }[];
  /** For transfers: the parent VoiceCall id or vendor call key. */
  readonly parentVoiceCallId?: string;
  /** IVR and other call data, as a JSON string of flat fields. */
  readonly callAttributes?: string;
}

/** Body of `PATCH /voiceCalls/{id}`: what is known when the call connects or ends. */
export interface UpdateVoiceCallRequest {
  readonly startTime?: string;
  readonly acceptTime?: string;
  readonly endTime?: string;
  readonly totalHoldDuration?: number;
  readonly numberOfHolds?: number;
  readonly callDisposition?: string;
  readonly recordingLocation?: string;
  readonly totalRecordingDuration?: number;
  readonly isInternalTransfer?: boolean;
}

/** One transcript utterance: `POST /voiceCalls/{vendorCallKey}/messages`. */
export interface TranscriptMessage {
  /** Unique per utterance: a retried message is recognised by it. */
  readonly messageId: string;
  readonly participantId: string;
  readonly senderType: 'END_USER' | 'HUMAN_AGENT' | 'VIRTUAL_AGENT';
  readonly content: string;
  /** Epoch milliseconds. */
  readonly startTime: number;
  readonly endTime: number;
}

/** `PATCH /voiceCalls/{voiceCallId}/omniFlow`: route the call through an Omni-Channel flow. */
export interface OmniFlowRequest {
  readonly flowDevName: string;
  readonly fallbackQueue: string;
  readonly dialedNumber?: string;
  readonly flowInputParameters?: Readonly<Record<string, string>>;
}

/** Kinds of Telephony Integration API failure. */
export type TelephonyApiErrorCode = 'rejected' | 'unauthorized' | 'unavailable';

/** A Telephony Integration API request failed (after retries, for transient failures). */
export class TelephonyApiError extends SoftphoneError<TelephonyApiErrorCode> {
  override readonly name = 'TelephonyApiError';
  /** `status` is the API's HTTP status, absent when it could not be reached; `options.cause` the error this one wraps. */
  constructor(
    code: TelephonyApiErrorCode,
    readonly status: number | undefined,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

const DUPLICATE = /duplicate|already exists/i;

/**
 * The client. `createVoiceCall` is safe to call again for the same `vendorCallKey` (a reload, a
 * second report): concurrent and repeated calls share one request, and a retry after an
 * ambiguous failure that the API answers with a duplicate-key error counts as created, so a call
 * never gets a second VoiceCall.
 */
export class TelephonyApiClient {
  private readonly options: TelephonyApiOptions;
  private readonly fetch: typeof fetch;
  private key?: Promise<CryptoKey>;
  private token?: { readonly value: string; readonly expires: number };
  private readonly created = new Map<string, Promise<{ readonly voiceCallId?: string }>>();

  constructor(options: TelephonyApiOptions) {
    if (!/^https?:\/\/[^/]+.*\/telephony\/v1\/?$/.test(options.baseUrl)) throw new TypeError(`voice.telephonyApi.baseUrl must end in /telephony/v1, got ${JSON.stringify(options.baseUrl)}`);
    if (!/^00D\w{12}(\w{3})?$/.test(options.orgId)) throw new TypeError(`voice.orgId must be a Salesforce org id (00D…, 15 or 18 characters), got ${JSON.stringify(options.orgId)}`);
    this.options = { ...options, baseUrl: options.baseUrl.replace(/\/$/, '') };
    this.fetch = options.fetch ?? fetch;
  }

  /** Creates the call's VoiceCall once; resolves with its id (absent when a retry found it already created). */
  createVoiceCall(request: CreateVoiceCallRequest): Promise<{ readonly voiceCallId?: string }> {
    const existing = this.created.get(request.vendorCallKey);
    if (existing) return existing;
    const body = { callCenterApiName: this.options.callCenterApiName, ...request };
    const pending = this.send('POST', '/voiceCalls', body, { duplicateMeansDone: true }).then((result) => {
      const voiceCallId = typeof result === 'object' && result && 'voiceCallId' in result ? String(result.voiceCallId) : undefined;
      return voiceCallId ? { voiceCallId } : {};
    });
    this.created.set(request.vendorCallKey, pending);
    // A definite failure may be retried later by the caller; a success is remembered.
    pending.catch(() => this.created.delete(request.vendorCallKey));
    if (this.created.size > 5000) this.created.delete(this.created.keys().next().value as string);
    return pending;
  }

  /** Updates a VoiceCall by its id or vendor call key. */
  async updateVoiceCall(idOrVendorCallKey: string, request: UpdateVoiceCallRequest): Promise<void> {
    await this.send('PATCH', `/voiceCalls/${encodeURIComponent(idOrVendorCallKey)}`, request);
  }

  /** Adds a transcript utterance. */
  async addTranscriptMessage(vendorCallKey: string, message: TranscriptMessage): Promise<void> {
    await this.send('POST', `/voiceCalls/${encodeURIComponent(vendorCallKey)}/messages`, message, { duplicateMeansDone: true });
  }

  /** Routes the call through an Omni-Channel flow. */
  async routeThroughOmniFlow(voiceCallId: string, request: OmniFlowRequest): Promise<void> {
    await this.send('PATCH', `/voiceCalls/${encodeURIComponent(voiceCallId)}/omniFlow`, request);
  }

  /** The bearer token: RS256, `iss` = org id, `sub` = call centre, short-lived and reused until near expiry. */
  async bearerToken(): Promise<string> {
    const now = Date.now();
    if (this.token && this.token.expires - 60_000 > now) return this.token.value;
    this.key ??= importPKCS8(this.options.privateKeyPem, 'RS256');
    const iat = Math.floor(now / 1000);
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(this.options.orgId)
      .setSubject(this.options.callCenterApiName)
      .setAudience(this.options.audience ?? 'https://scrt.salesforce.com')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .setJti(randomUUID())
      .sign(await this.key);
    this.token = { value, expires: (iat + 300) * 1000 };
    return value;
  }

  private async send(method: 'POST' | 'PATCH', path: string, body: object, flags: { readonly duplicateMeansDone?: boolean } = {}): Promise<unknown> {
    const attempts = Math.max(1, this.options.attempts ?? 4);
    let last: TelephonyApiError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 250) * 2 ** (attempt - 2)));
      let response: Response;
      try {
        response = await this.fetch(`${this.options.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${await this.bearerToken()}`,
            'content-type': 'application/json',
            ...(this.options.providerName ? { 'telephony-provider-name': this.options.providerName } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        last = new TelephonyApiError('unavailable', undefined, `${method} ${path} could not reach the Telephony Integration API (${errorMessage(error)}); check voice.telephonyApi.baseUrl and the network.`, { cause: error });
        continue;
      }
      const text = await response.text();
      if (response.ok) return text ? (JSON.parse(text) as unknown) : undefined;
      // After an attempt whose outcome is unknown, "already exists" means that attempt went through.
      if (flags.duplicateMeansDone && attempt > 1 && (response.status === 409 || (response.status === 400 && DUPLICATE.test(text)))) return undefined;
      if (response.status === 401 || response.status === 403) {
        throw new TelephonyApiError('unauthorized', response.status, `${method} ${path} was refused (${response.status}): check voice.orgId, voice.callCenterApiName and that the call centre holds the certificate of this private key.`);
      }
      last = new TelephonyApiError(response.status >= 500 || response.status === 429 ? 'unavailable' : 'rejected', response.status, `${method} ${path} failed with ${response.status}: ${text.slice(0, 300)}`);
      if (last.code === 'rejected') throw last;
    }
    throw last!;
  }
}
