import { errorMessage } from '../../core/errors.js';
import { TimelineRecorder } from '../../core/timeline.js';
import type { CallCenterSettings, ClickToDialPayload as OpenCtiClickToDialPayload, OpenCtiErrorEntry } from '../../salesforce/opencti/types.js';
import { OBJECTS } from '../store/schema.js';
import { CHANNEL, isEmulationMessage, type EmulatedEventName, type EmulatedResult } from '../opencti-emulation/protocol.js';
import { ApiError, DroppedAnswer, api, typeOfId } from './api.js';
import type { ConsoleController } from './controller.js';
import { MessageService } from './lms.js';
import {
  CHANNEL_NAME,
  HostError,
  RECORD_ID,
  invalid,
  optionalObject,
  optionalString,
  pixels,
  requiredBoolean,
  requiredString,
  type Args,
} from './opencti-args.js';
import { ScreenPops } from './screen-pops.js';

/** Payload of a click on a phone link, as Open CTI's `onClickToDial` delivers it (flat, `number` as text). */
export type ClickToDialPayload = OpenCtiClickToDialPayload & { readonly number: string };

/** What a call answers: its documented `returnValue`. */
type Answer = Promise<unknown> | unknown;

/**
 * The console's side of Open CTI: answers the softphone iframe's API calls (screen pops, logs,
 * panel control, click-to-dial, navigation, message channels) as Lightning Experience documents
 * them: `{ success, returnValue, errors }`, `returnValue: null` where a method documents none, and
 * errors as `[{ code, description }]` with Open CTI's codes.
 */
export class OpenCtiHost {
  /**
   * The console's own timing of the softphone's last 20 Open CTI calls, keyed `method#id`, on the
   * same wall clock as the connector's timeline: `received`, what the call waited on (`searched`…),
   * `answered`. A screen pop's time in the host is split with it.
   */
  readonly timing = new TimelineRecorder();
  /** The console's Lightning Message Service, shared by the softphone frame and the console's own components. */
  readonly lms = new MessageService((subscriptions, message) => this.push('message', message, subscriptions));
  private readonly pops: ScreenPops;

  constructor(
    private readonly controller: ConsoleController,
    private readonly softphoneOrigin: string,
    private readonly frame: () => HTMLIFrameElement | null,
    private readonly callCenterSettings: CallCenterSettings,
    /** `user`: the console user signed in (`/?user=<alias>`), whom the emulated org's Apex runs as. */
    private readonly session: { readonly user?: string } = {},
  ) {
    this.pops = new ScreenPops(controller);
  }

  /** Starts answering; returns the stop function. */
  start(): () => void {
    const onMessage = (event: MessageEvent): void => {
      const frame = this.frame();
      if (event.origin !== this.softphoneOrigin || !frame || event.source !== frame.contentWindow) return;
      if (!isEmulationMessage(event.data) || event.data.kind !== 'call') return;
      const { id, method } = event.data;
      const args: Args = typeof event.data.args === 'object' && event.data.args !== null ? event.data.args : {};
      const key = `${method}#${id}`;
      this.timing.mark(key, 'received');
      Promise.resolve()
        .then(() => this.handle(method, args, (stage) => this.timing.mark(key, stage)))
        .then(
          (returnValue) => {
            this.reply(id, { success: true, returnValue: returnValue ?? null, errors: null });
            this.timing.mark(key, 'answered');
          },
          (error: unknown) => {
            // Injected fault: the call was carried out but its callback never comes, as on a lost network.
            if (error instanceof DroppedAnswer) return;
            this.reply(id, { success: false, returnValue: null, errors: [errorEntry(error)] });
          },
        );
    };
    // Open CTI reports the page again when the window regains focus.
    const onFocus = (): void => this.controller.renotifyNavigation();
    window.addEventListener('message', onMessage);
    window.addEventListener('focus', onFocus);
    const offNavigation = this.controller.onNavigation((page) => this.push('navigationChange', page));
    return () => {
      window.removeEventListener('message', onMessage);
      window.removeEventListener('focus', onFocus);
      offNavigation();
    };
  }

