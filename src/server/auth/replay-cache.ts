/**
 * Assertion ids (`jti`) already used, each kept until its assertion expires: a second use of the
 * same id is a replay. In memory, per server instance: with several instances, an assertion could
 * be exchanged once on each within its few minutes of life (docs/security.md, "Replay scope").
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 100_000) {}

  /**
   * Records `jti` as used until `expiresAtMs`; false when it was already used (a replay), or when
   * the cache is full of live ids (refusing is safer than forgetting one).
   */
  use(jti: string, expiresAtMs: number, nowMs = Date.now()): boolean {
    const previous = this.seen.get(jti);
    if (previous !== undefined && previous > nowMs) return false;
    if (this.seen.size >= this.maxEntries) this.prune(nowMs);
    if (this.seen.size >= this.maxEntries) return false;
    this.seen.set(jti, expiresAtMs);
    return true;
  }

  /** How many ids are remembered. */
  get size(): number {
    return this.seen.size;
  }

  private prune(nowMs: number): void {
    for (const [jti, expires] of this.seen) if (expires <= nowMs) this.seen.delete(jti);
  }
}
