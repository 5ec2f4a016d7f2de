import type { InterfaceDefinition } from '../interface-model.ts';
import { canonicalJson } from './canonical-json.ts';
import { ComponentRegistry, mergeSchemas, renameSchemaRefs } from './component-merging.ts';
import type { JsonObject } from './json-pointer.ts';
import { POOL_EXTENSION } from './server-upstream.ts';

export interface ExportableInterface {
  id: number;
  definition: InterfaceDefinition;
}

export interface ExportOptions {
  title?: string | undefined;
  version?: string | undefined;
}

export interface DuplicateOperation {
  method: string;
  path: string;
  interfaces: Array<{ id: number; name: string }>;
}

/** Two or more interfaces claim the same method and path, which one document cannot hold. */
export class ExportConflict extends Error {
  readonly duplicates: DuplicateOperation[];

  constructor(duplicates: DuplicateOperation[]) {
    const first = duplicates[0] as DuplicateOperation;
    super(
      `${duplicates.length} method and path pair${duplicates.length === 1 ? ' is' : 's are'} used by more than one interface (first: ${first.method} ${first.path} by ${first.interfaces.map((i) => `#${i.id} ${i.name}`).join(', ')}); select interfaces with ids or tag`,
    );
    this.duplicates = duplicates;
  }
}

export { POOL_EXTENSION };

function findDuplicates(interfaces: ExportableInterface[]): DuplicateOperation[] {
  const byOperation = new Map<string, ExportableInterface[]>();
  for (const item of interfaces) {
    const key = `${item.definition.method} ${item.definition.path}`;
    const list = byOperation.get(key);
    if (list) list.push(item);
    else byOperation.set(key, [item]);
  }
  return [...byOperation.values()]
    .filter((list) => list.length > 1)
    .map((list) => ({
      method: (list[0] as ExportableInterface).definition.method,
      path: (list[0] as ExportableInterface).definition.path,
      interfaces: list.map((item) => ({ id: item.id, name: item.definition.name })),
    }));
}

function upstreamUrl(item: InterfaceDefinition): string | undefined {
  const url = (item.upstream as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' ? url : undefined;
}

function upstreamPool(item: InterfaceDefinition): string | undefined {
  const pool = (item.upstream as { pool?: unknown } | undefined)?.pool;
  return typeof pool === 'string' ? pool : undefined;
}

/** The one URL every interface shares, if they all have the same URL upstream. */
function sharedUrl(interfaces: ExportableInterface[]): string | undefined {
  const urls = new Set<string>();
  for (const item of interfaces) {
    const url = upstreamUrl(item.definition);
    if (url === undefined) return undefined;
    urls.add(url);
  }
  return urls.size === 1 ? [...urls][0] : undefined;
}

/**
 * Builds one OpenAPI 3.1.0 document from interfaces: operations grouped by path and method,
 * component schemas and security schemes merged (clashing names renamed deterministically and
 * references rewritten), tags collected, servers from the upstream URLs (per operation when the
 * interfaces do not share one). Throws ExportConflict when two interfaces have the same method
 * and path.
 */
export function exportDocument(
  interfaces: ExportableInterface[],
  options: ExportOptions = {},
): JsonObject {
  const ordered = [...interfaces].sort((a, b) => a.id - b.id);
  const duplicates = findDuplicates(ordered);
  if (duplicates.length > 0) throw new ExportConflict(duplicates);

  const schemas = new ComponentRegistry();
  const securitySchemes = new ComponentRegistry();
  const operationIds = new Set<string>();
  const tags = new Set<string>();
  const paths: Record<string, JsonObject> = {};
  const documentUrl = sharedUrl(ordered);

  for (const { definition: item } of ordered) {
    const schemaRenames = mergeSchemas(schemas, item.components?.schemas ?? {});
    const schemeRenames = new Map<string, string>();
    const claimed = new Set<string>();
    for (const [name, scheme] of Object.entries(item.securitySchemes ?? {})) {
      const canonical = canonicalJson(scheme);
      const target = securitySchemes.nameFor(name, canonical, claimed);
      claimed.add(target);
      securitySchemes.add(name, target, canonical, scheme);
      if (target !== name) schemeRenames.set(name, target);
    }

    const operation: JsonObject = {};
    if (item.tags && item.tags.length > 0) {
      operation.tags = item.tags;
      for (const tag of item.tags) tags.add(tag);
    }
    if (item.summary !== undefined) operation.summary = item.summary;
    if (item.description !== undefined) operation.description = item.description;
    if (item.operationId !== undefined) {
      let operationId = item.operationId;
      for (let n = 2; operationIds.has(operationId); n++) operationId = `${item.operationId}_${n}`;
      operationIds.add(operationId);
      operation.operationId = operationId;
    }
    if (item.parameters && item.parameters.length > 0) {
      operation.parameters = renameSchemaRefs(item.parameters, schemaRenames);
    }
    if (item.requestBody !== undefined) {
      operation.requestBody = renameSchemaRefs(item.requestBody, schemaRenames);
    }
    if (item.responses !== undefined) {
      operation.responses = renameSchemaRefs(item.responses, schemaRenames);
    }
    if (item.deprecated !== undefined) operation.deprecated = item.deprecated;
    if (item.security !== undefined) {
      operation.security = item.security.map((requirement) =>
        Object.fromEntries(
          Object.entries(requirement).map(([name, scopes]) => [
            schemeRenames.get(name) ?? name,
            scopes,
          ]),
        ),
      );
    }
    const url = upstreamUrl(item);
    if (url !== undefined && documentUrl === undefined) operation.servers = [{ url }];
    const pool = upstreamPool(item);
    if (pool !== undefined) operation[POOL_EXTENSION] = pool;

    const pathItem = (paths[item.path] ??= {});
    pathItem[item.method.toLowerCase()] = operation;
  }

  const document: JsonObject = {
    openapi: '3.1.0',
    info: {
      title: options.title || 'MCP Gateway HTTP interfaces',
      version: options.version || '1.0.0',
    },
  };
  if (documentUrl !== undefined) document.servers = [{ url: documentUrl }];
  document.paths = paths;
  const components: JsonObject = {};
  if (schemas.size > 0) components.schemas = schemas.entries;
  if (securitySchemes.size > 0) components.securitySchemes = securitySchemes.entries;
  if (Object.keys(components).length > 0) document.components = components;
  if (tags.size > 0) document.tags = [...tags].sort().map((name) => ({ name }));
  return document;
}
