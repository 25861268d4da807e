/**
 * The 2010 REST API routes of the stand-in: Calls, Conferences, Participants and Recordings under
 * `/2010-04-01/Accounts/{AccountSid}/`, form-encoded in, JSON out.
 */
import type { FastifyInstance } from 'fastify';
import { callJson, conferenceJson, page2010, participantJson, recordingJson } from './json.js';
import { dialledAddress, flag, integer, list, notFound, param, required, TwilioApiError, type FormParams } from './model.js';
import type { TwimlRunner } from './twiml.js';
import type { StandInVoice } from './voice.js';

type Params = { AccountSid: string; Sid: string; CallSid: string; ConferenceSid: string };
const body = (value: unknown): FormParams => (typeof value === 'object' && value !== null ? (value as FormParams) : {});

/** Registers the 2010 API on a scope whose hooks have checked the account and credentials. */
export function apiRoutes(app: FastifyInstance, voice: StandInVoice, twiml: TwimlRunner, fetchTwiml: (url: string, params: Record<string, string>) => Promise<string>): void {
  const base = '/2010-04-01/Accounts/:AccountSid';

  app.post<{ Params: Params }>(`${base}/Calls.json`, async (request, reply) => {
    const form = body(request.body);
    const { to, customParameters } = dialledAddress(required(form, 'To', 21201));
    const from = required(form, 'From', 21213);
    const url = param(form, 'Url');
    const document = param(form, 'Twiml');
    if (!url && !document && !param(form, 'ApplicationSid')) throw new TwilioApiError(400, 21205, 'Either Url, Twiml or ApplicationSid is required');
    const statusCallback = param(form, 'StatusCallback');
    const call = voice.createCall({
      from, to, direction: 'outbound-api', timeoutSeconds: integer(form, 'Timeout', 60, 1, 600), ...(customParameters ? { customParameters } : {}),
      ...(statusCallback ? { statusCallback, statusEvents: list(form, 'StatusCallbackEvent') } : {}),
      onAnswer: async (answered) => twiml.run(answered, document ?? (await fetchTwiml(url ?? '', { CallSid: answered.sid, AccountSid: voice.accountSid, From: from, To: to, CallStatus: 'in-progress', Direction: 'outbound-api', ApiVersion: '2010-04-01' }))),
    });
    return reply.code(201).send(callJson(voice, call));
  });
  app.get<{ Params: Params; Querystring: Record<string, string> }>(`${base}/Calls.json`, (request) => {
    const calls = [...voice.calls.values()].filter((call) => (!request.query.Status || call.status === request.query.Status) && (!request.query.To || call.to === request.query.To) && (!request.query.From || call.from === request.query.From) && (!request.query.ParentCallSid || call.parentCallSid === request.query.ParentCallSid));
    return page2010('calls', request.url, calls.map((call) => callJson(voice, call)));
  });
  app.get<{ Params: Params }>(`${base}/Calls/:Sid.json`, (request) => callJson(voice, voice.call(request.params.Sid)));
  app.post<{ Params: Params }>(`${base}/Calls/:Sid.json`, async (request) => {
    const call = voice.call(request.params.Sid);
    const form = body(request.body);
    const status = param(form, 'Status');
    const document = param(form, 'Twiml');
    const url = param(form, 'Url');
    if (status === 'completed' || status === 'canceled') {
      if (status === 'canceled' && call.status === 'in-progress') throw new TwilioApiError(400, 21220, `Call ${call.sid} is in-progress: cancel applies to queued or ringing calls, use Status=completed`);
      voice.hangUp(call.sid);
    } else if (status !== undefined) throw new TwilioApiError(400, 20001, `Status must be canceled or completed, got ${status}`);
    else if (document || url) {
      if (call.status !== 'in-progress') throw new TwilioApiError(400, 21220, `Call is not in-progress. Cannot redirect.`);
      const place = call.place;
      if (place.kind === 'conference') voice.leave(place.conferenceSid, call.sid, 'left');
      call.place = { kind: 'none' };
      twiml.run(call, document ?? (await fetchTwiml(url ?? '', { CallSid: call.sid, AccountSid: voice.accountSid, From: call.from, To: call.to, CallStatus: call.status, Direction: call.direction, ApiVersion: '2010-04-01' })));
    }
    return callJson(voice, call);
  });

  app.get<{ Params: Params; Querystring: Record<string, string> }>(`${base}/Conferences.json`, (request) => {
    const { FriendlyName: name, Status: status } = request.query;
    const conferences = [...voice.conferences.values()].filter((conference) => (!name || conference.friendlyName === name) && (!status || conference.status === status));
    return page2010('conferences', request.url, conferences.map((conference) => conferenceJson(voice, conference)));
  });
  app.get<{ Params: Params }>(`${base}/Conferences/:Sid.json`, (request) => conferenceJson(voice, voice.conference(request.params.Sid)));
  app.post<{ Params: Params }>(`${base}/Conferences/:Sid.json`, (request) => {
    const conference = voice.conference(request.params.Sid);
    const status = param(body(request.body), 'Status');
    if (status !== undefined && status !== 'completed') throw new TwilioApiError(400, 20001, `Status must be completed, got ${status}`);
    if (status === 'completed') voice.end(conference, 'conference-ended-via-api');
    return conferenceJson(voice, conference);
  });

  app.get<{ Params: Params; Querystring: Record<string, string> }>(`${base}/Conferences/:ConferenceSid/Participants.json`, (request) => {
    const conference = voice.conference(request.params.ConferenceSid);
    const { Muted: muted, Hold: hold, Coaching: coaching } = request.query;
    const participants = [...conference.participants.values()].filter((participant) => (!muted || String(participant.muted) === muted) && (!hold || String(participant.hold) === hold) && (!coaching || String(participant.coaching) === coaching));
    return page2010('participants', request.url, participants.map((participant) => participantJson(voice, conference, participant)));
  });
  app.post<{ Params: Params }>(`${base}/Conferences/:ConferenceSid/Participants.json`, (request, reply) => {
    const form = body(request.body);
    const { to, customParameters } = dialledAddress(required(form, 'To', 21201));
    const from = required(form, 'From', 21213);
    const id = request.params.ConferenceSid;
    // A conference sid must be live; a friendly name finds the live conference of that name or starts one.
    const conference = /^CF[0-9a-f]{32}$/.test(id) ? voice.conference(id) : (voice.activeConference(id) ?? voice.newConference(id));
    if (conference.status === 'completed') throw notFound(request.url);
    const coaching = flag(form, 'Coaching', false);
    const callSidToCoach = param(form, 'CallSidToCoach');
    if (coaching && !callSidToCoach) throw new TwilioApiError(400, 20001, 'CallSidToCoach is required when Coaching is true');
    if (callSidToCoach && conference.participants.get(callSidToCoach)?.status !== 'connected') throw new TwilioApiError(400, 20001, `CallSidToCoach ${callSidToCoach} is not a connected participant of ${conference.sid}`);
    const label = param(form, 'Label');
    voice.configure(conference, { ...(param(form, 'ConferenceStatusCallback') ? { statusCallback: param(form, 'ConferenceStatusCallback') } : {}), statusEvents: list(form, 'ConferenceStatusCallbackEvent') });
    const options = { ...(label ? { label } : {}), muted: flag(form, 'Muted', false), coaching, ...(callSidToCoach ? { callSidToCoach } : {}), startConferenceOnEnter: flag(form, 'StartConferenceOnEnter', true), endConferenceOnExit: flag(form, 'EndConferenceOnExit', false) };
    const statusCallback = param(form, 'StatusCallback');
    const call = voice.createCall({
      from, to, direction: 'outbound-api', timeoutSeconds: integer(form, 'Timeout', 60, 5, 600), ...(customParameters ? { customParameters } : {}),
      ...(statusCallback ? { statusCallback, statusEvents: list(form, 'StatusCallbackEvent') } : {}),
      onAnswer: (answered) => {
        const participant = conference.participants.get(answered.sid);
        if (participant && conference.status !== 'completed') voice.connect(conference, participant, answered);
        else voice.hangUp(answered.sid);
      },
      onUnanswered: (unanswered) => voice.leave(conference.sid, unanswered.sid, 'left'),
    });
    const participant = voice.newParticipant(call.sid, options);
    participant.status = 'ringing';
    conference.participants.set(call.sid, participant);
    return reply.code(201).send(participantJson(voice, conference, participant));
  });
  app.get<{ Params: Params }>(`${base}/Conferences/:ConferenceSid/Participants/:CallSid.json`, (request) => {
    const conference = voice.conference(request.params.ConferenceSid);
    return participantJson(voice, conference, voice.participant(conference.sid, request.params.CallSid));
  });
  app.post<{ Params: Params }>(`${base}/Conferences/:ConferenceSid/Participants/:CallSid.json`, (request) => {
    const conference = voice.conference(request.params.ConferenceSid);
    const participant = voice.participant(conference.sid, request.params.CallSid);
    const form = body(request.body);
    const hold = flag(form, 'Hold', participant.hold);
    const muted = flag(form, 'Muted', participant.muted);
    const coaching = flag(form, 'Coaching', participant.coaching);
    const callSidToCoach = param(form, 'CallSidToCoach') ?? participant.callSidToCoach;
    if (coaching && !callSidToCoach) throw new TwilioApiError(400, 20001, 'CallSidToCoach is required when Coaching is true');
    participant.endConferenceOnExit = flag(form, 'EndConferenceOnExit', participant.endConferenceOnExit);
    const holdUrl = param(form, 'HoldUrl');
    if (holdUrl) participant.holdUrl = holdUrl;
    participant.dateUpdated = voice.now();
    const changes: string[] = [];
    if (hold !== participant.hold) changes.push(hold ? 'participant-hold' : 'participant-unhold');
    if (muted !== participant.muted) changes.push(muted ? 'participant-mute' : 'participant-unmute');
    if (coaching !== participant.coaching || callSidToCoach !== participant.callSidToCoach) changes.push('participant-modify');
    participant.hold = hold;
    participant.muted = muted;
    participant.coaching = coaching;
    if (coaching && callSidToCoach) participant.callSidToCoach = callSidToCoach;
    else delete participant.callSidToCoach;
    for (const event of changes) voice.conferenceEvent(conference, event, participant);
    return participantJson(voice, conference, participant);
  });
  app.delete<{ Params: Params }>(`${base}/Conferences/:ConferenceSid/Participants/:CallSid.json`, (request, reply) => {
    const conference = voice.conference(request.params.ConferenceSid);
    voice.participant(conference.sid, request.params.CallSid);
    voice.leave(conference.sid, request.params.CallSid, 'kicked');
    return reply.code(204).send();
  });

  app.post<{ Params: Params }>(`${base}/Calls/:CallSid/Recordings.json`, (request, reply) => {
    const form = body(request.body);
    const channels = param(form, 'RecordingChannels') ?? 'mono';
    if (channels !== 'mono' && channels !== 'dual') throw new TwilioApiError(400, 20001, `RecordingChannels must be mono or dual, got ${channels}`);
    const statusCallback = param(form, 'RecordingStatusCallback');
    const recording = voice.startRecording(request.params.CallSid, { channels: channels === 'dual' ? 2 : 1, ...(statusCallback ? { statusCallback, statusEvents: list(form, 'RecordingStatusCallbackEvent') } : {}) });
    return reply.code(201).send(recordingJson(voice, recording));
  });
  app.get<{ Params: Params }>(`${base}/Calls/:CallSid/Recordings.json`, (request) => {
    voice.call(request.params.CallSid);
    const recordings = [...voice.recordings.values()].filter((recording) => recording.callSid === request.params.CallSid);
    return page2010('recordings', request.url, recordings.map((recording) => recordingJson(voice, recording)));
  });
  app.post<{ Params: Params }>(`${base}/Calls/:CallSid/Recordings/:Sid.json`, (request) => {
    const recording = voice.recordings.get(request.params.Sid);
    if (!recording || recording.callSid !== request.params.CallSid) throw notFound(request.url);
    voice.updateRecording(recording, required(body(request.body), 'Status'));
    return recordingJson(voice, recording);
  });
  app.get<{ Params: Params }>(`${base}/Recordings/:Sid`, (request, reply) => {
    // The media of a recording: a short WAV of silence stands in for the audio.
    const sid = request.params.Sid.replace(/\.(wav|mp3|json)$/, '');
    const recording = voice.recordings.get(sid);
    if (!recording) throw notFound(request.url);
    if (request.params.Sid.endsWith('.json')) return recordingJson(voice, recording);
    return reply.type('audio/x-wav').send(silentWav());
  });
}

/** A valid 8 kHz mono WAV of 0.1 s of silence. */
function silentWav(): Buffer {
  const samples = 800;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}
