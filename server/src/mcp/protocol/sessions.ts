import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a session id carries: everything needed to serve the session on any replica. */
export interface SessionClaims {
  /** Random id of the session, the key of its revocation record. */
  id: string;
  /** The MCP server the session was opened on; the token is refused on any other. */
  server: string;
  /** The revision negotiated at initialize. */
  protocolVersion: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  /** Seconds since the epoch; the session is unknown afterwards. */
  expiresAt: number;
}

const TOKEN_PREFIX = 'v1.';
/** Sessions end a week after initialize at the latest; clients then initialize anew. */
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 3600;
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Session ids are signed tokens (HMAC-SHA256 over the claims) rather than keys into one
 * process's memory, so a restarted gateway or another replica with the same secret serves
 * the session. Ended sessions are refused through the revocation list checked by the caller.
 */
export class SessionTokens {
  readonly #secret: Buffer;
  readonly #lifetime: number;
  // Verified tokens, so that the hot path pays one map lookup instead of an HMAC.
  readonly #verified = new Map<string, SessionClaims>();

  constructor(secret: Buffer, lifetimeSeconds = SESSION_LIFETIME_SECONDS) {
    if (secret.length < 16) throw new Error('the session signing key must be at least 16 bytes');
    this.#secret = secret;
    this.#lifetime = lifetimeSeconds;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('base64url');
  }

  issue(
    server: string,
    protocolVersion: string,
    now = Date.now(),
  ): { token: string; claims: SessionClaims } {
    const issuedAt = Math.floor(now / 1000);
    const claims: SessionClaims = {
      id: randomBytes(16).toString('base64url'),
      server,
      protocolVersion,
      issuedAt,
      expiresAt: issuedAt + this.#lifetime,
    };
    const payload =
      TOKEN_PREFIX +
      Buffer.from(
        JSON.stringify([
          claims.id,
          claims.server,
          claims.protocolVersion,
          claims.issuedAt,
          claims.expiresAt,
        ]),
      ).toString('base64url');
    return { token: `${payload}.${this.#sign(payload)}`, claims };
  }

  /** The claims of a genuine, unexpired token; undefined for anything else. */
  verify(token: string, now = Date.now()): SessionClaims | undefined {
    let claims = this.#verified.get(token);
    if (claims === undefined) {
      claims = this.#decode(token);
      if (claims === undefined) return undefined;
      if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
        this.#verified.delete(this.#verified.keys().next().value as string);
      }
      this.#verified.set(token, claims);
    }
    if (claims.expiresAt * 1000 <= now) {
      this.#verified.delete(token);
      return undefined;
    }
    return claims;
  }

  #decode(token: string): SessionClaims | undefined {
    if (token.length > 1024 || !token.startsWith(TOKEN_PREFIX)) return undefined;
    const dot = token.lastIndexOf('.');
    if (dot <= TOKEN_PREFIX.length) return undefined;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.#sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const fields: unknown = JSON.parse(
        Buffer.from(payload.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'),
      );
      if (!Array.isArray(fields) || fields.length !== 5) return undefined;
      const [id, server, protocolVersion, issuedAt, expiresAt] = fields as unknown[];
      if (
        typeof id !== 'string' ||
        typeof server !== 'string' ||
        typeof protocolVersion !== 'string' ||
        typeof issuedAt !== 'number' ||
        typeof expiresAt !== 'number'
      ) {
        return undefined;
      }
      return { id, server, protocolVersion, issuedAt, expiresAt };
    } catch {
      return undefined;
    }
  }
}
