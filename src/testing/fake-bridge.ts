import type { CallLog, ClickToDialRequest, PopRequest, PopResult, RecordRef, SalesforceBridge } from '../core/index.js';

/** A saved log as the fake host keeps it. */
export interface FakeLogRecord {
  readonly recordId: string;
  readonly log: CallLog;
  /** How many times it was written (1 = created only). */
  readonly writes: number;
}

/**
 * An in-memory {@link SalesforceBridge} for tests: answers pops from a table, stores logs, and can be
 * told to fail the next saves. Everything it was asked is recorded.
 */
export class FakeBridge implements SalesforceBridge {
  readonly pops: PopRequest[] = [];
  readonly logs = new Map<string, FakeLogRecord>();
  readonly labels: string[] = [];
  shown = 0;
  readyCalls = 0;
  /** Saves to fail before the next one succeeds. */
  failNextSaves = 0;
  /** Saves to carry out whose answer is then lost (the caller sees a failure). */
  loseNextAnswers = 0;
  /** How many times {@link findCallLog} was asked. */
  lookups = 0;
  private clickToDial?: (request: ClickToDialRequest) => void;
  private navigation?: (record: RecordRef | undefined) => void;
  private nextId = 1;

  constructor(private readonly directory: Readonly<Record<string, PopResult>> = {}) {}

  async popCaller(request: PopRequest): Promise<PopResult> {
    this.pops.push(request);
    return this.directory[request.number] ?? { kind: 'none' };
  }

  async saveCallLog(log: CallLog, recordId?: string): Promise<{ recordId: string }> {
    if (this.failNextSaves > 0) {
      this.failNextSaves--;
      throw new Error('saveLog failed (injected)');
    }
    const saved = this.store(log, recordId);
    if (this.loseNextAnswers > 0) {
      this.loseNextAnswers--;
      throw new Error('saveLog timed out (injected: saved, answer lost)');
    }
    return saved;
  }

  async findCallLog(callId: string): Promise<string | undefined> {
    this.lookups++;
    return this.logsOf(callId)[0]?.recordId;
  }

  private store(log: CallLog, recordId?: string): { recordId: string } {
    if (recordId) {
      const existing = this.logs.get(recordId);
      if (!existing) throw new Error(`saveLog: no record ${recordId} to update`);
      this.logs.set(recordId, { recordId, log, writes: existing.writes + 1 });
      return { recordId };
    }
    const id = `00T${String(this.nextId++).padStart(15, '0')}`;
    this.logs.set(id, { recordId: id, log, writes: 1 });
    return { recordId: id };
  }

  async showSoftphone(): Promise<void> {
    this.shown++;
  }

  async setStatusLabel(label: string): Promise<void> {
    this.labels.push(label);
  }

  async enableClickToDial(handler: (request: ClickToDialRequest) => void): Promise<void> {
    this.clickToDial = handler;
  }

  async onNavigationChange(handler: (record: RecordRef | undefined) => void): Promise<void> {
    this.navigation = handler;
  }

  async ready(): Promise<void> {
    this.readyCalls++;
  }

  /** Simulates a click on a phone link. */
  click(request: ClickToDialRequest): void {
    if (!this.clickToDial) throw new Error('click-to-dial was not enabled');
    this.clickToDial(request);
  }

  /** Simulates the agent opening a record. */
  navigate(record: RecordRef | undefined): void {
    this.navigation?.(record);
  }

  /** Logs whose `callId` is the given call. */
  logsOf(callId: string): FakeLogRecord[] {
    return [...this.logs.values()].filter((record) => record.log.callId === callId);
  }
}
