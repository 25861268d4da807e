/**
 * The stand-in's Programmable Voice: calls, conferences, their participants and recordings, with
 * the state changes and status callbacks Twilio documents. Field names are those of Twilio's
 * published OpenAPI description (`twilio_api_v2010.json`); what the REST routes return is built by
 * `voice-json.ts` from these records.
 */
import type { CallbackSender } from './callbacks.js';
import { newSid, notFound, rfc2822, TwilioApiError } from './model.js';

/** A call's status (`call_enum_status`). */
export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
/** A participant's status (`participant_enum_status`). */
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';

/** Where a call's audio is. */
export type CallPlace = { readonly kind: 'none' } | { readonly kind: 'queue'; readonly taskSid: string } | { readonly kind: 'conference'; readonly conferenceSid: string };

/** A call as the stand-in keeps it. */
export interface StandInCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  readonly parentCallSid?: string;
  readonly callerName?: string;
  /** `<Client><Parameter>` values, which the Voice SDK hands the browser as `call.customParameters`. */
  readonly customParameters?: Readonly<Record<string, string>>;
  status: CallStatus;
  readonly dateCreated: number;
  dateUpdated: number;
  startTime?: number;
  endTime?: number;
  readonly statusCallback?: string;
  readonly statusEvents: ReadonlySet<string>;
  place: CallPlace;
  /** What happens when an outbound leg is answered (join a conference, run TwiML). */
  onAnswer?: (call: StandInCall) => void | Promise<void>;
  /** What happens when an outbound leg ends unanswered (busy, no-answer, failed, canceled). */
  onUnanswered?: (call: StandInCall) => void;
  ringTimer?: NodeJS.Timeout;
  sequence: number;
}

/** A conference participant as the stand-in keeps it. */
export interface StandInParticipant {
  readonly callSid: string;
  readonly label?: string;
  muted: boolean;
  hold: boolean;
  /** The hold music Twilio plays while `hold` is true (`HoldUrl`; Twilio's default music when absent). */
  holdUrl?: string;
  coaching: boolean;
  callSidToCoach?: string;
  endConferenceOnExit: boolean;
  readonly startConferenceOnEnter: boolean;
  status: ParticipantStatus;
  readonly dateCreated: number;
  dateUpdated: number;
}

/** A conference as the stand-in keeps it. */
export interface StandInConference {
  readonly sid: string;
  readonly friendlyName: string;
  status: 'init' | 'in-progress' | 'completed';
  readonly dateCreated: number;
  dateUpdated: number;
  reasonEnded?: string;
  callSidEnding?: string;
  statusCallback?: string;
  statusEvents: ReadonlySet<string>;
  /** Current participants (connected, or being dialled); those who left are gone, as in Twilio's list. */
  readonly participants: Map<string, StandInParticipant>;
  sequence: number;
}

/** A recording as the stand-in keeps it. */
export interface StandInRecording {
  readonly sid: string;
  readonly callSid: string;
  readonly conferenceSid?: string;
  status: 'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent';
  readonly dateCreated: number;
  dateUpdated: number;
  endTime?: number;
  readonly channels: 1 | 2;
  readonly source: 'StartCallRecordingAPI' | 'Conference' | 'DialVerb';
  readonly statusCallback?: string;
  readonly statusEvents: ReadonlySet<string>;
}

/** How a call joins a conference (TwiML `<Conference>` attributes, or a participant create). */
export interface JoinOptions {
  readonly label?: string;
  readonly muted?: boolean;
  readonly hold?: boolean;
  readonly coaching?: boolean;
  readonly callSidToCoach?: string;
  readonly startConferenceOnEnter?: boolean;
  readonly endConferenceOnExit?: boolean;
  readonly statusCallback?: string;
  readonly statusEvents?: readonly string[];
}