  /** Delivers a click on a phone link to the softphone. */
  clickToDial(payload: ClickToDialPayload): void {
    this.push('clickToDial', payload);
  }

  private handle(method: string, args: Args, note: (stage: string) => void): Answer {
    const { store } = this.controller;
    switch (method) {
      case 'searchAndScreenPop':
        return this.pops.searchAndScreenPop(args, note);
      case 'screenPop':
        return this.pops.screenPop(args);
      case 'saveLog':
        return this.saveLog(args);
      case 'runApex':
        return this.runApex(args);
      case 'refreshView':
        this.controller.changed();
        return null;
      case 'enableClickToDial':
      case 'disableClickToDial':
        store.set({ clickToDial: method === 'enableClickToDial' });
        return null;
      case 'getAppViewInfo':
        return this.controller.currentPage();
      case 'setSoftphonePanelVisibility': {
        const visible = requiredBoolean(method, args, 'visible');
        store.set((state) => ({ utility: visible ? 'phone' : state.utility === 'phone' ? undefined : state.utility }));
        return null;
      }
      case 'isSoftphonePanelVisible':
        return { visible: store.get().utility === 'phone' };
      case 'setSoftphonePanelHeight':
        store.set({ panelHeight: pixels(method, args, 'heightPX', 240, 2560) });
        return null;
      case 'setSoftphonePanelWidth':
        store.set({ panelWidth: pixels(method, args, 'widthPX', 200, 1920) });
        return null;
      case 'setSoftphonePanelLabel':
        store.set({ panelLabel: requiredString(method, args, 'label', true).slice(0, 40) || 'Phone' });
        return null;
      case 'setSoftphoneItemLabel':
        store.set({ phoneLabel: requiredString(method, args, 'label', true).slice(0, 40) || 'Phone' });
        return null;
      case 'setSoftphonePanelIcon':
      case 'setSoftphoneItemIcon': {
        const key = requiredString(method, args, 'key');
        if (!/^[a-z0-9_]+$/.test(key)) throw invalid(method, 'key', 'must be the name of an SLDS utility icon, e.g. call or end_call', key);
        store.set({ phoneIcon: key });
        return null;
      }
      case 'getCallCenterSettings':
        return { ...this.callCenterSettings };
      case 'getSoftphoneLayout':
        return store.get().softphoneLayout;
      case 'notifyInitializationComplete':
        store.set({ softphoneReady: true });
        return null;
      case 'subscribe':
        return { subscription: this.lms.subscribeFrame(channelName(method, args)) };
      case 'unsubscribe': {
        const subscription = args.subscription;
        if (typeof subscription !== 'string' || !this.lms.unsubscribeFrame(subscription)) {
          throw invalid(method, 'subscription', 'must be a subscription that subscribe returned and that is still active', subscription);
        }
        return null;
      }
      case 'publish':
        this.lms.publish(channelName(method, args), args.message);
        return null;
      default:
        throw new HostError('GENERIC_ERROR', `${method} is not an Open CTI method of Lightning Experience.`);
    }
  }

  /**
   * The local console runs no Apex; it emulates the one class the connector ships
   * (`src/salesforce/apex/SoftphoneCallLog.cls`) against its record store, with the same answer shape.
   */
  private async runApex(args: Args): Promise<{ runApex: unknown }> {
    const method = 'runApex';
    const apexClass = requiredString(method, args, 'apexClass');
    const methodName = requiredString(method, args, 'methodName');
    const methodParams = optionalString(method, args, 'methodParams') ?? '';
    if (apexClass === 'SoftphoneAgentAssertion' && methodName === 'issue') {
      // The org signs; here the console's server plays the org, with its own key, as the signed-in user.
      const answer = await api.apex<{ runApex: string }>(apexClass, methodName, { user: this.session.user ?? 'agent' }).catch((error: unknown) => Promise.reject(saveError(method, error)));
      return { runApex: answer.runApex };
    }
    if (apexClass === 'SoftphoneCallLog' && methodName === 'findByCallObject') {
      const callObject = (new URLSearchParams(methodParams).get('callObject') ?? '').slice(0, 255);
      if (!callObject.trim()) return { runApex: '' };
      const tasks = await api.list('Task', { CallObject: callObject }).catch((error: unknown) => Promise.reject(saveError(method, error)));
      // The oldest one, as the Apex class orders by CreatedDate.
      return { runApex: tasks.at(-1)?.Id ?? '' };
    }
    throw new HostError('GENERIC_ERROR', `runApex: the local console runs no Apex; it emulates only SoftphoneCallLog.findByCallObject and SoftphoneAgentAssertion.issue, not ${apexClass}.${methodName}.`);
  }

