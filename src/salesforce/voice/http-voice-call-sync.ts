import { SoftphoneError, errorMessage, type CallId, type ServerSession } from '../../core/index.js';
import type { VoiceCallEnd, VoiceCallStart, VoiceCallSync } from './voice-call-sync.js';

/** The vendor server could not take a call report. */
export class VoiceCallReportError extends SoftphoneError<'report-failed'> {
  override readonly name = 'VoiceCallReportError';
  /** `options.cause` is the error this one wraps, if any. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('report-failed', message, options);
  }
}

/**
 * Reports the call life cycle to the vendor server (`POST {baseUrl}`, `…/{key}/connected`,
 * `…/{key}/ended`), which owns the VoiceCall. Transient failures are retried; the server is
 * idempotent per vendor call key, so a retry never creates a second VoiceCall.
 */
export class HttpVoiceCallSync implements VoiceCallSync {
  constructor(
    private readonly baseUrl: string,
    /** `session`: the agent's session with the vendor server, sent as `Authorization: Bearer` with each report. */
    private readonly options: { readonly attempts?: number; readonly retryDelayMs?: number; readonly fetch?: typeof fetch; readonly session?: ServerSession } = {},
  ) {}

  async started(call: VoiceCallStart): Promise<{ readonly voiceCallId?: string }> {
    return (await this.post('', call)) as { voiceCallId?: string };
  }

  async connected(vendorCallKey: CallId, acceptTime: string): Promise<void> {
    await this.post(`/${encodeURIComponent(vendorCallKey)}/connected`, { acceptTime });
  }

  async ended(call: VoiceCallEnd): Promise<void> {
    const { vendorCallKey, ...rest } = call;
    await this.post(`/${encodeURIComponent(vendorCallKey)}/ended`, rest);
  }

  private async post(path: string, body: object): Promise<unknown> {
    const attempts = this.options.attempts ?? 4;
    const send = this.options.fetch ?? fetch.bind(globalThis);
    let last = '';
    let cause: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 300) * 2 ** (attempt - 2)));
      try {
        const { session } = this.options;
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${await session.token()}` } : {}) };
        const response = await send(`${this.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
        const text = await response.text();
        if (response.ok) return text ? (JSON.parse(text) as unknown) : {};
        last = `HTTP ${response.status}: ${text.slice(0, 200)}`;
        cause = undefined;
        // An expired session is renewed once; any other refusal is final.
        if (response.status === 401 && session && attempt === 1) {
          session.invalidate();
          continue;
        }
        if (response.status < 500) break;
      } catch (error) {
        last = errorMessage(error);
        cause = error;
      }
    }
    throw new VoiceCallReportError(`The vendor server did not take the call report ${path || 'start'} (${last}); check that it is running and its Telephony Integration settings.`, { cause });
  }
}
