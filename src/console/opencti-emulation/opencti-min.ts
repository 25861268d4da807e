/**
 * The local console's `opencti_min.js`: defines `window.sforce.opencti` inside the softphone iframe
 * and forwards every call to the console by postMessage, so the production Open CTI bridge runs
 * unmodified. As in Salesforce, the console's origin arrives as the `sfdcIframeOrigin` URL parameter.
 */
import { CHANNEL, isEmulationMessage, type EmulatedEventName, type EmulatedResult } from './protocol.js';

type Callback = (result: EmulatedResult) => void;
type Listener = (payload: unknown) => void;

const LISTENER_METHODS: Readonly<Record<string, EmulatedEventName>> = {
  onClickToDial: 'clickToDial',
  onNavigationChange: 'navigationChange',
  onSoftphonePanelVisibilityChange: 'panelVisibility',
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
const lmsListeners = new Map<string, Map<string, Listener>>();
let nextId = 1;

function post(method: string, args: Record<string, unknown>, callback: Callback | undefined): void {
  if (!consoleOrigin || window.parent === window) {
    callback?.({ success: false, returnValue: null, errors: [{ description: 'Open CTI is only available inside the console: sfdcIframeOrigin is missing.' }] });
    return;
  }
  const id = nextId++;
  pending.set(id, callback);
  window.parent.postMessage({ channel: CHANNEL, kind: 'call', id, method, args }, consoleOrigin);
}

/** Splits an Open CTI argument object into its plain data and its functions. */
function split(params: unknown): { data: Record<string, unknown>; callback?: Callback; listener?: Listener } {
  const data: Record<string, unknown> = {};
  let callback: Callback | undefined;
  let listener: Listener | undefined;
  if (typeof params === 'object' && params !== null) {
    for (const [key, value] of Object.entries(params)) {
      if (key === 'callback' && typeof value === 'function') callback = value as Callback;
      else if (key === 'listener' && typeof value === 'function') listener = value as Listener;
      else if (typeof value !== 'function') data[key] = value;
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
    post(method, data, callback);
  };
}
for (const [method, event] of Object.entries(LISTENER_METHODS)) {
  api[method] = (params?: unknown) => {
    const { data, callback, listener } = split(params);
    if (listener) listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    post(method, data, callback);
  };
}
api.subscribe = (params?: unknown) => {
  const { data, callback, listener } = split(params);
  const channelName = String(data.channelName ?? '');
  post('subscribe', data, (result) => {
    const subscription = (result.returnValue as { subscription?: string } | undefined)?.subscription;
    if (result.success && subscription && listener) {
      const byId = lmsListeners.get(channelName) ?? new Map<string, Listener>();
      byId.set(subscription, listener);
      lmsListeners.set(channelName, byId);
    }
    callback?.(result);
  });
};

window.addEventListener('message', (event: MessageEvent) => {
  if (event.origin !== consoleOrigin || event.source !== window.parent || !isEmulationMessage(event.data)) return;
  const message = event.data;
  if (message.kind === 'result') {
    const callback = pending.get(message.id);
    pending.delete(message.id);
    callback?.(message.result);
  } else if (message.kind === 'event') {
    if (message.event === 'message' && message.lmsChannel) {
      for (const listener of lmsListeners.get(message.lmsChannel)?.values() ?? []) listener(message.payload);
      return;
    }
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  }
});

const target = window as unknown as { sforce?: Record<string, unknown> };
target.sforce = { ...(target.sforce ?? {}), opencti: api };
