import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CallId } from '../core/index.js';

/** Keys of the call cards on screen, and of the standby card when one is built and unused. */
export interface CardKeys {
  /** The key of call `id`'s card (stable for the call's life). */
  keyOf(id: CallId): number;
  /** The key of the hidden card built ahead for the next call, if there is one to show. */
  readonly standby?: number;
}

/** Runs `task` when the page has nothing else to do (soon after, where idle callbacks are missing). */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(task, 50);
  return () => clearTimeout(timer);
}

/**
 * Keys for the call cards. A call keeps its card for life, and a new call takes over the standby
 * card: a ringing card built ahead of time and kept hidden. A ring then costs the UI a few texts and
 * attributes in a card that exists, not a card built from nothing while the agent waits; the next
 * standby card is built once the page is idle.
 */
export function useCardKeys(ids: readonly CallId[]): CardKeys {
  const keys = useRef(new Map<CallId, number>()).current;
  const nextKey = useRef(1);
  const [standby, setStandby] = useState(0);
  for (const id of keys.keys()) if (!ids.includes(id)) keys.delete(id);
  let standbyFree = ![...keys.values()].includes(standby);
  for (const id of ids) {
    if (keys.has(id)) continue;
    if (standbyFree) {
      keys.set(id, standby);
      standbyFree = false;
    } else {
      keys.set(id, nextKey.current++);
    }
  }
  // A layout effect, only to ask for an idle callback: a plain effect would cost a ring two more timers.
  useLayoutEffect(() => {
    if (standbyFree) return undefined;
    return whenIdle(() => setStandby(nextKey.current++));
  }, [standbyFree]);
  return { keyOf: (id) => keys.get(id) ?? -1, ...(standbyFree ? { standby } : {}) };
}
