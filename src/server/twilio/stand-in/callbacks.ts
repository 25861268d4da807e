/**
 * The stand-in's outgoing requests, as Twilio makes them: form-encoded POSTs signed with
 * `X-Twilio-Signature` (computed by the `twilio` library's own helper over the URL and the sorted
 * parameters, with the account's auth token). Status and event callbacks go out one at a time in
 * the order they happened and never block the request that caused them; TwiML fetches are awaited.
 */
import type Twilio from 'twilio';
import { errorMessage } from '../../../core/index.js';

/** One callback the stand-in delivered (for tests and the stand-in's admin view). */
export interface CallbackDelivery {
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  /** The HTTP status the receiver answered, or the network error. */
  readonly outcome: number | string;
}

/** Signs and sends the stand-in's requests. */
export class CallbackSender {
  /** Every callback delivered so far, oldest first (bounded). */
  readonly deliveries: CallbackDelivery[] = [];
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param library the `twilio` library, for `getExpectedTwilioSignature`.
   * @param authToken the account's auth token, which signs every request.
   */
  constructor(
    private readonly library: typeof Twilio,
    private readonly authToken: string,
  ) {}

  /** Queues a signed status or event callback; its failure is recorded, never thrown. */
  send(url: string | undefined, params: Record<string, string>): void {
    if (!url) return;
    this.chain = this.chain.then(async () => {
      let outcome: number | string;
      try {
        const response = await this.post(url, params);
        await response.arrayBuffer();
        outcome = response.status;
      } catch (error) {
        outcome = errorMessage(error);
      }
      this.deliveries.push({ url, params, outcome });
      if (this.deliveries.length > 5000) this.deliveries.splice(0, 1000);
    });
  }

  /** Resolves when every callback queued so far has been delivered. */
  async settled(): Promise<void> {
    await this.chain;
  }

  /** Fetches TwiML from a voice URL with a signed POST; rejects unless the answer is 2xx. */
  async fetchTwiml(url: string, params: Record<string, string>): Promise<string> {
    const response = await this.post(url, params);
    const text = await response.text();
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200)}`);
    return text;
  }

  private post(url: string, params: Record<string, string>): Promise<Response> {
    const signature = this.library.getExpectedTwilioSignature(this.authToken, url, params);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(15_000),
    });
  }
}
