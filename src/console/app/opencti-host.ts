import { SoftphoneError, errorMessage } from '../../core/errors.js';
import { TimelineRecorder } from '../../core/timeline.js';
import { CHANNEL, isEmulationMessage, type EmulatedEventName, type EmulatedResult } from '../opencti-emulation/protocol.js';
import { ApiError, DroppedAnswer, api, type ConsoleRecord } from './api.js';
import type { ConsoleController, PageInfo } from './controller.js';

/** Objects of the softphone layout that a caller search covers, in order. */
const LAYOUT_OBJECTS = ['Contact', 'Lead', 'Account'] as const;

/** Payload of a click on a phone link, as Open CTI's `onClickToDial` delivers it. */
export interface ClickToDialPayload {
  readonly number: string;
  readonly recordId: string;
  readonly recordName: string;
  readonly objectType: string;
  /** Only for person accounts, which the local console does not have. */
  readonly accountId?: string;
  readonly contactId?: string;
  readonly personAccount?: boolean;
}

type Args = Record<string, unknown>;

/** A call the console refuses, reported through Open CTI's `errors`. */
class HostError extends SoftphoneError<'host-refused'> {
  override readonly name = 'HostError';
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('host-refused', message, options);
  }
}

const str = (args: Args, key: string): string => (typeof args[key] === 'string' ? (args[key] as string) : '');

/**
 * The console's side of Open CTI: answers the softphone iframe's API calls (screen pops, logs,
 * panel control, click-to-dial, navigation) the way Lightning Experience does.
 */
export class OpenCtiHost {
  /**
   * The console's own timing of the softphone's last 20 Open CTI calls, keyed `method#id`, on the
   * same wall clock as the connector's timeline: `received`, what the call waited on (`searched`…),
   * `answered`. A screen pop's time in the host is split with it.
   */
  readonly timing = new TimelineRecorder();
  private readonly lmsSubscriptions = new Map<string, string>();
  private nextSubscription = 1;

  constructor(
    private readonly controller: ConsoleController,
    private readonly softphoneOrigin: string,
    private readonly frame: () => HTMLIFrameElement | null,
    private readonly callCenterSettings: Readonly<Record<string, string>>,
  ) {}

  /** Starts answering; returns the stop function. */
  start(): () => void {
    const onMessage = (event: MessageEvent): void => {
      const frame = this.frame();
      if (event.origin !== this.softphoneOrigin || !frame || event.source !== frame.contentWindow) return;
      if (!isEmulationMessage(event.data) || event.data.kind !== 'call') return;
      const { id, method, args } = event.data;
      const key = `${method}#${id}`;
      this.timing.mark(key, 'received');
      this.handle(method, args ?? {}, (stage) => this.timing.mark(key, stage)).then(
        (returnValue) => {
          this.reply(id, { success: true, returnValue, errors: null });
          this.timing.mark(key, 'answered');
        },
        (error: unknown) => {
          // Injected fault: the call was carried out but its callback never comes, as on a lost network.
          if (error instanceof DroppedAnswer) return;
          this.reply(id, { success: false, returnValue: null, errors: [{ description: errorMessage(error) }] });
        },
      );
    };
    window.addEventListener('message', onMessage);
    const offNavigation = this.controller.onNavigation((page) => this.push('navigationChange', page));
    return () => {
      window.removeEventListener('message', onMessage);
      offNavigation();
    };
  }

  /** Delivers a click on a phone link to the softphone. */
  clickToDial(payload: ClickToDialPayload): void {
    this.push('clickToDial', payload);
  }

