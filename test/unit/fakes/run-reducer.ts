import { initialState, reduce, type ConnectorEvent, type ConnectorState, type Effect, type ReducerOptions } from '../../../src/core/index.js';

/** Runs events through the reducer from `from`, collecting every effect. */
export function runReducer(events: readonly ConnectorEvent[], options: ReducerOptions, from: ConnectorState = initialState()): { state: ConnectorState; effects: Effect[] } {
  let state = from;
  const effects: Effect[] = [];
  for (const event of events) {
    const transition = reduce(state, event, options);
    state = transition.state;
    effects.push(...transition.effects);
  }
  return { state, effects };
}
