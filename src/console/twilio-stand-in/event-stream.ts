/**
 * Reads the stand-in's Server-Sent Events with `fetch`, so the access token travels in the
 * `Authorization` header (an `EventSource` cannot send one) and the same code runs in a page and
 * in Node's tests.
 */
import { SoftphoneError } from '../../core/index.js';

/** One event of the stand-in: a JSON object with a `type`. */
export type StandInEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

/** An open stream. */
export interface StandInEventStream {
  /** Resolves when the stream is open (the stand-in accepted the token), rejects with its answer otherwise. */
  readonly opened: Promise<void>;
  close(): void;
}

/** An answer of the stand-in other than 2xx: its HTTP status, its Twilio error code (0 when it gave none) and words. */
export class StandInRequestError extends SoftphoneError<'stand-in-refused'> {
  override readonly name = 'StandInRequestError';
  constructor(
    readonly status: number,
    readonly twilioCode: number,
    message: string,
  ) {
    super('stand-in-refused', message);
  }
}

/** Throws a {@link StandInRequestError} for a failed answer; returns its JSON body otherwise. */
export async function standInAnswer(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new StandInRequestError(response.status, typeof body.code === 'number' ? body.code : 0, typeof body.message === 'string' ? body.message : `the Twilio stand-in answered ${response.status}`);
  return body;
}

/**
 * Opens `url` as an event stream. `onEvent` gets each event; `onEnd` is called once when the stream
 * ends for any reason other than {@link StandInEventStream.close} (the error, if any).
 */
export function openEventStream(url: string, token: string, headers: Readonly<Record<string, string>>, onEvent: (event: StandInEvent) => void, onEnd: (error?: unknown) => void): StandInEventStream {
  const abort = new AbortController();
  let resolveOpened: () => void = () => undefined;
  let rejectOpened: (error: unknown) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  opened.catch(() => undefined);
  const run = async () => {
    const response = await fetch(url, { headers: { ...headers, authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal, cache: 'no-store' });
    if (!response.ok || !response.body) await standInAnswer(response);
    resolveOpened();
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data) onEvent(JSON.parse(data) as StandInEvent);
        end = buffer.indexOf('\n\n');
      }
    }
  };
  run().then(
    () => {
      if (!abort.signal.aborted) onEnd();
    },
    (error: unknown) => {
      rejectOpened(error);
      if (!abort.signal.aborted) onEnd(error);
    },
  );
  return { opened, close: () => abort.abort() };
}