/** Conference events a `statusCallbackEvent` name switches on. */
const CONFERENCE_EVENTS: Record<string, readonly string[]> = {
  start: ['conference-start'],
  end: ['conference-end'],
  join: ['participant-join'],
  leave: ['participant-leave'],
  mute: ['participant-mute', 'participant-unmute'],
  hold: ['participant-hold', 'participant-unhold'],
  modify: ['participant-modify'],
};
const FINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Settings of the voice part. */
export interface VoiceOptions {
  readonly accountSid: string;
  readonly callbacks: CallbackSender;
  /** The public base of the stand-in's REST API, for recording links. */
  readonly apiBaseUrl: () => string;
  /** A clock (tests may move time). */
  readonly now?: () => number;
}

/** Calls, conferences, participants and recordings. */
export class StandInVoice {
  readonly calls = new Map<string, StandInCall>();
  readonly conferences = new Map<string, StandInConference>();
  readonly recordings = new Map<string, StandInRecording>();
  /** Listeners the TaskRouter part uses: a queued caller who hangs up cancels their task. */
  readonly callEnded: ((call: StandInCall) => void)[] = [];
  /** Listeners to every call progress event, whether or not the call has a status callback (the browser stand-in's event streams). */
  readonly callChanged: ((call: StandInCall, event: 'initiated' | 'ringing' | 'answered' | 'completed') => void)[] = [];
  readonly now: () => number;

  constructor(private readonly options: VoiceOptions) {
    this.now = options.now ?? Date.now;
  }

  get accountSid(): string {
    return this.options.accountSid;
  }

  /** A call by sid, or Twilio's 20404. */
  call(sid: string): StandInCall {
    const call = this.calls.get(sid);
    if (!call) throw notFound(`/2010-04-01/Accounts/${this.accountSid}/Calls/${sid}.json`);
    return call;
  }

  /** A conference by sid, or Twilio's 20404. */
  conference(sid: string): StandInConference {
    const conference = this.conferences.get(sid);
    if (!conference) throw notFound(`/2010-04-01/Accounts/${this.accountSid}/Conferences/${sid}.json`);
    return conference;
  }

  /** A current participant, or Twilio's 20404 (never there, or already left). */
  participant(conferenceSid: string, callSid: string): StandInParticipant {
    const participant = this.conference(conferenceSid).participants.get(callSid);
    if (!participant) throw notFound(`/2010-04-01/Accounts/${this.accountSid}/Conferences/${conferenceSid}/Participants/${callSid}.json`);
    return participant;
  }

  /** The conference of this name that has not ended, if any. */
  activeConference(friendlyName: string): StandInConference | undefined {
    return [...this.conferences.values()].find((conference) => conference.friendlyName === friendlyName && conference.status !== 'completed');
  }

  /** A new call: inbound (ringing until its TwiML runs) or outbound (ringing until answered, rejected or timed out). */
  createCall(init: { from: string; to: string; direction: StandInCall['direction']; parentCallSid?: string; callerName?: string; customParameters?: Record<string, string>; statusCallback?: string; statusEvents?: readonly string[]; timeoutSeconds?: number; onAnswer?: StandInCall['onAnswer']; onUnanswered?: StandInCall['onUnanswered'] }): StandInCall {
    const at = this.now();
    const call: StandInCall = {
      sid: newSid('CA'),
      from: init.from,
      to: init.to,
      direction: init.direction,
      ...(init.parentCallSid ? { parentCallSid: init.parentCallSid } : {}),
      ...(init.callerName ? { callerName: init.callerName } : {}),
      ...(init.customParameters ? { customParameters: init.customParameters } : {}),
      status: 'queued',
      dateCreated: at,
      dateUpdated: at,
      ...(init.statusCallback ? { statusCallback: init.statusCallback } : {}),
      statusEvents: new Set(init.statusEvents?.length ? init.statusEvents : ['completed']),
      place: { kind: 'none' },
      ...(init.onAnswer ? { onAnswer: init.onAnswer } : {}),
      ...(init.onUnanswered ? { onUnanswered: init.onUnanswered } : {}),
      sequence: 0,
    };
    this.calls.set(call.sid, call);
    if (init.direction !== 'inbound') this.callEvent(call, 'initiated');
    call.status = 'ringing';
    this.callEvent(call, 'ringing');
    if (init.direction !== 'inbound') {
      call.ringTimer = setTimeout(() => this.endUnanswered(call.sid, 'no-answer'), (init.timeoutSeconds ?? 60) * 1000);
      call.ringTimer.unref();
    }
    return call;
  }

