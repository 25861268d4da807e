/**
 * The local console's `opencti_min.js`: defines `window.sforce.opencti` inside the softphone iframe
 * and forwards every call to the console by postMessage, so the production Open CTI bridge runs
 * unmodified. As in Salesforce, the console's origin arrives as the `sfdcIframeOrigin` URL parameter.
 *
 * What this script decides itself, before the console sees a call:
 * - a method the guide says needs its callback (`getAppViewInfo`, `getCallCenterSettings`,
 *   `getSoftphoneLayout`, `isSoftphonePanelVisible`), or a listener registration, without its function
 *   throws a `TypeError` at once: there is no callback to report to, and the mistake is the caller's;
 * - arguments that cannot be structured-cloned (a function or symbol in an LMS message…) answer
 *   `INVALID_PARAM`;
 * - outside the console (no parent, no `sfdcIframeOrigin`) every call answers `SOFTPHONE_CONTAINER_ERROR`.
 * Everything else, including every other argument check, is the console's (`OpenCtiHost`).
 */
import type { OpenCtiApiErrorCode } from '../../salesforce/opencti/types.js';
import { CALLBACK_REQUIRED, CHANNEL, isEmulationMessage, type EmulatedEventName, type EmulatedResult } from './protocol.js';

type Callback = (result: EmulatedResult) => void;
type Listener = (payload: unknown) => void;

const LISTENER_METHODS: Readonly<Record<string, EmulatedEventName>> = {
  onClickToDial: 'clickToDial',
  onNavigationChange: 'navigationChange',
};

const METHODS = [
  'searchAndScreenPop', 'screenPop', 'saveLog', 'runApex', 'refreshView', 'enableClickToDial', 'disableClickToDial',
  'getAppViewInfo', 'setSoftphonePanelVisibility', 'isSoftphonePanelVisible', 'setSoftphonePanelHeight',
  'setSoftphonePanelWidth', 'setSoftphonePanelLabel', 'setSoftphonePanelIcon', 'setSoftphoneItemLabel',
  'setSoftphoneItemIcon', 'getCallCenterSettings', 'getSoftphoneLayout', 'notifyInitializationComplete',
  'publish', 'unsubscribe',
];

const consoleOrigin = new URLSearchParams(location.search).get('sfdcIframeOrigin');
const pending = new Map<number, Callback | undefined>();
const listeners = new Map<EmulatedEventName, Listener[]>();
/** LMS listeners by subscription id. */
const lmsListeners = new Map<string, Listener>();
let nextId = 1;

const failure = (code: OpenCtiApiErrorCode, description: string): EmulatedResult => ({ success: false, returnValue: null, errors: [{ code, description }] });

function post(method: string, args: Record<string, unknown>, callback: Callback | undefined): void {
  if (!consoleOrigin || window.parent === window) {
    const answer = failure('SOFTPHONE_CONTAINER_ERROR', 'Open CTI is only available inside the console: sfdcIframeOrigin is missing.');
    if (callback) setTimeout(() => callback(answer));
    return;
  }
  const id = nextId++;
  try {
    window.parent.postMessage({ channel: CHANNEL, kind: 'call', id, method, args }, consoleOrigin);
  } catch (error) {
    // DataCloneError: a function, symbol or DOM node among the arguments.
    const answer = failure('INVALID_PARAM', `${method}: the arguments must be serializable data, without functions or symbols (${error instanceof Error ? error.message : String(error)}).`);
    if (callback) setTimeout(() => callback(answer));
    return;
  }
  pending.set(id, callback);
}

/** Splits an Open CTI argument object into its data and its `callback` and `listener` functions. */
function split(params: unknown): { data: Record<string, unknown>; callback?: Callback; listener?: Listener } {
  const data: Record<string, unknown> = {};
  let callback: Callback | undefined;
  let listener: Listener | undefined;
  if (typeof params === 'object' && params !== null) {
    for (const [key, value] of Object.entries(params)) {
      if (key === 'callback' && typeof value === 'function') callback = value as Callback;
      else if (key === 'listener' && typeof value === 'function') listener = value as Listener;
      else if (key !== 'callback' && key !== 'listener') data[key] = value;
    }
  }
  return { data, callback, listener };
}

const api: Record<string, unknown> = {
  CALL_TYPE: Object.freeze({ INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' }),
  SCREENPOP_TYPE: Object.freeze({
    SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow',
  }),
};
for (const method of METHODS) {
  api[method] = (params?: unknown) => {
    const { data, callback } = split(params);
    if (!callback && CALLBACK_REQUIRED.includes(method)) throw new TypeError(`sforce.opencti.${method}: the callback argument is required and must be a function.`);
    if (method === 'unsubscribe') {
      post(method, data, (result) => {
        if (result.success && typeof data.subscription === 'string') lmsListeners.delete(data.subscription);
        callback?.(result);
      });
      return;
    }
    post(method, data, callback);
  };
}
for (const [method, event] of Object.entries(LISTENER_METHODS)) {
  // Documented with a listener only: registering asks the console nothing and answers nothing.
  api[method] = (params?: unknown) => {
    const { listener } = split(params);
    if (!listener) throw new TypeError(`sforce.opencti.${method}: the listener argument is required and must be a function.`);
    listeners.set(event, [...(listeners.get(event) ?? []), listener]);
  };
}
api.subscribe = (params?: unknown) => {
  const { data, callback, listener } = split(params);
  if (!listener) {
    if (!callback) throw new TypeError('sforce.opencti.subscribe: the listener argument is required and must be a function.');
    setTimeout(() => callback(failure('INVALID_PARAM', 'subscribe: listener must be a function.')));
    return;
  }
  post('subscribe', data, (result) => {
    const subscription = (result.returnValue as { subscription?: unknown } | null)?.subscription;
    if (result.success && typeof subscription === 'string') lmsListeners.set(subscription, listener);
    callback?.(result);
  });
};

window.addEventListener('message', (event: MessageEvent) => {
  if (event.origin !== consoleOrigin || event.source !== window.parent || !isEmulationMessage(event.data)) return;
  const message = event.data;
  if (message.kind === 'result') {
    if (!pending.has(message.id)) return;
    const callback = pending.get(message.id);
    pending.delete(message.id);
    callback?.(message.result);
  } else if (message.kind === 'event') {
    if (message.event === 'message') {
      for (const subscription of message.subscriptions ?? []) lmsListeners.get(subscription)?.(message.payload);
      return;
    }
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  }
});

const target = window as unknown as { sforce?: Record<string, unknown> };
target.sforce = { ...(target.sforce ?? {}), opencti: api };
