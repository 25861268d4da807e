/** Agent identity on every server endpoint: assertions from Salesforce, sessions, the agent directory. */
export { AgentAuth, SESSION_PROTOCOL, sessionTokenOf } from './agent-auth.js';
export type { AgentAuthOptions, SignedInAgent, Authenticate, AuthenticatedRequestLike } from './agent-auth.js';
export { findAgent, validateAgentDirectory } from './agent-directory.js';
export type { AgentDirectory, AgentDirectoryEntry, AgentIdentity, AgentRole } from './agent-directory.js';
export { AssertionVerifier, validateTrustedOrgs } from './assertion-verifier.js';
export type { AssertionVerifierOptions, TrustedOrg, VerifiedAssertion } from './assertion-verifier.js';
export { AuthError } from './errors.js';
export type { AuthErrorCode } from './errors.js';
export { LOCAL_AUDIENCE, LocalOrgSigner, localAgentDirectory, localOrgKeys } from './local-org.js';
export type { LocalOrgKeys } from './local-org.js';
export { ReplayCache } from './replay-cache.js';
export { SessionTokens } from './session-tokens.js';
export type { SessionClaims } from './session-tokens.js';
export { agentAuthRoutes, createServerAuth, sendAuthError } from './server-auth.js';
export type { ServerAuth, ServerAuthConfig } from './server-auth.js';