  /** The called party answers an outbound leg (or an inbound call's TwiML connects it). */
  async answer(callSid: string): Promise<StandInCall> {
    const call = this.call(callSid);
    if (call.status !== 'ringing' && call.status !== 'queued') throw new TwilioApiError(400, 21220, `Call ${callSid} is ${call.status}, not ringing: it cannot be answered`);
    clearTimeout(call.ringTimer);
    call.status = 'in-progress';
    call.startTime = this.now();
    call.dateUpdated = call.startTime;
    this.callEvent(call, 'answered');
    await call.onAnswer?.(call);
    return call;
  }

  /** An unanswered outbound leg ends: `busy`, `no-answer`, `failed` or `canceled`. */
  endUnanswered(callSid: string, status: 'busy' | 'no-answer' | 'failed' | 'canceled'): void {
    const call = this.calls.get(callSid);
    if (!call || FINAL.has(call.status) || call.status === 'in-progress') return;
    this.finish(call, status);
    call.onUnanswered?.(call);
  }

  /** A call ends (the party hangs up, or `Status=completed`/`canceled` through the API). */
  hangUp(callSid: string): StandInCall {
    const call = this.call(callSid);
    if (FINAL.has(call.status)) return call;
    if (call.status === 'in-progress' || call.direction === 'inbound') this.finish(call, 'completed');
    else this.endUnanswered(callSid, 'canceled');
    return call;
  }

  private finish(call: StandInCall, status: CallStatus): void {
    clearTimeout(call.ringTimer);
    const place = call.place;
    call.status = status;
    call.endTime = this.now();
    call.dateUpdated = call.endTime;
    call.place = { kind: 'none' };
    if (place.kind === 'conference') this.leave(place.conferenceSid, call.sid, 'left');
    for (const recording of this.recordings.values()) if (recording.callSid === call.sid && (recording.status === 'in-progress' || recording.status === 'paused')) this.stopRecording(recording);
    this.callEvent(call, 'completed');
    for (const listener of this.callEnded) listener(call);
  }

  /** Puts an answered call into the conference of this name, creating or starting it as Twilio does. */
  join(callSid: string, friendlyName: string, options: JoinOptions): StandInConference {
    const call = this.call(callSid);
    const conference = this.activeConference(friendlyName) ?? this.newConference(friendlyName);
    this.configure(conference, options);
    const participant = this.newParticipant(callSid, options);
    conference.participants.set(callSid, participant);
    this.connect(conference, participant, call);
    return conference;
  }

  /** The conference's status callback, set by the first join or create that names one. */
  configure(conference: StandInConference, options: Pick<JoinOptions, 'statusCallback' | 'statusEvents'>): void {
    if (conference.statusCallback || !options.statusCallback) return;
    conference.statusCallback = options.statusCallback;
    conference.statusEvents = new Set((options.statusEvents?.length ? options.statusEvents : ['start', 'end']).flatMap((name) => CONFERENCE_EVENTS[name] ?? []));
  }

  newConference(friendlyName: string): StandInConference {
    const at = this.now();
    const conference: StandInConference = { sid: newSid('CF'), friendlyName, status: 'init', dateCreated: at, dateUpdated: at, statusEvents: new Set(), participants: new Map(), sequence: 0 };
    this.conferences.set(conference.sid, conference);
    return conference;
  }

  newParticipant(callSid: string, options: JoinOptions): StandInParticipant {
    const at = this.now();
    return {
      callSid,
      ...(options.label ? { label: options.label } : {}),
      muted: options.muted ?? false,
      hold: options.hold ?? false,
      coaching: options.coaching ?? false,
      ...(options.callSidToCoach ? { callSidToCoach: options.callSidToCoach } : {}),
      endConferenceOnExit: options.endConferenceOnExit ?? false,
      startConferenceOnEnter: options.startConferenceOnEnter ?? true,
      status: 'queued',
      dateCreated: at,
      dateUpdated: at,
    };
  }

