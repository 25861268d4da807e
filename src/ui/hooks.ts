import { options } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Connector, ConnectorState } from '../core/index.js';

let urgent = false;
let installs = 0;
let previousDebounce: typeof options.debounceRendering;

/**
 * Preact draws state changes in a microtask: after the rest of the task that made them. For a
 * provider's event that is the rest of its SIP stack's (or SDK's) handler. A change the agent waits
 * to see is drawn at once instead (see `useConnectorState`), unless a render is already queued in
 * this task: Preact then draws it with that one. A failing render must not fail the connector's
 * dispatch, in whose listener it then runs: its error is thrown on its own.
 *
 * This is Preact's one global render scheduler, so it is set only while a softphone is mounted
 * (importing the UI changes nothing) and given back as it was when the last one unmounts.
 * Returns the uninstall function.
 */
export function installUrgentRendering(): () => void {
  if (installs++ === 0) {
    previousDebounce = options.debounceRendering;
    const deferRender = previousDebounce ?? queueMicrotask;
    options.debounceRendering = (flush) => {
      if (!urgent) return deferRender(flush);
      try {
        flush();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    };
  }
  let installed = true;
  return () => {
    if (!installed) return;
    installed = false;
    if (--installs === 0) options.debounceRendering = previousDebounce;
  };
}

/** Whether a call appeared, or one changed phase (rang, connected, ended…): what the agent waits to see. */
function phaseChanged(previous: ConnectorState, next: ConnectorState): boolean {
  if (next.calls === previous.calls) return false;
  for (const id in next.calls) if (next.calls[id]?.phase !== previous.calls[id]?.phase) return true;
  return false;
}

/**
 * The connector's state, re-rendering on every change. With `urgentPhases`, a call's new phase is
 * rendered at once, in the connector's dispatch, rather than after the provider's handler returns.
 */
export function useConnectorState(connector: Connector, { urgentPhases = false } = {}): ConnectorState {
  const [state, setState] = useState(connector.getState());
  useEffect(() => {
    let previous = connector.getState();
    setState(previous);
    return connector.subscribe((next) => {
      urgent = urgentPhases && phaseChanged(previous, next);
      previous = next;
      try {
        setState(next);
      } finally {
        urgent = false;
      }
    });
  }, [connector, urgentPhases]);
  return state;
}

/**
 * The parts of the connector's state that `select` picks, re-rendering only when one of them changes
 * (compared by identity), so a part of the softphone that does not show calls is left alone on a ring.
 * `select` is read once: pass a function defined outside the component.
 */
export function useConnectorSelect<T extends Readonly<Record<string, unknown>>>(connector: Connector, select: (state: ConnectorState) => T): T {
  const [selected, setSelected] = useState(() => select(connector.getState()));
  useEffect(() => {
    const update = (state: ConnectorState): void => setSelected((previous) => {
      const next = select(state);
      for (const key in next) if (next[key] !== previous[key]) return next;
      return previous;
    });
    update(connector.getState());
    return connector.subscribe(update);
  }, [connector]);
  return selected;
}

/** The current time, ticking every second while `active`. */
export function useNow(now: () => number, active: boolean): number {
  const [time, setTime] = useState(now());
  useEffect(() => {
    if (!active) return undefined;
    setTime(now());
    const timer = setInterval(() => setTime(now()), 1000);
    return () => clearInterval(timer);
  }, [active, now]);
  return time;
}
