import { useEffect, useLayoutEffect, useRef, type MutableRef } from 'preact/hooks';
import type { CallId, CallPhase, CallState } from '../core/index.js';

/**
 * When a call that rings (or a wrap-up that opens) takes the keyboard focus:
 * - `when-idle` (the default): only while the softphone has the focus and the agent is not typing
 *   in one of its fields (a wrap-up's notes, a transfer number), so the focus is never taken from
 *   the Salesforce page or from text being written;
 * - `always`: at once, wherever the focus is.
 */
export type FocusOnRing = 'always' | 'when-idle';

/** Input types that take no typing: focus on them may move. */
const NOT_TYPED = new Set(['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit']);

/** Whether `element` is where the agent types: a text field, a text area or editable content. */
export function isTyping(element: Element | null): boolean {
  if (!element) return false;
  if (element.localName === 'textarea') return true;
  if (element.localName === 'input') return !NOT_TYPED.has((element as HTMLInputElement).type);
  return (element as HTMLElement).isContentEditable === true;
}

/** Whether, under `policy`, the focus may move to a new call's control now. */
export function mayTakeFocus(policy: FocusOnRing, doc: Document): boolean {
  return policy === 'always' || (doc.hasFocus() && !isTyping(doc.activeElement));
}

/** The control marked `data-autofocus` in `scope`, if it can take the focus (shown, enabled). */
function autofocusIn(scope: Element | null): HTMLElement | undefined {
  if (!scope || scope.closest('[hidden]')) return undefined;
  const control = scope.querySelector<HTMLElement>('[data-autofocus]:not(:disabled)');
  return control ?? undefined;
}

/**
 * Moves the keyboard focus where the agent needs it, after the calls in `main` render:
 * - to a call's main control (`data-autofocus`: Accept, the wrap-up's first field) when the call
 *   starts ringing or opens its wrap-up, as `policy` allows;
 * - back to a main control when the focused one went away with its phase (Accept once answered,
 *   Save once saved, the dialler hidden by a ring), so a keyboard user never lands on the page's
 *   start. Focus the agent put elsewhere is left where it is.
 */
export function useCallFocus(main: MutableRef<HTMLElement | null>, cards: readonly CallState[], policy: FocusOnRing): void {
  const phases = useRef(new Map<CallId, CallPhase>()).current;
  const lastFocused = useRef<Element | null>(null);
  useEffect(() => {
    const doc = main.current?.ownerDocument;
    if (!doc) return undefined;
    const remember = (event: FocusEvent): void => {
      lastFocused.current = event.target instanceof Element ? event.target : null;
    };
    doc.addEventListener('focusin', remember);
    return () => doc.removeEventListener('focusin', remember);
  }, [main]);
  useLayoutEffect(() => {
    const root = main.current;
    if (!root) return;
    let opened: CallId | undefined;
    for (const call of cards) {
      if (phases.get(call.id) !== call.phase && (call.phase === 'ringing' || call.phase === 'wrap-up')) opened ??= call.id;
    }
    phases.clear();
    for (const call of cards) phases.set(call.id, call.phase);
    const last = lastFocused.current;
    const lost = last !== null && (!last.isConnected || last.closest('[hidden]') !== null);
    if (opened === undefined && !lost) return;
    const doc = root.ownerDocument;
    const active = doc.activeElement;
    // Lost: the focused control went away and nothing took the focus since (not the agent, not the page).
    const focusLost = lost && doc.hasFocus() && (active === null || active === doc.body || active === last);
    if (lost) lastFocused.current = null;
    const card = (id: CallId) => root.querySelector(`article[data-call-id="${CSS.escape(id)}"]`);
    let target: HTMLElement | undefined;
    if (opened !== undefined && (focusLost || mayTakeFocus(policy, doc))) target = autofocusIn(card(opened));
    if (!target && focusLost) {
      const ringing = cards.find((call) => call.phase === 'ringing');
      target = (ringing && autofocusIn(card(ringing.id))) ?? cards.map((call) => autofocusIn(card(call.id))).find(Boolean) ?? autofocusIn(root.querySelector('.sp-dialler-slot'));
    }
    target?.focus();
  });
}
