import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { SessionClaims } from './sessions.ts';
import type { McpSessionTables } from './session-revocation-tables.ts';

/** How often a replica picks up sessions ended on other replicas. */
export const REVOCATION_POLL_MS = 1000;

/**
 * The ended sessions, kept in the database so that a restart or another replica refuses
 * them too. Every replica holds the unexpired ids in memory (the check is on the hot path)
 * and polls for rows added by others; its own revocations apply at once.
 */
export class SessionRevocations {
  readonly #db: Kysely<McpSessionTables>;
  readonly #logger: Pick<Logger, 'warn'>;
  readonly #revoked = new Set<string>();
  #lastSeenId = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  /**
   * Called for each session another replica ended, when this one learns of it: its streams
   * and calls here end too (a DELETE on one replica must not leave a GET stream open on another).
   */
  onEndedElsewhere: ((sessionId: string) => void) | undefined;

  constructor(db: Kysely<McpSessionTables>, logger: Pick<Logger, 'warn'>) {
    this.#db = db;
    this.#logger = logger;
  }

  /** Drops expired records, loads the rest and starts following other replicas. */
  async start(pollMs = REVOCATION_POLL_MS): Promise<void> {
    await this.#db
      .deleteFrom('mcp_session_revocations')
      .where('expires_at', '<', new Date().toISOString())
      .execute();
    await this.#poll();
    this.#timer = setInterval(() => {
      this.#polling ??= this.#poll()
        .catch((error: unknown) =>
          this.#logger.warn({ err: error }, 'could not read ended MCP sessions'),
        )
        .finally(() => (this.#polling = undefined));
    }, pollMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    const rows = await this.#db
      .selectFrom('mcp_session_revocations')
      .select(['id', 'session_id'])
      .where('id', '>', this.#lastSeenId)
      .orderBy('id')
      .execute();
    for (const row of rows) {
      if (row.id > this.#lastSeenId) this.#lastSeenId = row.id;
      if (this.#revoked.has(row.session_id)) continue; // ended here, or seen already
      this.#revoked.add(row.session_id);
      // The first poll (start-up, before the timer) finds nothing open yet; later ones may.
      if (this.#timer !== undefined) this.onEndedElsewhere?.(row.session_id);
    }
  }

  isRevoked(sessionId: string): boolean {
    return this.#revoked.has(sessionId);
  }

  async revoke(claims: SessionClaims): Promise<void> {
    await this.#db
      .insertInto('mcp_session_revocations')
      .values({
        session_id: claims.id,
        revoked_at: new Date().toISOString(),
        expires_at: new Date(claims.expiresAt * 1000).toISOString(),
      })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
    this.#revoked.add(claims.id);
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
  }
}
