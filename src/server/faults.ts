/**
 * Fault injection for the local console and the telephony simulator: off by default, switched on
 * by tests (`PUT /api/admin/faults`) or the environment (`SOFTPHONE_FAULTS`), to prove that the
 * softphone loses and doubles nothing when Salesforce or the phone system misbehaves.
 */
import { ConfigError } from '../core/index.js';

/** What goes wrong, and how often. Rates are probabilities from 0 to 1. */
export interface FaultSettings {
  /** Share of the softphone's saveLog calls that fail without saving. */
  readonly saveLogFailureRate: number;
  /** Share of saveLog calls that save, then lose their answer (the softphone cannot know it saved). */
  readonly saveLogDropResponseRate: number;
  /** Added delay of every saveLog, in ms. */
  readonly saveLogLatencyMs: number;
  /** Share of simulator events sent twice. */
  readonly duplicateEventRate: number;
  /** Share of simulator events held back and sent after the next one. */
  readonly reorderEventRate: number;
}

/** Everything off. */
export const NO_FAULTS: FaultSettings = {
  saveLogFailureRate: 0,
  saveLogDropResponseRate: 0,
  saveLogLatencyMs: 0,
  duplicateEventRate: 0,
  reorderEventRate: 0,
};

const RATES = ['saveLogFailureRate', 'saveLogDropResponseRate', 'duplicateEventRate', 'reorderEventRate'] as const;

/** Validates (part of) a fault configuration; unknown or out-of-range fields are named in a {@link ConfigError}. */
export function parseFaults(value: unknown, base: FaultSettings = NO_FAULTS, field = 'faults'): FaultSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(field, 'an object', value);
  const input = value as Record<string, unknown>;
  const known = new Set<string>(Object.keys(NO_FAULTS));
  const unknown = Object.keys(input).find((key) => !known.has(key));
  if (unknown) throw new ConfigError(`${field}.${unknown}`, `one of ${[...known].join(', ')}`, unknown);
  const next: Record<string, number> = { ...base };
  for (const key of RATES) {
    if (input[key] === undefined) continue;
    const rate = input[key];
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new ConfigError(`${field}.${key}`, 'a number from 0 to 1', rate);
    next[key] = rate;
  }
  if (input.saveLogLatencyMs !== undefined) {
    const ms = input.saveLogLatencyMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 60_000) {
      throw new ConfigError(`${field}.saveLogLatencyMs`, 'a whole number of milliseconds from 0 to 60000', ms);
    }
    next.saveLogLatencyMs = ms;
  }
  return next as unknown as FaultSettings;
}

/** Reads `SOFTPHONE_FAULTS` (JSON, e.g. `{"saveLogFailureRate":0.3}`); nothing set means no faults. */
export function faultsFromEnv(env: Readonly<Record<string, string | undefined>>): FaultSettings {
  const text = env.SOFTPHONE_FAULTS;
  if (!text) return NO_FAULTS;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError('SOFTPHONE_FAULTS', 'JSON such as {"saveLogFailureRate":0.3}', text);
  }
  return parseFaults(value, NO_FAULTS, 'SOFTPHONE_FAULTS');
}

/** The longest a reordered event is held back when no other event follows it. */
const REORDER_HOLD_MS = 200;

/** What a saveLog is to suffer. */
export type SaveLogFault = 'none' | 'fail' | 'drop-response';

/** The live fault switches of one server, and counts of what was injected. */
export class FaultInjector {
  private current: FaultSettings;
  private readonly droppers = new Set<() => void>();
  /** How many faults of each kind were injected so far. */
  readonly injected = { saveLogFailures: 0, saveLogDroppedResponses: 0, duplicatedEvents: 0, reorderedEvents: 0, droppedConnections: 0 };

  constructor(
    settings: FaultSettings = NO_FAULTS,
    private readonly random: () => number = Math.random,
  ) {
    this.current = settings;
  }

  get settings(): FaultSettings {
    return this.current;
  }