  private async handle(method: string, args: Args, note: (stage: string) => void): Promise<unknown> {
    const { store } = this.controller;
    switch (method) {
      case 'searchAndScreenPop':
        return this.searchAndScreenPop(args, note);
      case 'screenPop':
        return this.screenPop(str(args, 'type'), (args.params ?? {}) as Args, args.defaultFieldValues as Args | undefined);
      case 'saveLog':
        return this.saveLog((args.value ?? {}) as Args);
      case 'runApex':
        return this.runApex(str(args, 'apexClass'), str(args, 'methodName'), str(args, 'methodParams'));
      case 'refreshView':
        this.controller.changed();
        return true;
      case 'enableClickToDial':
      case 'disableClickToDial':
        store.set({ clickToDial: method === 'enableClickToDial' });
        return true;
      case 'onClickToDial':
      case 'onNavigationChange':
      case 'onSoftphonePanelVisibilityChange':
        return true;
      case 'getAppViewInfo':
        return this.controller.currentPage() satisfies PageInfo;
      case 'setSoftphonePanelVisibility': {
        const visible = args.visible === true;
        store.set((state) => ({ utility: visible ? 'phone' : state.utility === 'phone' ? undefined : state.utility }));
        this.push('panelVisibility', { visible });
        return true;
      }
      case 'isSoftphonePanelVisible':
        return { visible: store.get().utility === 'phone' };
      case 'setSoftphonePanelHeight':
        store.set({ panelHeight: inRange(Number(args.heightPX), 240, 2560, 'setSoftphonePanelHeight: heightPX') });
        return true;
      case 'setSoftphonePanelWidth':
        store.set({ panelWidth: inRange(Number(args.widthPX), 200, 1920, 'setSoftphonePanelWidth: widthPX') });
        return true;
      case 'setSoftphonePanelLabel':
        store.set({ panelLabel: str(args, 'label').slice(0, 40) || 'Phone' });
        return true;
      case 'setSoftphoneItemLabel':
        store.set({ phoneLabel: str(args, 'label').slice(0, 40) || 'Phone' });
        return true;
      case 'setSoftphonePanelIcon':
      case 'setSoftphoneItemIcon':
        store.set({ phoneIcon: str(args, 'key') || 'call' });
        return true;
      case 'getCallCenterSettings':
        return this.callCenterSettings;
      case 'getSoftphoneLayout':
        return softphoneLayout();
      case 'notifyInitializationComplete':
        store.set({ softphoneReady: true });
        return true;
      case 'subscribe': {
        const subscription = `lms-${this.nextSubscription++}`;
        this.lmsSubscriptions.set(subscription, str(args, 'channelName'));
        return { subscription };
      }
      case 'unsubscribe':
        this.lmsSubscriptions.delete(str(args, 'subscription'));
        return true;
      case 'publish': {
        const channelName = str(args, 'channelName');
        if (!channelName) throw new HostError('publish: channelName is required.');
        if ([...this.lmsSubscriptions.values()].includes(channelName)) this.push('message', args.message ?? null, channelName);
        return true;
      }
      default:
        throw new HostError(`${method} is not an Open CTI method of Lightning Experience.`);
    }
  }

  private async searchAndScreenPop(args: Args, note: (stage: string) => void): Promise<Record<string, unknown>> {
    const term = str(args, 'searchParams').trim();
    const results = term ? await api.search(term, LAYOUT_OBJECTS) : [];
    note('searched');
    const returnValue: Record<string, unknown> = {};
    for (const record of results) returnValue[record.Id] = toSearchResult(record);
    const defaults = { Phone: term, ...((args.defaultFieldValues ?? {}) as Record<string, string>) };
    const pop = (): Promise<void> | void => {
      if (results.length === 1 && results[0]) return this.controller.openRecord(results[0].Id, results[0]);
      if (results.length > 1) return this.controller.openSearch(term, results);
      return this.controller.openNewRecord('Contact', defaults);
    };
    if (args.deferred === true) {
      returnValue.SCREEN_POP_DATA =
        results.length === 1 && results[0]
          ? { type: 'sobject', params: { recordId: results[0].Id } }
          : results.length > 1
            ? { type: 'search', params: { searchString: term } }
            : { type: 'newRecord', params: { entityName: 'Contact', defaultFieldValues: defaults } };
      return returnValue;
    }
    await pop();
    note('opened');
    return returnValue;
  }

