/**
 * Runs the TwiML a voice URL answers for a call, verb by verb, as far as the stand-in goes:
 * `<Say>`, `<Play>` and `<Pause>` (no audio here: skipped), `<Hangup>`, `<Reject>`,
 * `<Enqueue workflowSid>` with its `<Task>` (a TaskRouter task whose attributes are the `<Task>` JSON
 * plus the call's `call_sid`, `from`, `to`, `direction`, `caller_name`), and `<Dial>` with one
 * `<Conference>` (its attributes as Twilio documents them), `<Client>` or `<Number>`. Other verbs
 * end the call and are recorded as a TwiML error, so an unsupported document never passes silently.
 */
import type { XMLParser } from 'fast-xml-parser';
import type { StandInTaskRouter } from './taskrouter.js';
import type { StandInCall, StandInVoice } from './voice.js';

/** One TwiML element: its name, attributes, text and children, in document order. */
interface Verb {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly text: string;
  readonly children: readonly Verb[];
}

type Node = Record<string, unknown>;

/** TwiML's parser settings: verbs in document order, attributes by their own names, text as written. */
export const TWIML_PARSER_OPTIONS = { preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: true } as const;

function toVerbs(nodes: readonly Node[]): Verb[] {
  const verbs: Verb[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
    if (!name || name === '?xml') continue;
    const children = (node[name] as Node[] | undefined) ?? [];
    const text = children.map((child) => (typeof child['#text'] === 'string' ? child['#text'] : '')).join('');
    verbs.push({ name, attributes: (node[':@'] as Record<string, string> | undefined) ?? {}, text, children: toVerbs(children) });
  }
  return verbs;
}

/** Parses a TwiML document into its `<Response>`'s verbs; throws on anything that is not one. */
export function parseTwiml(parser: XMLParser, document: string): Verb[] {
  const root = toVerbs(parser.parse(document) as Node[]);
  const response = root.find((verb) => verb.name === 'Response');
  if (!response) throw new Error('TwiML must have a <Response> root element');
  return [...response.children];
}

/** A TwiML document the stand-in could not run, kept for tests and the admin view. */
export interface TwimlError {
  readonly callSid: string;
  readonly message: string;
}

/** Runs TwiML documents for calls. */
export class TwimlRunner {
  readonly errors: TwimlError[] = [];

  constructor(
    private readonly voice: StandInVoice,
    private readonly taskRouter: StandInTaskRouter,
    private readonly parser: XMLParser,
  ) {}

  /** Runs one document for a call; the call ends when the document does, unless a verb keeps it (queue, conference, dial). */
  run(call: StandInCall, document: string): void {
    let verbs: Verb[];
    try {
      verbs = parseTwiml(this.parser, document);
    } catch (error) {
      return this.fail(call, `TwiML does not parse: ${String(error)}`);
    }
    if (call.status === 'ringing' && verbs[0]?.name !== 'Reject') {
      call.status = 'in-progress';
      call.startTime = this.voice.now();
    }
    for (const verb of verbs) {
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          continue;
        case 'Hangup':
          this.voice.hangUp(call.sid);
          return;
        case 'Reject':
          this.voice.endUnanswered(call.sid, verb.attributes.reason === 'busy' ? 'busy' : 'failed');
          if (call.direction === 'inbound' && call.status === 'ringing') this.voice.hangUp(call.sid);
          return;
        case 'Enqueue':
          return this.enqueue(call, verb);
        case 'Dial':
          return this.dial(call, verb);
        default:
          return this.fail(call, `<${verb.name}> is not part of the Twilio stand-in`);
      }
    }
    this.voice.hangUp(call.sid);
  }

  private fail(call: StandInCall, message: string): void {
    this.errors.push({ callSid: call.sid, message });
    this.voice.hangUp(call.sid);
  }

  private enqueue(call: StandInCall, verb: Verb): void {
    const workflowSid = verb.attributes.workflowSid;
    const workflow = workflowSid ? this.taskRouter.workflows.get(workflowSid) : undefined;
    if (!workflowSid || !workflow) return this.fail(call, `<Enqueue> needs the workflowSid of an existing workflow, got ${workflowSid ?? 'none'}`);
    const taskVerb = verb.children.find((child) => child.name === 'Task');
    let given: Record<string, unknown> = {};
    try {
      given = taskVerb?.text ? (JSON.parse(taskVerb.text) as Record<string, unknown>) : {};
    } catch {
      return this.fail(call, '<Task> must hold a JSON object');
    }
    const attributes = { ...given, call_sid: call.sid, account_sid: this.voice.accountSid, from: call.from, to: call.to, direction: call.direction, ...(call.callerName ? { caller_name: call.callerName } : {}) };
    const priority = taskVerb?.attributes.priority ? Number(taskVerb.attributes.priority) : undefined;
    const task = this.taskRouter.createTask(workflow.workspaceSid, { workflowSid, attributes: JSON.stringify(attributes), ...(priority !== undefined && Number.isInteger(priority) ? { priority } : {}) });
    // Routing may already have reserved a worker; the caller waits in the queue either way.
    call.place = { kind: 'queue', taskSid: task.sid };
  }

  private dial(call: StandInCall, verb: Verb): void {
    const noun = verb.children[0];
    if (!noun || verb.children.length !== 1) return this.fail(call, '<Dial> in the Twilio stand-in takes exactly one noun: <Conference>, <Client> or <Number>');
    if (noun.name === 'Conference') {
      const a = noun.attributes;
      const bool = (value: string | undefined, fallback: boolean) => (value === undefined ? fallback : value === 'true');
      this.voice.join(call.sid, noun.text, {
        ...(a.participantLabel ? { label: a.participantLabel } : {}),
        muted: bool(a.muted, false),
        startConferenceOnEnter: bool(a.startConferenceOnEnter, true),
        endConferenceOnExit: bool(a.endConferenceOnExit, false),
        ...(a.coach ? { coaching: true, callSidToCoach: a.coach } : {}),
        ...(a.statusCallback ? { statusCallback: a.statusCallback, statusEvents: (a.statusCallbackEvent ?? '').split(/\s+/).filter(Boolean) } : {}),
      });
      return;
    }
    if (noun.name !== 'Client' && noun.name !== 'Number') return this.fail(call, `<Dial><${noun.name}> is not part of the Twilio stand-in`);
    const identity = noun.children.find((child) => child.name === 'Identity')?.text ?? noun.text;
    const to = noun.name === 'Client' ? `client:${identity}` : identity;
    const timeout = Number(verb.attributes.timeout ?? 30);
    const parameters = noun.children.filter((child) => child.name === 'Parameter' && child.attributes.name).map((child) => [child.attributes.name ?? '', child.attributes.value ?? ''] as const);
    const child = this.voice.createCall({
      from: verb.attributes.callerId ?? call.from,
      to,
      ...(parameters.length ? { customParameters: Object.fromEntries(parameters) } : {}),
      direction: 'outbound-dial',
      parentCallSid: call.sid,
      timeoutSeconds: Number.isFinite(timeout) ? timeout : 30,
      onUnanswered: () => this.voice.hangUp(call.sid),
    });
    // The two legs are bridged: when one ends, so does the other.
    this.voice.callEnded.push((ended) => {
      if (ended.sid === call.sid) this.voice.hangUp(child.sid);
      else if (ended.sid === child.sid) this.voice.hangUp(call.sid);
    });
  }
}
