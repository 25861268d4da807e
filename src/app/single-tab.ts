/**
 * One active softphone per agent and browser: with two tabs, both would answer the same calls and
 * log them twice. A Web Lock named after the provider and agent decides; the other tabs say they
 * are inactive and take over by themselves when the active one closes (the browser releases its
 * lock). Where the browser denies Web Locks to the softphone's frame (third-party storage blocked,
 * as in private windows), a BroadcastChannel election with heartbeats does the same job.
 */

/** What an inactive tab shows. */
export const INACTIVE_MESSAGE =
  'The softphone is open in another tab or window, which handles your calls. This one takes over when the other one closes.';

/** Heartbeat of the active tab in the BroadcastChannel fallback; three missed beats hand over. */
const HEARTBEAT_MS = 1000;

/**
 * Runs `activate` in exactly one tab of the browser for `scope`; `onInactive` is called in the
 * others, which wait and take over. Resolves once this tab is active and `activate` finished.
 */
export async function runInOneTab(scope: string, activate: () => Promise<void>, onInactive: () => void): Promise<void> {
  const name = `softphone-connector:${scope}`;
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks && (await locksUsable(locks))) return withLock(locks, name, activate, onInactive);
  if (typeof BroadcastChannel === 'function') return withChannel(name, activate, onInactive);
  return activate();
}

async function locksUsable(locks: LockManager): Promise<boolean> {
  try {
    await locks.query();
    return true;
  } catch {
    return false;
  }
}

async function withLock(locks: LockManager, name: string, activate: () => Promise<void>, onInactive: () => void): Promise<void> {
  let activation: Promise<void> = Promise.resolve();
  // The lock is held for the page's life: once activated, its callback's promise never settles. A
  // failed activation lets the lock go; its error reaches the caller through `activation`, not as
  // an unhandled rejection of the lock request.
  const hold = (): Promise<void> => {
    activation = activate();
    return activation.then(() => new Promise<never>(() => undefined), () => undefined);
  };
  const got = await new Promise<boolean>((resolve) => {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock ? hold() : undefined;
    });
  });
  if (!got) {
    onInactive();
    await new Promise<void>((resolve) => {
      void locks.request(name, () => {
        resolve();
        return hold();
      });
    });
  }
  return activation;
}

type Beat = { readonly kind: 'alive' | 'closing' | 'asking'; readonly tab: string };

/** The fallback: the active tab beats; a tab that hears no beat for three periods takes over. */
function withChannel(name: string, activate: () => Promise<void>, onInactive: () => void): Promise<void> {
  const channel = new BroadcastChannel(name);
  const tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let lastBeat = 0;
  let active = false;
  let told = false;
  return new Promise<void>((resolve, reject) => {
    const becomeActive = (): void => {
      if (active) return;
      active = true;
      clearInterval(watch);
      setInterval(() => channel.postMessage({ kind: 'alive', tab } satisfies Beat), HEARTBEAT_MS);
      addEventListener('pagehide', () => channel.postMessage({ kind: 'closing', tab } satisfies Beat));
      channel.postMessage({ kind: 'alive', tab } satisfies Beat);
      activate().then(resolve, reject);
    };
    channel.onmessage = (event: MessageEvent<Beat>) => {
      const beat = event.data;
      if (active) {
        if (beat?.kind === 'asking') channel.postMessage({ kind: 'alive', tab } satisfies Beat);
        return;
      }
      if (beat?.kind === 'alive') lastBeat = Date.now();
      if (beat?.kind === 'closing') lastBeat = 0;
    };
    channel.postMessage({ kind: 'asking', tab } satisfies Beat);
    const watch = setInterval(() => {
      if (Date.now() - lastBeat > 3 * HEARTBEAT_MS) becomeActive();
      else if (!told) {
        told = true;
        onInactive();
      }
    }, HEARTBEAT_MS / 4);
    // A short first wait: an active tab answers `asking` at once.
    setTimeout(() => {
      if (!active && lastBeat === 0) becomeActive();
    }, 150);
  });
}
