import { useEffect, useState } from 'preact/hooks';
import type { Connector, ConnectorState } from '../core/index.js';

/** The connector's state, re-rendering on every change. */
export function useConnectorState(connector: Connector): ConnectorState {
  const [state, setState] = useState(connector.getState());
  useEffect(() => {
    setState(connector.getState());
    return connector.subscribe(setState);
  }, [connector]);
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