  /** A participant's call is answered: they are in the conference, which starts if they may start it. */
  connect(conference: StandInConference, participant: StandInParticipant, call: StandInCall): void {
    participant.status = 'connected';
    participant.dateUpdated = this.now();
    call.place = { kind: 'conference', conferenceSid: conference.sid };
    if (conference.status === 'init' && participant.startConferenceOnEnter) {
      conference.status = 'in-progress';
      conference.dateUpdated = this.now();
      this.conferenceEvent(conference, 'conference-start');
    }
    this.conferenceEvent(conference, 'participant-join', participant);
  }

  /** A participant leaves (hung up, kicked, or their leg failed); the conference ends as Twilio documents. */
  leave(conferenceSid: string, callSid: string, how: 'left' | 'kicked'): void {
    const conference = this.conferences.get(conferenceSid);
    const participant = conference?.participants.get(callSid);
    if (!conference || !participant) return;
    conference.participants.delete(callSid);
    const wasConnected = participant.status === 'connected';
    participant.status = 'complete';
    participant.dateUpdated = this.now();
    if (wasConnected) this.conferenceEvent(conference, 'participant-leave', participant);
    const call = this.calls.get(callSid);
    if (how === 'kicked' && call) {
      call.place = { kind: 'none' };
      this.finish(call, call.status === 'in-progress' ? 'completed' : 'canceled');
    }
    if (conference.status === 'completed') return;
    if (participant.endConferenceOnExit && wasConnected) this.end(conference, `participant-with-end-conference-on-exit-${how}`, callSid);
    else if (![...conference.participants.values()].some((other) => other.status === 'connected') && wasConnected) this.end(conference, how === 'kicked' ? 'last-participant-kicked' : 'last-participant-left', callSid);
  }

  /** Ends a conference: every participant's call is hung up. */
  end(conference: StandInConference, reason: string, callSid?: string): void {
    if (conference.status === 'completed') return;
    conference.status = 'completed';
    conference.reasonEnded = reason;
    if (callSid) conference.callSidEnding = callSid;
    conference.dateUpdated = this.now();
    for (const participant of [...conference.participants.values()]) this.leave(conference.sid, participant.callSid, 'kicked');
    this.conferenceEvent(conference, 'conference-end');
  }

  /** Sends one conference event if the conference's callback asks for it. */
  conferenceEvent(conference: StandInConference, event: string, participant?: StandInParticipant): void {
    if (!conference.statusEvents.has(event)) return;
    conference.sequence += 1;
    const params: Record<string, string> = { AccountSid: this.accountSid, ConferenceSid: conference.sid, FriendlyName: conference.friendlyName, StatusCallbackEvent: event, SequenceNumber: String(conference.sequence), Timestamp: rfc2822(this.now()) };
    if (participant) {
      Object.assign(params, { CallSid: participant.callSid, Muted: String(participant.muted), Hold: String(participant.hold), Coaching: String(participant.coaching), EndConferenceOnExit: String(participant.endConferenceOnExit), StartConferenceOnEnter: String(participant.startConferenceOnEnter) });
      if (participant.label) params.ParticipantLabel = participant.label;
      if (participant.callSidToCoach) params.CallSidToCoach = participant.callSidToCoach;
    }
    if (event === 'conference-end') {
      if (conference.reasonEnded) params.ReasonConferenceEnded = conference.reasonEnded;
      if (conference.callSidEnding) params.CallSidEndingConference = conference.callSidEnding;
    }
    this.options.callbacks.send(conference.statusCallback, params);
  }

  /** Sends one call progress event if the call's callback asks for it. */
  callEvent(call: StandInCall, event: 'initiated' | 'ringing' | 'answered' | 'completed'): void {
    for (const listener of this.callChanged) listener(call, event);
    if (!call.statusEvents.has(event)) return;
    call.sequence += 1;
    const params: Record<string, string> = { AccountSid: this.accountSid, CallSid: call.sid, From: call.from, To: call.to, Direction: call.direction, CallStatus: call.status, ApiVersion: '2010-04-01', CallbackSource: 'call-progress-events', SequenceNumber: String(call.sequence), Timestamp: rfc2822(this.now()) };
    if (call.parentCallSid) params.ParentCallSid = call.parentCallSid;
    if (call.callerName) params.CallerName = call.callerName;
    if (event === 'completed') params.CallDuration = String(duration(call.startTime, call.endTime));
    this.options.callbacks.send(call.statusCallback, params);
  }

