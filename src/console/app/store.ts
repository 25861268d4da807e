import { useEffect, useState } from 'preact/hooks';
import type { FlowArg, SoftphoneLayout } from '../../salesforce/opencti/types.js';
import { DEFAULT_SOFTPHONE_LAYOUT } from '../store/softphone-layout.js';
import type { ConsoleRecord } from './api.js';

/** A workspace tab of the console. */
export type Tab =
  | { readonly key: string; readonly kind: 'home' }
  | { readonly key: string; readonly kind: 'record'; readonly recordId: string; readonly objectType: string; readonly title: string;
      /** The record as it was when the tab opened, so the page renders at once; it refetches on changes. */
      readonly record?: ConsoleRecord }
  | { readonly key: string; readonly kind: 'list'; readonly objectType: string; readonly listViewId?: string }
  | { readonly key: string; readonly kind: 'search'; readonly term: string; readonly results: readonly ConsoleRecord[] }
  /** A page by URL: in the app (relative), or one Salesforce opens in a new browser tab (external). */
  | { readonly key: string; readonly kind: 'url'; readonly url: string; readonly external: boolean }
  /** A flow a screen pop started, with its input variables. */
  | { readonly key: string; readonly kind: 'flow'; readonly flowDevName: string; readonly flowArgs: readonly FlowArg[] }
  /** Setup → Softphone Layout. */
  | { readonly key: string; readonly kind: 'setup' };

/** A new-record form opened by a screen pop or the agent. */
export interface NewRecordModal {
  readonly objectType: string;
  readonly defaults: Readonly<Record<string, string>>;
}

/** A toast message. */
export interface Toast {
  readonly id: number;
  readonly variant: 'success' | 'error' | 'info';
  readonly text: string;
}

/** Everything the console shows. */
export interface ConsoleState {
  readonly tabs: readonly Tab[];
  readonly active: string;
  readonly modal?: NewRecordModal;
  /** Which utility panel is open. */
  readonly utility?: 'phone' | 'simulator';
  readonly phoneLabel: string;
  readonly phoneIcon: string;
  readonly panelLabel: string;
  readonly panelWidth: number;
  readonly panelHeight: number;
  readonly clickToDial: boolean;
  readonly softphoneReady: boolean;
  /** The org's Softphone Layout, as Setup saved it. */
  readonly softphoneLayout: SoftphoneLayout;
  /** Bumped after a save, so record pages refetch. */
  readonly revision: number;
  readonly toasts: readonly Toast[];
}

type Listener = (state: ConsoleState) => void;

/** A minimal observable store. */
export class Store {
  private listeners = new Set<Listener>();
  constructor(private state: ConsoleState) {}
  get(): ConsoleState {
    return this.state;
  }
  set(update: Partial<ConsoleState> | ((state: ConsoleState) => Partial<ConsoleState>)): void {
    const patch = typeof update === 'function' ? update(this.state) : update;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Subscribes a component to the store. */
export function useConsoleState(store: Store): ConsoleState {
  const [state, setState] = useState(store.get());
  useEffect(() => store.subscribe(setState), [store]);
  return state;
}

/** The console's first state, with the Softphone Layout the server sent. */
export function initialConsoleState(softphoneLayout: SoftphoneLayout = DEFAULT_SOFTPHONE_LAYOUT): ConsoleState {
  return {
    tabs: [{ key: 'home', kind: 'home' }],
    active: 'home',
    phoneLabel: 'Phone',
    phoneIcon: 'call',
    panelLabel: 'Phone',
    panelWidth: 340,
    panelHeight: 560,
    clickToDial: false,
    softphoneReady: false,
    softphoneLayout,
    revision: 0,
    toasts: [],
  };
}
