import { isObject, pointerTo, type JsonObject } from './json-pointer.ts';
import type { ProblemLog } from './problem-log.ts';

/**
 * Extension naming the upstream pool of an operation, which no OpenAPI field expresses: the
 * export writes it for interfaces whose upstream is a pool, and the import reads it back.
 */
export const POOL_EXTENSION = 'x-mcpgw-upstream-pool';

/** A URL with a scheme (`https://…`); anything else is relative to the document's own URL. */
const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** An absolute http(s) URL with a host: what an interface upstream must be. */
export function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** A server URL with its variables replaced by their defaults. */
export function serverUrl(server: JsonObject, pointer: string, log: ProblemLog): string {
  const template = typeof server.url === 'string' ? server.url : '';
  const variables = isObject(server.variables) ? server.variables : {};
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    if (isObject(variable) && typeof variable.default === 'string') return variable.default;
    log.warn(`server variable "{${name}}" has no default; it is kept in the URL as is`, pointer);
    return whole;
  });
}

/**
 * The upstream of an operation: the first of its own servers, else its path's, else the
 * document's. Variables take their defaults. A relative URL cannot be resolved (the importer
 * does not know where the document came from) and an upstream must be absolute: such
 * interfaces get no upstream, with a warning.
 */
export function chooseUpstream(
  document: JsonObject,
  item: { value: JsonObject; pointer: string },
  operation: JsonObject,
  operationPointer: string,
  log: ProblemLog,
): { url: string } | { pool: string } | undefined {
  const pool = operation[POOL_EXTENSION];
  if (typeof pool === 'string' && pool !== '') return { pool };
  const candidates: Array<[unknown, string]> = [
    [operation.servers, pointerTo(operationPointer, 'servers')],
    [item.value.servers, pointerTo(item.pointer, 'servers')],
    [document.servers, '/servers'],
  ];
  for (const [servers, pointer] of candidates) {
    if (!Array.isArray(servers) || servers.length === 0) continue;
    const first = servers[0];
    if (!isObject(first)) continue;
    const at = pointerTo(pointer, 0);
    if (servers.length > 1) {
      log.warn(`${servers.length} servers are listed; interfaces use the first one`, pointer);
    }
    let url = serverUrl(first, at, log);
    if (url === '') return undefined;
    if (url.startsWith('//')) {
      // Scheme-relative, as Swagger 2.0 `host` without `schemes` converts: assume https.
      log.warn(
        `server URL "${url}" names no scheme (Swagger 2.0 without "schemes"): https is assumed`,
        pointerTo(at, 'url'),
      );
      url = `https:${url}`;
    }
    if (!ABSOLUTE_URL.test(url)) {
      log.warn(
        `server URL "${url}" is relative and the document's own URL is unknown: the interfaces get no upstream; give "upstream" to set one`,
        pointerTo(at, 'url'),
      );
      return undefined;
    }
    if (!isHttpUrl(url)) {
      log.warn(
        `server URL "${url}" is not an http(s) URL: the interfaces get no upstream; give "upstream" to set one`,
        pointerTo(at, 'url'),
      );
      return undefined;
    }
    return { url };
  }
  log.warn(
    'the document lists no servers: imported interfaces have no upstream; give "upstream" to set one',
    '/servers',
  );
  return undefined;
}
