/**
 * Signs a console user in as the softphone does: the console's emulated `runApex`
 * (SoftphoneAgentAssertion.issue, signed with the console org's key) gives an assertion, which
 * `/api/auth/session` exchanges for a session token. Through Fastify's injection or over HTTP. And
 * the refusal a test expects of a sign-in.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { AuthError } from '../../src/server/auth/index.js';

/** A session token for console user `alias`, from a server reached by `inject`. */
export async function injectedSession(app: FastifyInstance, alias = 'agent'): Promise<string> {
  const assertion = (await app.inject({ method: 'POST', url: '/api/console/apex/SoftphoneAgentAssertion/issue', payload: { user: alias } })).json<{ runApex: string }>().runApex;
  const answer = await app.inject({ method: 'POST', url: '/api/auth/session', payload: { assertion } });
  if (answer.statusCode !== 200) throw new Error(`sign-in failed: ${answer.statusCode} ${answer.body}`);
  return answer.json<{ session: string }>().session;
}

/** A session token for console user `alias`, from a server at `url`. */
export async function httpSession(url: string, alias = 'agent'): Promise<string> {
  const post = async (path: string, body: unknown): Promise<Response> =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { runApex } = (await (await post('/api/console/apex/SoftphoneAgentAssertion/issue', { user: alias })).json()) as { runApex: string };
  const answer = await post('/api/auth/session', { assertion: runApex });
  if (!answer.ok) throw new Error(`sign-in failed: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { session: string }).session;
}

/** The `AuthError` a sign-in or verification is refused with; fails the test when it is not refused. */
export async function authRefusal(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AuthError, `an AuthError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}
