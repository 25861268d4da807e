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
