/** The console's calls to its server's REST API. */
import { SoftphoneError } from '../../core/errors.js';

/** A record as the REST API returns it. */
export interface ConsoleRecord {
  readonly Id: string;
  readonly Name: string;
  readonly attributes: { readonly type: string };
  readonly CreatedDate: string;
  readonly [field: string]: unknown;
}

/** A REST call failed; `message` is the server's own explanation. */
export class ApiError extends SoftphoneError<'request-failed'> {
  override readonly name = 'ApiError';
  /** `status` is the HTTP status, `fields` the fields the server named; `options.cause` the error this one wraps. */
  constructor(
    readonly status: number,
    message: string,
    readonly fields: readonly string[] = [],
    options?: { readonly cause?: unknown },
  ) {
    super('request-failed', message, options);
  }
}

/** The server injected a lost answer (fault injection): the write happened, its answer must vanish. */
export class DroppedAnswer extends SoftphoneError<'answer-dropped'> {
  override readonly name = 'DroppedAnswer';
  constructor(message: string) {
    super('answer-dropped', message);
  }
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.headers.get('x-softphone-fault') === 'drop-response') throw new DroppedAnswer('the answer was dropped by fault injection');
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const first = Array.isArray(payload) ? (payload[0] as { message?: string; fields?: string[] } | undefined) : (payload as { message?: string } | undefined);
    throw new ApiError(response.status, first?.message ?? `${method} ${path} failed with HTTP ${response.status}`, (first as { fields?: string[] })?.fields ?? []);
  }
  return payload as T;
}

/** REST client of the local console. */
export const api = {
  get: (id: string, type: string) => request<ConsoleRecord>('GET', `/api/sobjects/${type}/${encodeURIComponent(id)}`),
  /** Records of a type matching `where`, newest first; at most `limit` (the server's default 200). */
  list: (type: string, where: Record<string, string> = {}, limit?: number) =>
    request<ConsoleRecord[]>('GET', `/api/sobjects/${type}?${new URLSearchParams({ ...where, ...(limit ? { limit: String(limit) } : {}) }).toString()}`),
  create: (type: string, fields: Record<string, unknown>, headers?: Record<string, string>) =>
    request<{ id: string }>('POST', `/api/sobjects/${type}`, fields, headers),
  update: (type: string, id: string, fields: Record<string, unknown>, headers?: Record<string, string>) =>
    request<void>('PATCH', `/api/sobjects/${type}/${encodeURIComponent(id)}`, fields, headers),
  search: (q: string, types?: readonly string[]) =>
    request<ConsoleRecord[]>('GET', `/api/search?${new URLSearchParams({ q, ...(types ? { types: types.join(',') } : {}) }).toString()}`),
  /** The emulated org's Apex methods the console's `runApex` runs on its server (as the signed-in user). */
  apex: <T>(apexClass: string, methodName: string, body: Record<string, unknown>) =>
    request<T>('POST', `/api/console/apex/${encodeURIComponent(apexClass)}/${encodeURIComponent(methodName)}`, body),
  placeCall: (from: string, name?: string) => request<{ callId: string }>('POST', '/api/sim/calls', { from, ...(name ? { name } : {}) }),
  farEnd: (callId: string, action: 'hangup' | 'answer' | 'reject') => request<{ ok: true }>('POST', `/api/sim/calls/${encodeURIComponent(callId)}/${action}`),
  /** The far end of a participant the agent added (an external number): answers, is busy, hangs up. */
  participantFarEnd: (participantId: string, action: 'hangup' | 'answer' | 'reject') =>
    request<{ ok: true }>('POST', `/api/sim/participants/${encodeURIComponent(participantId)}/${action}`),
};

/** Object type of a record id, from its key prefix. */
export function typeOfId(id: string): string | undefined {
  return ({ '001': 'Account', '003': 'Contact', '00Q': 'Lead', '500': 'Case', '00T': 'Task' } as Record<string, string>)[id.slice(0, 3)];
}