  /** `saveLog`: updates the record when `value.Id` is set, else creates one of `value.entityApiName`. */
  private async saveLog(args: Args): Promise<{ recordId: string }> {
    const method = 'saveLog';
    const value = optionalObject(method, args, 'value');
    if (!value) throw invalid(method, 'value', 'is required: the record\'s fields, with Id to update or entityApiName to create', args.value);
    const { entityApiName, Id, ...fields } = value;
    if (Id !== undefined && (typeof Id !== 'string' || !RECORD_ID.test(Id) || !typeOfId(Id))) throw invalid(method, 'value.Id', 'must be the id of a record', Id);
    if (entityApiName !== undefined && (typeof entityApiName !== 'string' || !Object.prototype.hasOwnProperty.call(OBJECTS, entityApiName))) {
      throw invalid(method, 'value.entityApiName', `must be an object of this org: ${Object.keys(OBJECTS).join(', ')}`, entityApiName);
    }
    const type = (entityApiName as string | undefined) ?? (typeof Id === 'string' ? typeOfId(Id) : undefined);
    if (!type) throw invalid(method, 'value', 'needs Id (to update) or entityApiName (to create)');
    // Marks the writes as a softphone's saveLog, the ones the server's fault injection targets.
    const headers = { 'x-softphone-savelog': '1' };
    try {
      if (typeof Id === 'string') {
        await api.update(type, Id, fields, headers);
        this.controller.changed();
        return { recordId: Id };
      }
      const { id } = await api.create(type, fields, headers);
      this.controller.changed();
      return { recordId: id };
    } catch (error) {
      if (error instanceof DroppedAnswer) throw error;
      throw saveError(method, error);
    }
  }

  private reply(id: number, result: EmulatedResult): void {
    this.frame()?.contentWindow?.postMessage({ channel: CHANNEL, kind: 'result', id, result }, this.softphoneOrigin);
  }

  private push(event: EmulatedEventName, payload: unknown, subscriptions?: readonly string[]): void {
    this.frame()?.contentWindow?.postMessage({ channel: CHANNEL, kind: 'event', event, payload, ...(subscriptions ? { subscriptions } : {}) }, this.softphoneOrigin);
  }
}

/** A message channel's API name argument. */
function channelName(method: string, args: Args): string {
  const name = requiredString(method, args, 'channelName');
  if (!CHANNEL_NAME.test(name)) throw invalid(method, 'channelName', "must be a message channel's API name, e.g. SoftphoneStatus__c", name);
  return name;
}

/** A record store failure: `SERVER_ERROR`, with the store's own message and the fields it named. */
function saveError(method: string, error: unknown): HostError {
  if (error instanceof ApiError) return new HostError('SERVER_ERROR', `${method}: ${error.message}`, { status: error.status, fields: error.fields }, { cause: error });
  return new HostError('SERVER_ERROR', `${method}: the connection to Salesforce failed (${errorMessage(error)}); the record may or may not have been saved.`, undefined, { cause: error });
}

/** An error as Open CTI reports it. */
function errorEntry(error: unknown): OpenCtiErrorEntry {
  if (error instanceof HostError) return { code: error.code, description: error.message, ...(error.details !== undefined ? { details: error.details } : {}) };
  return { code: 'GENERIC_ERROR', description: errorMessage(error) };
}
