import type { Logger } from 'pino';
import type { Settings } from '../config/settings.ts';
import type { Database } from '../db/database.ts';

/**
 * What the modules share: settings, the database and each module's service. Modules reach one
 * another only through the services here, never through another module's tables.
 */
export interface GatewayServices {
  settings: Settings;
  database: Database;
  logger: Logger;
  /** Releases what the services hold (loaded modules, pools); called at shutdown. */
  close?: () => Promise<void>;
}