  /** Changes some switches; the rest stay. */
  update(patch: unknown): FaultSettings {
    this.current = parseFaults(patch, this.current);
    return this.current;
  }

  /** Registers a connection that {@link dropConnections} may cut; returns the unregister function. */
  register(drop: () => void): () => void {
    this.droppers.add(drop);
    return () => this.droppers.delete(drop);
  }

  /** Cuts every registered connection at once, as a network drop would; returns how many. */
  dropConnections(): number {
    const drops = [...this.droppers];
    this.droppers.clear();
    for (const drop of drops) drop();
    this.injected.droppedConnections += drops.length;
    return drops.length;
  }

  /** Decides the fate of one saveLog, after the configured latency. */
  async saveLog(): Promise<SaveLogFault> {
    const { saveLogLatencyMs, saveLogFailureRate, saveLogDropResponseRate } = this.current;
    if (saveLogLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, saveLogLatencyMs));
    const roll = this.random();
    if (roll < saveLogFailureRate) {
      this.injected.saveLogFailures++;
      return 'fail';
    }
    if (roll < saveLogFailureRate + saveLogDropResponseRate) {
      this.injected.saveLogDroppedResponses++;
      return 'drop-response';
    }
    return 'none';
  }

  /**
   * Wraps one agent connection's `send` with duplicated and reordered events. Results of commands
   * pass untouched: the faults are the phone system's, not the request protocol's.
   */
  events<M extends { readonly type: string }>(send: (message: M) => void): (message: M) => void {
    let held: M | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const release = (): void => {
      clearTimeout(timer);
      const late = held;
      held = undefined;
      if (late !== undefined) send(late);
    };
    return (message) => {
      if (message.type === 'result' || message.type === 'hello') return send(message);
      const { duplicateEventRate, reorderEventRate } = this.current;
      if (held === undefined && this.random() < reorderEventRate) {
        this.injected.reorderedEvents++;
        held = message;
        // Late, never lost: without a next event it still goes out, after a moment.
        timer = setTimeout(release, REORDER_HOLD_MS);
        return;
      }
      send(message);
      if (this.random() < duplicateEventRate) {
        this.injected.duplicatedEvents++;
        send(message);
      }
      release();
    };
  }
}

/** Softphone tuning a console passes to its page: call-log retry back-off and the Open CTI timeout. */
export interface SoftphoneTuning {
  readonly logRetry?: { readonly baseMs: number; readonly maxMs: number };
  readonly openCtiTimeoutMs?: number;
}

/**
 * Reads `SOFTPHONE_LOG_RETRY_MS` (`base,max`, e.g. `100,2000`) and `SOFTPHONE_OPENCTI_TIMEOUT_MS`:
 * fault tests shorten the waits that production keeps long.
 */
export function softphoneTuningFromEnv(env: Readonly<Record<string, string | undefined>>): SoftphoneTuning {
  const tuning: { logRetry?: { baseMs: number; maxMs: number }; openCtiTimeoutMs?: number } = {};
  const retry = env.SOFTPHONE_LOG_RETRY_MS;
  if (retry) {
    const [baseMs, maxMs] = retry.split(',').map(Number);
    if (!Number.isInteger(baseMs) || !Number.isInteger(maxMs) || baseMs! < 10 || maxMs! < baseMs! || maxMs! > 600_000) {
      throw new ConfigError('SOFTPHONE_LOG_RETRY_MS', '"base,max" in whole milliseconds with 10 ≤ base ≤ max ≤ 600000, e.g. "100,2000"', retry);
    }
    tuning.logRetry = { baseMs: baseMs!, maxMs: maxMs! };
  }
  const timeout = env.SOFTPHONE_OPENCTI_TIMEOUT_MS;
  if (timeout) {
    const ms = Number(timeout);
    if (!Number.isInteger(ms) || ms < 100 || ms > 120_000) throw new ConfigError('SOFTPHONE_OPENCTI_TIMEOUT_MS', 'whole milliseconds from 100 to 120000', timeout);
    tuning.openCtiTimeoutMs = ms;
  }
  return tuning;
}
