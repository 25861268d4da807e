/**
 * Where the time of a call goes: the connector notes when each stage of a call happened (event
 * received, state applied, screen pop sent and answered, log saved…) and of its own start-up, on a
 * high-resolution wall clock, so a debug panel and the benchmarks can show every millisecond.
 */
import type { CallId } from './events.js';

/** One noted moment. `at` is epoch milliseconds with sub-millisecond resolution. */
export interface TimelineMark {
  readonly stage: string;
  readonly at: number;
}

/** The noted moments of one call (or of the start-up), oldest first. */
export interface Timeline {
  readonly id: string;
  readonly marks: readonly TimelineMark[];
}

/**
 * Stages the connector notes besides each event's arrival (stage = the event's type, e.g. `ringing`,
 * `caller-popped`, `call-logged`); hosts and the UI add their own (`ringing:shown`…).
 */
export const STAGES = {
  /** Suffix: the reducer has applied the event and the UI subscribers were told (`ringing:applied`). */
  applied: ':applied',
  /** Suffix: the UI has the call's new phase in the DOM (`ringing:shown`). */
  shown: ':shown',
  /** The bridge was asked to pop the caller's record. */
  popRequested: 'pop-requested',
  /** The bridge could not pop the record. */
  popFailed: 'pop-failed',
  /** The bridge was asked to save the call's log. */
  logRequested: 'log-requested',
} as const;

/** A wall clock with the resolution of `performance.now()` where there is one. */
export function highResolutionClock(): () => number {
  const performance = (globalThis as { performance?: { timeOrigin?: number; now(): number } }).performance;
  if (performance && typeof performance.timeOrigin === 'number') {
    const origin = performance.timeOrigin;
    return () => origin + performance.now();
  }
  return Date.now;
}

const MAX_MARKS_PER_CALL = 64;

/**
 * Keeps the timelines of the last `limit` calls (and the start-up's), so a whole shift of calls
 * costs a bounded amount of memory.
 */
export class TimelineRecorder {
  private readonly calls = new Map<CallId, TimelineMark[]>();
  private readonly startupMarks: TimelineMark[] = [];
  private readonly startupListeners = new Set<() => void>();

  constructor(
    private readonly clock: () => number = highResolutionClock(),
    private readonly limit = 20,
  ) {}

  /** Notes that `stage` of call `callId` happened now (or at `at`). */
  mark(callId: CallId, stage: string, at = this.clock()): void {
    let marks = this.calls.get(callId);
    if (!marks) {
      marks = [];
      this.calls.set(callId, marks);
      if (this.calls.size > this.limit) {
        const oldest = this.calls.keys().next().value;
        if (oldest !== undefined) this.calls.delete(oldest);
      }
    }
    if (marks.length < MAX_MARKS_PER_CALL) marks.push({ stage, at });
  }

  /** Notes a stage of the connector's start-up. */
  markStartup(stage: string, at = this.clock()): void {
    if (this.startupMarks.length >= MAX_MARKS_PER_CALL) return;
    this.startupMarks.push({ stage, at });
    for (const listener of this.startupListeners) listener();
  }

  /** Calls `listener` after each new start-up mark (the start-up is over once `host-ready` is noted); returns the unsubscribe function. */
  onStartupMark(listener: () => void): () => void {
    this.startupListeners.add(listener);
    return () => this.startupListeners.delete(listener);
  }

  /** The timeline of one call, if it is among the last ones. */
  call(callId: CallId): Timeline | undefined {
    const marks = this.calls.get(callId);
    return marks ? { id: callId, marks: [...marks] } : undefined;
  }

  /** The timelines of the last calls, most recent first. */
  recentCalls(): Timeline[] {
    return [...this.calls].reverse().map(([id, marks]) => ({ id, marks: [...marks] }));
  }

  /** The start-up's timeline. */
  startup(): Timeline {
    return { id: 'startup', marks: [...this.startupMarks] };
  }
}
