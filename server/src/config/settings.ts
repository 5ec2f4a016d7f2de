import { parseArgs } from 'node:util';
import path from 'node:path';

/** Everything the gateway can be told at start, by flag or by environment variable. */
export interface Settings {
  /** Data plane: MCP endpoints and proxied routes. */
  port: number;
  host: string;
  /** Admin API and console; loopback by default until admin authentication exists. */
  adminPort: number;
  adminHost: string;
  /** Holds the SQLite file and compiled artifacts. */
  dataDir: string;
  /** A postgres:// URL selects PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl: string | undefined;
  logLevel: string;
  /** Largest admin request body in bytes (OpenAPI documents can be large). */
  adminBodyLimit: number;
  /** Seed the demo workspace at start. */
  demo: boolean;
  /** Key that signs MCP session ids (MCPGW_SESSION_SECRET); replicas must share it. Unset: a key kept in dataDir. */
  sessionSecret?: string;
  /** Host names the MCP endpoint's Host header may name (MCPGW_ALLOWED_HOSTS); unset: loopback names and the bound address. */
  allowedHosts?: string[];
  /** Browser origins (host names) allowed besides allowedHosts (MCPGW_ALLOWED_ORIGINS). */
  allowedOrigins?: string[];
  /** Upstream connect timeout (MCPGW_UPSTREAM_CONNECT_TIMEOUT_MS, default 5000). */
  upstreamConnectTimeoutMs?: number;
  /** Upstream response deadline, headers and body (MCPGW_UPSTREAM_TIMEOUT_MS, default 30000). */
  upstreamTimeoutMs?: number;
  /** Largest upstream response body (MCPGW_UPSTREAM_MAX_RESPONSE_BYTES, default 10 MiB). */
  upstreamMaxResponseBytes?: number;
  /** How often a replica polls the stored active versions (MCPGW_RUNTIME_SYNC_INTERVAL_MS, default 3000; 0 never). */
  runtimeSyncIntervalMs?: number;
}

export const DEFAULT_RUNTIME_SYNC_INTERVAL_MS = 3000;

export class SettingsError extends Error {}

const DEFAULTS = {
  port: 8080,
  host: '0.0.0.0',
  adminPort: 8081,
  adminHost: '127.0.0.1',
  dataDir: './data',
  logLevel: 'info',
  adminBodyLimit: 64 * 1024 * 1024,
};

function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SettingsError(`${name} must be an integer between 0 and 65535, got "${value}"`);
  }
  return port;
}

function parseSize(value: string, name: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size <= 0) {
    throw new SettingsError(`${name} must be a positive number of bytes, got "${value}"`);
  }
  return size;
}

export const USAGE = `Usage: npm start -- [options]

  --port N            data plane port (MCPGW_PORT, default 8080; 0 picks a free port)
  --host H            data plane address (MCPGW_HOST, default 0.0.0.0)
  --admin-port N      admin API port (MCPGW_ADMIN_PORT, default 8081)
  --admin-host H      admin API address (MCPGW_ADMIN_HOST, default 127.0.0.1)
  --data-dir DIR      data directory (MCPGW_DATA_DIR, default ./data)
  --database-url URL  postgres://… selects PostgreSQL (DATABASE_URL)
  --log-level L       trace|debug|info|warn|error (MCPGW_LOG_LEVEL, default info)
  --demo              seed the demo workspace
  --help              show this text

  Environment only: MCPGW_SESSION_SECRET (signs MCP session ids, at least 32 characters),
  MCPGW_ALLOWED_HOSTS and MCPGW_ALLOWED_ORIGINS (comma-separated host names the MCP
  endpoint accepts in Host and Origin; * accepts any), MCPGW_UPSTREAM_CONNECT_TIMEOUT_MS
  (5000), MCPGW_UPSTREAM_TIMEOUT_MS (30000), MCPGW_UPSTREAM_MAX_RESPONSE_BYTES (10485760),
  MCPGW_RUNTIME_SYNC_INTERVAL_MS (3000; how often replicas poll activations, 0 never)
`;

/**
 * Reads settings from command-line flags first, then environment variables, then defaults.
 * Returns undefined when --help was asked for.
 */
