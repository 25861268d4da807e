/**
 * A supervisor's list of the team's live calls in the contact-centre mode: read from the server
 * (`GET team-calls`, which reads Twilio) now and every interval while connected, and reported as
 * `team-calls` only when it changed. A read that started before a newer one finished is dropped, so
 * a slow answer never brings back a list that is already out of date. The server refuses an agent
 * (403): then the softphone stops asking, and shows no list.
 */
import type { TeamCall, TeamCallsEvent } from '../../core/index.js';
import { TwilioCallControlError, type ContactCentreApi } from './contact-centre-api.js';

/** Options of {@link TeamCallsPoller}. */
export interface TeamCallsPollerOptions {
  readonly api: Pick<ContactCentreApi, 'teamCalls'>;
  /** How often the list is read (ms). */
  readonly intervalMs: number;
  readonly emit: (event: TeamCallsEvent) => void;
  readonly now: () => number;
}

/** Reads the team's calls on a timer; `refresh()` reads at once (after the supervisor joins or leaves a call). */
export class TeamCallsPoller {
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private started = 0;
  private applied = 0;
  private last?: string;
  private calls: readonly TeamCall[] = [];

  constructor(private readonly options: TeamCallsPollerOptions) {}

  /** The last list read. */
  get current(): readonly TeamCall[] {
    return this.calls;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.refresh();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Reads the list now; the timer starts over from this read. */
  refresh(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const read = ++this.started;
    this.options.api.teamCalls().then(
      (calls) => {
        if (!this.running || read < this.applied) return;
        this.applied = read;
        const text = JSON.stringify(calls);
        if (text !== this.last) {
          this.last = text;
          this.calls = calls;
          this.options.emit({ type: 'team-calls', at: this.options.now(), calls });
        }
        this.schedule(read);
      },
      (error: unknown) => {
        if (error instanceof TwilioCallControlError && error.failure === 'forbidden') return this.stop();
        // Anything else (the network, Twilio busy): the last list stays, and the next read tries again.
        this.schedule(read);
      },
    );
  }

  /** The next read, unless a later read already set one. */
  private schedule(read: number): void {
    if (!this.running || read !== this.started) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, this.options.intervalMs);
  }
}