  /**
   * The local console runs no Apex; it emulates the one class the connector ships
   * (`src/salesforce/apex/SoftphoneCallLog.cls`) against its record store, with the same answer shape.
   */
  private async runApex(apexClass: string, methodName: string, methodParams: string): Promise<{ runApex: unknown }> {
    if (apexClass === 'SoftphoneCallLog' && methodName === 'findByCallObject') {
      const callObject = (new URLSearchParams(methodParams).get('callObject') ?? '').slice(0, 255);
      if (!callObject.trim()) return { runApex: '' };
      const tasks = await api.list('Task', { CallObject: callObject });
      // The oldest one, as the Apex class orders by CreatedDate.
      return { runApex: tasks.at(-1)?.Id ?? '' };
    }
    throw new HostError(`runApex: the local console runs no Apex; it emulates only SoftphoneCallLog.findByCallObject, not ${apexClass || 'the class'}.${methodName || 'method'}.`);
  }

  private async screenPop(type: string, params: Args, defaultFieldValues?: Args): Promise<boolean> {
    switch (type) {
      case 'sobject':
        await this.controller.openRecord(str(params, 'recordId'));
        return true;
      case 'objecthome':
      case 'list':
        this.controller.openList(str(params, 'scope'));
        return true;
      case 'search': {
        const term = str(params, 'searchString');
        if (term.length < 3) throw new HostError('screenPop: params.searchString must be at least 3 characters.');
        await this.controller.search(term);
        return true;
      }
      case 'newRecord':
        // Open CTI documents defaultFieldValues beside params; a deferred search's SCREEN_POP_DATA carries them in params.
        this.controller.openNewRecord(str(params, 'entityName') || 'Contact', (defaultFieldValues ?? params.defaultFieldValues ?? {}) as Record<string, string>);
        return true;
      default:
        throw new HostError(`screenPop: type "${type}" is not supported by the local console (sobject, objecthome, list, search, newRecord are).`);
    }
  }

  private async saveLog(value: Args): Promise<{ recordId: string }> {
    const { entityApiName, Id, ...fields } = value;
    const type = typeof entityApiName === 'string' && entityApiName ? entityApiName : 'Task';
    // Marks the writes as a softphone's saveLog, the ones the server's fault injection targets.
    const headers = { 'x-softphone-savelog': '1' };
    try {
      if (typeof Id === 'string' && Id) {
        await api.update(type, Id, fields, headers);
        this.controller.changed();
        return { recordId: Id };
      }
      const { id } = await api.create(type, fields, headers);
      this.controller.changed();
      return { recordId: id };
    } catch (error) {
      if (error instanceof ApiError) throw new HostError(`saveLog: ${error.message}`, { cause: error });
      if (error instanceof DroppedAnswer) throw error;
      throw new HostError(`saveLog: the connection to Salesforce failed (${errorMessage(error)}); the record may or may not have been saved.`, { cause: error });
    }
  }

  private reply(id: number, result: EmulatedResult): void {
    this.frame()?.contentWindow?.postMessage({ channel: CHANNEL, kind: 'result', id, result }, this.softphoneOrigin);
  }

  private push(event: EmulatedEventName, payload: unknown, lmsChannel?: string): void {
    this.frame()?.contentWindow?.postMessage({ channel: CHANNEL, kind: 'event', event, payload, ...(lmsChannel ? { lmsChannel } : {}) }, this.softphoneOrigin);
  }
}

function inRange(value: number, min: number, max: number, name: string): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new HostError(`${name} must be a number of pixels from ${min} through ${max}.`);
  return Math.round(value);
}

/** A search match as `searchAndScreenPop` returns it: `Id`, `Name`, `RecordType` and the record's fields. */
function toSearchResult(record: ConsoleRecord): Record<string, unknown> {
  const { attributes, ...fields } = record;
  return { ...fields, RecordType: attributes.type };
}

function softphoneLayout(): Record<string, unknown> {
  const objects = LAYOUT_OBJECTS.map((type) => ({ apiName: type, displayFields: ['Name', 'Phone'] }));
  return {
    Inbound: { objects, screenPopSettings: { NoMatch: 'NewContact', SingleMatch: 'PopToEntity', MultipleMatches: 'PopToSearch' } },
    Outbound: { objects, screenPopSettings: { NoMatch: 'DoNotPop', SingleMatch: 'PopToEntity', MultipleMatches: 'PopToSearch' } },
    Internal: { objects: [] },
  };
}
