import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Command, Connector } from '../core/index.js';
import type { FocusOnRing } from './focus.js';

/** A number the agent often calls into a call (a colleague, a team, a help desk), offered by name. */
export interface QuickTarget {
  readonly label: string;
  readonly number: string;
}

/** What every softphone component needs. */
export interface SoftphoneContext {
  readonly connector: Connector;
  readonly dispositions: readonly string[];
  readonly now: () => number;
  /** When a ringing call takes the keyboard focus (see `SoftphoneUiOptions.focusOnRing`). */
  readonly focusOnRing: FocusOnRing;
  /** Numbers the agent adds to calls often (see `SoftphoneUiOptions.quickTargets`). */
  readonly quickTargets: readonly QuickTarget[];
  /** Runs a command; a failure becomes a visible error instead of an unhandled rejection. */
  readonly run: (command: Command) => void;
}

/** @internal */
export const Softphone = createContext<SoftphoneContext | undefined>(undefined);

/** The softphone's context; throws outside `mountSoftphone`. */
export function useSoftphone(): SoftphoneContext {
  const context = useContext(Softphone);
  if (!context) throw new Error('softphone components must be rendered by mountSoftphone');
  return context;
}