  /** Starts recording an in-progress call (`POST …/Calls/{CallSid}/Recordings.json`). */
  startRecording(callSid: string, init: { channels: 1 | 2; statusCallback?: string; statusEvents?: readonly string[] }): StandInRecording {
    const call = this.call(callSid);
    if (call.status !== 'in-progress') throw new TwilioApiError(400, 21220, `Call ${callSid} is ${call.status}: only an in-progress call can be recorded`);
    if ([...this.recordings.values()].some((recording) => recording.callSid === callSid && (recording.status === 'in-progress' || recording.status === 'paused'))) {
      throw new TwilioApiError(400, 21220, `Call ${callSid} is already being recorded`);
    }
    const at = this.now();
    const recording: StandInRecording = {
      sid: newSid('RE'),
      callSid,
      ...(call.place.kind === 'conference' ? { conferenceSid: call.place.conferenceSid } : {}),
      status: 'in-progress',
      dateCreated: at,
      dateUpdated: at,
      channels: init.channels,
      source: 'StartCallRecordingAPI',
      ...(init.statusCallback ? { statusCallback: init.statusCallback } : {}),
      statusEvents: new Set(init.statusEvents?.length ? init.statusEvents : ['completed']),
    };
    this.recordings.set(recording.sid, recording);
    this.recordingEvent(recording, 'in-progress');
    return recording;
  }

  /** `Status=stopped|paused|in-progress` on a recording. */
  updateRecording(recording: StandInRecording, status: string): void {
    if (recording.status === 'completed' || recording.status === 'stopped') throw new TwilioApiError(400, 21220, `Recording ${recording.sid} has ended: it cannot be ${status}`);
    if (status === 'stopped') return this.stopRecording(recording);
    if (status !== 'paused' && status !== 'in-progress') throw new TwilioApiError(400, 20001, `Status must be stopped, paused or in-progress, got ${status}`);
    recording.status = status;
    recording.dateUpdated = this.now();
  }

  private stopRecording(recording: StandInRecording): void {
    recording.status = 'completed';
    recording.endTime = this.now();
    recording.dateUpdated = recording.endTime;
    this.recordingEvent(recording, 'completed');
  }

  /** The link to a recording's media, as in `RecordingUrl`. */
  recordingUrl(recording: StandInRecording): string {
    return `${this.options.apiBaseUrl()}/2010-04-01/Accounts/${this.accountSid}/Recordings/${recording.sid}`;
  }

  private recordingEvent(recording: StandInRecording, event: 'in-progress' | 'completed'): void {
    if (!recording.statusEvents.has(event)) return;
    const params: Record<string, string> = { AccountSid: this.accountSid, CallSid: recording.callSid, RecordingSid: recording.sid, RecordingUrl: this.recordingUrl(recording), RecordingStatus: recording.status, RecordingChannels: String(recording.channels), RecordingSource: recording.source, RecordingStartTime: rfc2822(recording.dateCreated), RecordingTrack: 'both' };
    if (recording.conferenceSid) params.ConferenceSid = recording.conferenceSid;
    if (event === 'completed') params.RecordingDuration = String(duration(recording.dateCreated, recording.endTime));
    this.options.callbacks.send(recording.statusCallback, params);
  }

  /** Stops every timer (the stand-in is closing). */
  close(): void {
    for (const call of this.calls.values()) clearTimeout(call.ringTimer);
  }
}

/** Whole seconds between two times (0 when either is missing). */
export function duration(start: number | undefined, end: number | undefined): number {
  return start === undefined || end === undefined ? 0 : Math.max(0, Math.round((end - start) / 1000));
}

