/**
 * The console's Lightning Message Service: message channels by API name, subscribers in the
 * softphone frame (through Open CTI's `subscribe`) and in the console itself (for its own utility
 * components). A message published on a channel reaches every subscriber of that channel, whoever
 * published it, the publisher included, as LMS does.
 */

/** A subscriber in the console page. */
export type ConsoleSubscriber = (message: unknown) => void;

interface Subscription {
  readonly channelName: string;
  /** Absent for the softphone frame's subscriptions, which the frame delivers itself. */
  readonly listener?: ConsoleSubscriber;
}

/** Lightning Message Service of the local console. */
export class MessageService {
  private readonly subscriptions = new Map<string, Subscription>();
  private nextId = 1;

  /**
   * @param deliverToFrame sends a message to the softphone frame for the given subscriptions of it.
   */
  constructor(private readonly deliverToFrame: (subscriptions: readonly string[], message: unknown) => void) {}

  /** A subscription of the softphone frame: the frame keeps the listener under the returned id. */
  subscribeFrame(channelName: string): string {
    const id = `lms-${this.nextId++}`;
    this.subscriptions.set(id, { channelName });
    return id;
  }

  /** A subscription of the console page; returns its unsubscribe function. */
  subscribe(channelName: string, listener: ConsoleSubscriber): () => void {
    const id = `lms-${this.nextId++}`;
    this.subscriptions.set(id, { channelName, listener });
    return () => this.subscriptions.delete(id);
  }

  /** Ends a frame subscription; false when it is not an active one of the frame. */
  unsubscribeFrame(id: string): boolean {
    const subscription = this.subscriptions.get(id);
    if (!subscription || subscription.listener) return false;
    return this.subscriptions.delete(id);
  }

  /** Publishes `message` on `channelName` to every subscriber of it; returns how many there were. */
  publish(channelName: string, message: unknown): number {
    const frame: string[] = [];
    const local: ConsoleSubscriber[] = [];
    for (const [id, subscription] of this.subscriptions) {
      if (subscription.channelName !== channelName) continue;
      if (subscription.listener) local.push(subscription.listener);
      else frame.push(id);
    }
    if (frame.length > 0) this.deliverToFrame(frame, message);
    // Each console subscriber gets its own copy, as a structured clone would give it.
    for (const listener of local) queueMicrotask(() => listener(structuredClone(message)));
    return frame.length + local.length;
  }

  /** Drops the softphone frame's subscriptions (the frame was reloaded and lost its listeners). */
  resetFrame(): void {
    for (const [id, subscription] of this.subscriptions) if (!subscription.listener) this.subscriptions.delete(id);
  }
}
