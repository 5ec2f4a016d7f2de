import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const SESSION_SECRET_FILE = 'session-secret';

/**
 * The key that signs session ids: MCPGW_SESSION_SECRET when set (replicas must share it),
 * else a key generated once and kept in the data directory, readable by the owner only.
 */
export function loadSessionSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = fs.readFileSync(file, 'utf8').trim();
  if (stored.length < 32) {
    throw new Error(
      `${file} holds no usable session key (expected at least 32 characters); remove it to generate a new one`,
    );
  }
  return Buffer.from(stored, 'utf8');
}
