/**
 * A contact centre on the Twilio stand-in for tests: the stand-in, a workspace provisioned through
 * the official library, agents' workers, and a server with the contact-centre routes whose
 * `authenticate` takes the agent from an `x-test-agent` header (tests only). A name ending in
 * `/identity-only` is that agent as a directory that maps users to Twilio identities only knows them:
 * without a worker sid, so the server finds the worker by its friendly name.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import twilioLibrary from 'twilio';
import type { CallControlAgent } from '../../src/server/twilio/call-control.js';
import { provisionContactCentre, type ProvisionedContactCentre } from '../../src/server/twilio/provision.js';
import { contactCentreRoutes } from '../../src/server/twilio/routes.js';
import type { StandInCall } from '../../src/server/twilio/stand-in/index.js';
import { twilioSettingsFromEnv } from '../../src/server/index.js';
import { TEST_TWILIO_ENV } from './twilio-env.js';
import { eventually, startStandInFixture, type StandInFixture } from './twilio-stand-in.js';

/** A running contact centre. */
export interface ContactCentreFixture extends StandInFixture {
  readonly server: FastifyInstance;
  readonly url: string;
  /** Every server instance's URL (the first is `url`); they share nothing but Twilio. */
  readonly urls: readonly string[];
  readonly centre: ProvisionedContactCentre;
  /** Agents by name, with their worker sids. */
  readonly agents: Record<string, CallControlAgent>;
  /** Calls the server as an agent; resolves with the status and JSON body. */
  as(agent: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The same, through instance `index`. */
  asAt(index: number, agent: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Answers the call ringing to an agent's client identity (their softphone picks up). */
  pickUp(identity: string): Promise<StandInCall>;
  close(): Promise<void>;
}

export const HOLD_MUSIC = 'http://127.0.0.1:9/hold-music.xml';

/** Starts it all; `agents` are created as workers (Offline), `supervisors` are not workers. */
export async function startContactCentre(options: { agents: readonly string[]; supervisors?: readonly string[]; reservationTimeoutSeconds?: number; maxRetries?: number; instances?: number }): Promise<ContactCentreFixture> {
  const fixture = await startStandInFixture(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries });
  const { standIn, client } = fixture;
  const centre = await provisionContactCentre(client, { friendlyName: 'Support', reservationTimeoutSeconds: options.reservationTimeoutSeconds ?? 20 });
  const agents: Record<string, CallControlAgent> = {};
  for (const name of options.agents) {
    const worker = await client.taskrouter.v1.workspaces(centre.workspaceSid).workers.create({ friendlyName: name, attributes: JSON.stringify({ contact_uri: `client:${name}` }) });
    agents[name] = { agentId: `005${name}`, twilioIdentity: name, workerSid: worker.sid, role: 'agent' };
  }
  for (const name of options.supervisors ?? []) agents[name] = { agentId: `005${name}`, twilioIdentity: name, role: 'supervisor' };
  const settings = twilioSettingsFromEnv(TEST_TWILIO_ENV);
  const servers: FastifyInstance[] = [];
  const urls: string[] = [];
  for (let index = 0; index < (options.instances ?? 1); index += 1) {
    const server = Fastify();
    await contactCentreRoutes(server, {
      settings,
      contactCentre: { workspaceSid: centre.workspaceSid, workflowSid: centre.workflowSid, holdMusicUrl: HOLD_MUSIC, activities: { available: 'Available', busy: 'Busy', offline: 'Offline', wrapUp: 'Wrap-up' }, apiBaseUrl: standIn.url },
      library: twilioLibrary,
      client,
      authenticate: async (request) => {
        const [name = '', only] = String(request.headers['x-test-agent']).split('/');
        const agent = agents[name];
        if (!agent || only !== 'identity-only') return agent;
        const { workerSid: _known, ...identityOnly } = agent;
        return identityOnly;
      },
    });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    servers.push(server);
    urls.push(url);
  }
  const [url = '', last = ''] = [urls[0], urls.at(-1)];
  // Twilio's webhooks and callbacks go to the last instance; agents talk to the first unless told otherwise.
  standIn.configure({ voiceUrl: `${last}/api/twilio/cc/voice` });
  await client.taskrouter.v1.workspaces(centre.workspaceSid).update({ eventCallbackUrl: `${last}/api/twilio/cc/taskrouter-events` });
  const asAt: ContactCentreFixture['asAt'] = async (index, agent, method, path, body) => {
    const response = await fetch(`${urls[index] ?? ''}${path}`, { method, headers: { 'x-test-agent': agent, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const as: ContactCentreFixture['as'] = (agent, method, path, body) => asAt(0, agent, method, path, body);
  const pickUp = async (identity: string) => {
    const ringing = await eventually(() => standIn.ringing(`client:${identity}`)[0], `a call ringing ${identity}`);
    return standIn.voice.answer(ringing.sid);
  };
  return {
    ...fixture, server: servers[0] ?? Fastify(), url, urls, centre, agents, as, asAt, pickUp,
    async close() {
      for (const server of servers) await server.close();
      await standIn.close();
    },
  };
}
