import type { Logger } from 'pino';
import type { Settings } from '../config/settings.ts';
import type { Database } from '../db/database.ts';
import type { GatewayServices } from './services.ts';
import { HttpInterfaceService } from '../http-interfaces/interface-service.ts';

/** Builds every module's service over the shared database. */
export async function createServices(base: {
  settings: Settings;
  database: Database;
  logger: Logger;
}): Promise<GatewayServices> {
  return { ...base, httpInterfaces: new HttpInterfaceService(base.database) };
}