export function loadSettings(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Settings | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'admin-port': { type: 'string' },
        'admin-host': { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'log-level': { type: 'string' },
        'admin-body-limit': { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new SettingsError((error as Error).message);
  }
  const flags = parsed.values;
  if (flags.help) return undefined;

  const pick = (flag: string | undefined, envName: string): string | undefined =>
    flag ?? (env[envName] !== undefined && env[envName] !== '' ? env[envName] : undefined);

  const port = pick(flags.port, 'MCPGW_PORT');
  const adminPort = pick(flags['admin-port'], 'MCPGW_ADMIN_PORT');
  const bodyLimit = pick(flags['admin-body-limit'], 'MCPGW_ADMIN_BODY_LIMIT');
  const databaseUrl = pick(flags['database-url'], 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new SettingsError(
      `DATABASE_URL must be a postgres:// or postgresql:// URL; leave it unset for the embedded SQLite database`,
    );
  }
  return {
    port: port === undefined ? DEFAULTS.port : parsePort(port, 'port'),
    host: pick(flags.host, 'MCPGW_HOST') ?? DEFAULTS.host,
    adminPort: adminPort === undefined ? DEFAULTS.adminPort : parsePort(adminPort, 'admin port'),
    adminHost: pick(flags['admin-host'], 'MCPGW_ADMIN_HOST') ?? DEFAULTS.adminHost,
    dataDir: path.resolve(pick(flags['data-dir'], 'MCPGW_DATA_DIR') ?? DEFAULTS.dataDir),
    databaseUrl,
    logLevel: pick(flags['log-level'], 'MCPGW_LOG_LEVEL') ?? DEFAULTS.logLevel,
    adminBodyLimit:
      bodyLimit === undefined ? DEFAULTS.adminBodyLimit : parseSize(bodyLimit, 'admin body limit'),
    demo: flags.demo ?? env.MCPGW_DEMO === '1',
    ...mcpEndpointSettings(env),
    ...runtimeSettings(env),
  };
}

function positiveNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  allowZero = false,
): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || (number === 0 && !allowZero)) {
    throw new SettingsError(
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`,
    );
  }
  return number;
}

/** Settings of the server runtime and its upstream requests, from the environment. */
function runtimeSettings(
  env: NodeJS.ProcessEnv,
): Pick<
  Settings,
  | 'upstreamConnectTimeoutMs'
  | 'upstreamTimeoutMs'
  | 'upstreamMaxResponseBytes'
  | 'runtimeSyncIntervalMs'
> {
  const connect = positiveNumber(env, 'MCPGW_UPSTREAM_CONNECT_TIMEOUT_MS');
  const response = positiveNumber(env, 'MCPGW_UPSTREAM_TIMEOUT_MS');
  const size = positiveNumber(env, 'MCPGW_UPSTREAM_MAX_RESPONSE_BYTES');
  const sync = positiveNumber(env, 'MCPGW_RUNTIME_SYNC_INTERVAL_MS', true);
  return {
    ...(connect !== undefined && { upstreamConnectTimeoutMs: connect }),
    ...(response !== undefined && { upstreamTimeoutMs: response }),
    ...(size !== undefined && { upstreamMaxResponseBytes: size }),
    ...(sync !== undefined && { runtimeSyncIntervalMs: sync }),
  };
}

function hostList(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}

/** Settings of the MCP endpoint, from the environment only (they are secrets or lists). */
function mcpEndpointSettings(
  env: NodeJS.ProcessEnv,
): Pick<Settings, 'sessionSecret' | 'allowedHosts' | 'allowedOrigins'> {
  const secret = env.MCPGW_SESSION_SECRET;
  if (secret !== undefined && secret !== '' && secret.length < 32) {
    throw new SettingsError(
      `MCPGW_SESSION_SECRET must be at least 32 characters long, got ${secret.length}`,
    );
  }
  const allowedHosts = hostList(env.MCPGW_ALLOWED_HOSTS);
  const allowedOrigins = hostList(env.MCPGW_ALLOWED_ORIGINS);
  return {
    ...(secret !== undefined && secret !== '' && { sessionSecret: secret }),
    ...(allowedHosts !== undefined && { allowedHosts }),
    ...(allowedOrigins !== undefined && { allowedOrigins }),
  };
}
