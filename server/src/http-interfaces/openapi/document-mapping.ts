import type {
  HttpMethod,
  InterfaceDefinition,
  ParameterObject,
  Upstream,
} from '../interface-model.ts';
import { validateDefinition } from '../interface-validation.ts';
import type { DocumentProblem } from './document-validator.ts';
import { baseInterfaceName, NameAllocator } from './interface-naming.ts';
import {
  isObject,
  pointerTo,
  refToPointer,
  valueAtPointer,
  type JsonObject,
} from './json-pointer.ts';
import { MappingError } from './mapping-error.ts';
import { SchemaTranslator, type SchemaDialect } from './schema-translator.ts';
import { ProblemLog } from './problem-log.ts';
import { chooseUpstream, POOL_EXTENSION } from './server-upstream.ts';

export interface MappingOptions {
  /** Replaces the upstream the document's servers give. */
  upstream?: Upstream | undefined;
  /** Added to every imported interface's tags. */
  tags?: string[] | undefined;
}

/** One operation of the document as an interface definition. */
export interface MappedOperation {
  /** Pointer of the operation in the document, e.g. `/paths/~1pets~1{id}/get`. */
  pointer: string;
  definition: InterfaceDefinition;
}

export interface MappingResult {
  operations: MappedOperation[];
  warnings: DocumentProblem[];
  /** Operations that cannot be mapped, each naming the pointer of the cause and the operation. */
  errors: DocumentProblem[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Operation fields the interface model keeps (the rest is reported as not kept). */
const KEPT_OPERATION_FIELDS = new Set([
  'summary',
  'description',
  'tags',
  'operationId',
  'parameters',
  'requestBody',
  'responses',
  'deprecated',
  'security',
  'servers',
  POOL_EXTENSION,
]);

/** Where a resolved value came from, for pointers into the document. */
interface Located {
  value: JsonObject;
  pointer: string;
}

/**
 * Maps every operation of an OpenAPI 3.0 or 3.1 document (already validated) to an interface
 * definition. Non-schema references are inlined; schema references into components.schemas are
 * kept and their transitive closure travels with each interface.
 */
export function mapDocument(
  document: JsonObject,
  dialect: SchemaDialect,
  options: MappingOptions = {},
): MappingResult {
  return new DocumentMapper(document, dialect, options).run();
}

class DocumentMapper {
  readonly #document: JsonObject;
  readonly #options: MappingOptions;
  readonly #schemas: SchemaTranslator;
  readonly #log = new ProblemLog();
  readonly #errors: DocumentProblem[] = [];
  /** Operation fields dropped, by field name: how often and where first. */
  readonly #dropped = new Map<string, { count: number; pointer: string }>();

  constructor(document: JsonObject, dialect: SchemaDialect, options: MappingOptions) {
    this.#document = document;
    this.#options = options;
    this.#schemas = new SchemaTranslator(document, dialect);
  }

  run(): MappingResult {
    const operations: MappedOperation[] = [];
    const names = new NameAllocator();
    const paths = isObject(this.#document.paths) ? this.#document.paths : {};
    if (Object.keys(paths).length === 0) {
      this.#log.warn('the document has no paths: there is nothing to import', '/paths');
    }
    if (isObject(this.#document.webhooks) && Object.keys(this.#document.webhooks).length > 0) {
      this.#log.warn(
        'webhooks are not imported: they are calls the API makes, not ones it serves',
        '/webhooks',
      );
    }
    for (const [path, rawItem] of Object.entries(paths)) {
      const itemPointer = pointerTo('/paths', path);
      let item: Located;
      try {
        item = this.#resolve(rawItem, itemPointer);
      } catch (error) {
        this.#fail(error, itemPointer);
        continue;
      }
      for (const method of METHODS) {
        const operation = item.value[method];
        if (!isObject(operation)) continue;
        const pointer = pointerTo(item.pointer, method);
        try {
          const definition = this.#mapOperation(path, method, operation, pointer, item);
          this.#check(definition, pointer);
          definition.name = names.take(definition.name);
          operations.push({ pointer, definition });
        } catch (error) {
          this.#fail(error, pointer);
        }
      }
    }
    for (const [field, { count, pointer }] of this.#dropped) {
      this.#log.warn(
        `operation field "${field}" is not kept by interfaces (${count} operation${count === 1 ? '' : 's'})`,
        pointer,
      );
    }
    return { operations, warnings: this.#log.problems, errors: this.#errors };
  }

  #fail(error: unknown, operation: string): void {
    if (!(error instanceof MappingError)) throw error;
    this.#errors.push({
      message: error.message,
      pointer: error.pointer,
      operation,
      ...error.extra,
    });
  }

  /** The rules the interface service applies, so that a batch never fails half-way on them. */
  #check(definition: InterfaceDefinition, pointer: string): void {
    const [first, ...more] = validateDefinition(definition);
    if (first === undefined) return;
    throw new MappingError(
      `the operation does not make a valid interface: ${first.path || '(interface)'} ${first.message}${more.length > 0 ? ` (and ${more.length} more)` : ''}`,
      pointer,
      { definitionPath: first.path },
    );
  }

  /** Follows a chain of local `$ref`s to the object it ends at. */
  #resolve(value: unknown, pointer: string): Located {
    let current = value;
    let at = pointer;
    const seen: string[] = [];
    while (isObject(current) && typeof current.$ref === 'string') {
      const ref = current.$ref;
      const target = refToPointer(ref);
      if (target === undefined) {
        throw new MappingError(
          `$ref "${ref}" is not supported: only references inside the document (#/...) are`,
          pointerTo(at, '$ref'),
        );
      }
      if (seen.includes(target)) {
        throw new MappingError(`$ref "${ref}" is circular`, pointerTo(at, '$ref'));
      }
      seen.push(target);
      const next = valueAtPointer(this.#document, target);
      if (next === undefined) {
        throw new MappingError(`$ref "${ref}" does not resolve`, pointerTo(at, '$ref'));
      }
      current = next;
      at = target;
    }
    if (!isObject(current)) throw new MappingError('expected an object', at);
    return { value: current, pointer: at };
  }

  #mapOperation(
    path: string,
    method: (typeof METHODS)[number],
    operation: JsonObject,
    pointer: string,
    item: Located,
  ): InterfaceDefinition {
    const refs = new Set<string>();
    const upperMethod = method.toUpperCase() as HttpMethod;
    const operationId =
      typeof operation.operationId === 'string' ? operation.operationId : undefined;
    const definition: InterfaceDefinition = {
      name: baseInterfaceName(upperMethod, path, operationId),
      method: upperMethod,
      path,
    };

    const upstream =
      this.#options.upstream ?? chooseUpstream(this.#document, item, operation, pointer, this.#log);
    if (upstream) definition.upstream = upstream;
    if (typeof operation.summary === 'string') definition.summary = operation.summary;
    if (typeof operation.description === 'string') definition.description = operation.description;
    const tags = [
      ...(Array.isArray(operation.tags) ? operation.tags.filter((t) => typeof t === 'string') : []),
      ...(this.#options.tags ?? []),
    ];
    if (tags.length > 0) definition.tags = [...new Set(tags)];
    if (operationId !== undefined) definition.operationId = operationId;

    const parameters = this.#parameters(item, operation, pointer, refs);
    if (parameters.length > 0) definition.parameters = parameters;
    if (operation.requestBody !== undefined) {
      const body = this.#resolve(operation.requestBody, pointerTo(pointer, 'requestBody'));
      definition.requestBody = this.#withContent(body, refs) as InterfaceDefinition['requestBody'];
    }
    if (isObject(operation.responses)) {
      const responses: Record<string, unknown> = {};
      for (const [status, raw] of Object.entries(operation.responses)) {
        if (status.startsWith('x-')) continue;
        responses[status] = this.#response(raw, pointerTo(pointer, 'responses', status), refs);
      }
      definition.responses = responses as InterfaceDefinition['responses'];
    }
    if (operation.deprecated === true) definition.deprecated = true;
    this.#security(operation, pointer, definition);
    // Extensions kept on parameters, responses and media types may hold schema references too.
    for (const part of ['parameters', 'requestBody', 'responses'] as const) {
      this.#schemas.collectRefs(definition[part], pointerTo(pointer, part), refs);
    }
    if (refs.size > 0) definition.components = { schemas: this.#schemas.closure(refs) };

    this.#noteDropped(operation, pointer);
    return definition;
  }

  /** Path-level parameters, overridden by operation parameters of the same name and location. */
  #parameters(
    item: Located,
    operation: JsonObject,
    pointer: string,
    refs: Set<string>,
  ): ParameterObject[] {
    const merged: ParameterObject[] = [];
    const indexByKey = new Map<string, number>();
    const sources: Array<[unknown, string]> = [
      [item.value.parameters, pointerTo(item.pointer, 'parameters')],
      [operation.parameters, pointerTo(pointer, 'parameters')],
    ];
    for (const [list, listPointer] of sources) {
      if (!Array.isArray(list)) continue;
      list.forEach((raw, index) => {
        const parameter = this.#parameter(raw, pointerTo(listPointer, index), refs);
        // Header names are case-insensitive in HTTP; the interface service compares them so.
        const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
        const key = `${parameter.in}\u0000${name}`;
        const existing = indexByKey.get(key);
        if (existing === undefined) {
          indexByKey.set(key, merged.length);
          merged.push(parameter);
        } else {
          merged[existing] = parameter;
        }
      });
    }
    return merged;
  }

  #parameter(raw: unknown, pointer: string, refs: Set<string>): ParameterObject {
    const { value, pointer: at } = this.#resolve(raw, pointer);
    return this.#withSchemaAndContent({ value, pointer: at }, refs) as ParameterObject;
  }

  /** A parameter or header: its schema, content and examples translated, refs inlined. */
  #withSchemaAndContent(located: Located, refs: Set<string>): JsonObject {
    const out = this.#withContent(located, refs);
    if (out.schema !== undefined) {
      out.schema = this.#schemas.translate(out.schema, pointerTo(located.pointer, 'schema'), refs);
    }
    return out;
  }

  /** A request body, response, media type, parameter or header: content and examples mapped. */
  #withContent({ value, pointer }: Located, refs: Set<string>): JsonObject {
    const out: JsonObject = { ...value };
    if (isObject(value.content)) {
      const content: JsonObject = {};
      for (const [mediaType, raw] of Object.entries(value.content)) {
        content[mediaType] = this.#mediaType(raw, pointerTo(pointer, 'content', mediaType), refs);
      }
      out.content = content;
    }
    if (isObject(value.examples)) {
      out.examples = this.#resolveEach(value.examples, pointerTo(pointer, 'examples'));
    }
    return out;
  }

  #mediaType(raw: unknown, pointer: string, refs: Set<string>): JsonObject {
    const located = { value: isObject(raw) ? raw : {}, pointer };
    const out = this.#withSchemaAndContent(located, refs);
    if (isObject(located.value.encoding)) {
      const encoding: JsonObject = {};
      for (const [property, raw] of Object.entries(located.value.encoding)) {
        const at = pointerTo(pointer, 'encoding', property);
        const entry: JsonObject = isObject(raw) ? { ...raw } : {};
        if (isObject(entry.headers)) {
          entry.headers = this.#headers(entry.headers, pointerTo(at, 'headers'), refs);
        }
        encoding[property] = entry;
      }
      out.encoding = encoding;
    }
    return out;
  }

  #headers(headers: JsonObject, pointer: string, refs: Set<string>): JsonObject {
    const out: JsonObject = {};
    for (const [name, raw] of Object.entries(headers)) {
      out[name] = this.#withSchemaAndContent(this.#resolve(raw, pointerTo(pointer, name)), refs);
    }
    return out;
  }

  #response(raw: unknown, pointer: string, refs: Set<string>): JsonObject {
    const located = this.#resolve(raw, pointer);
    const out = this.#withContent(located, refs);
    if (isObject(located.value.headers)) {
      out.headers = this.#headers(
        located.value.headers,
        pointerTo(located.pointer, 'headers'),
        refs,
      );
    }
    if (isObject(located.value.links)) {
      out.links = this.#resolveEach(located.value.links, pointerTo(located.pointer, 'links'));
    }
    return out;
  }

  /** A map of example or link objects, each possibly a `$ref`, with the references inlined. */
  #resolveEach(map: JsonObject, pointer: string): JsonObject {
    const out: JsonObject = {};
    for (const [key, raw] of Object.entries(map)) {
      out[key] = this.#resolve(raw, pointerTo(pointer, key)).value;
    }
    return out;
  }

  /** Operation-level security, else the document's; and the schemes the requirements name. */
  #security(operation: JsonObject, pointer: string, definition: InterfaceDefinition): void {
    const own = Array.isArray(operation.security);
    const requirements = own ? operation.security : this.#document.security;
    if (!Array.isArray(requirements)) return;
    const requirementsPointer = own ? pointerTo(pointer, 'security') : '/security';
    const components = isObject(this.#document.components) ? this.#document.components : {};
    const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
    const security: Array<Record<string, string[]>> = [];
    const securitySchemes: JsonObject = {};
    requirements.forEach((requirement: unknown, index: number) => {
      if (!isObject(requirement)) return;
      const kept: Record<string, string[]> = {};
      for (const [name, scopes] of Object.entries(requirement)) {
        const at = pointerTo(requirementsPointer, index, name);
        if (Object.hasOwn(schemes, name)) {
          securitySchemes[name] = this.#resolve(
            schemes[name],
            pointerTo('/components/securitySchemes', name),
          ).value;
        } else {
          // The schema validator lets this pass; the requirement is kept as the document says.
          this.#log.warn(
            `security requirement names "${name}", which components.securitySchemes does not define`,
            at,
          );
        }
        kept[name] = Array.isArray(scopes) ? scopes.filter((s) => typeof s === 'string') : [];
      }
      security.push(kept);
    });
    definition.security = security;
    if (Object.keys(securitySchemes).length > 0) definition.securitySchemes = securitySchemes;
  }

  #noteDropped(operation: JsonObject, pointer: string): void {
    for (const field of Object.keys(operation)) {
      if (KEPT_OPERATION_FIELDS.has(field)) continue;
      const seen = this.#dropped.get(field);
      if (seen) seen.count++;
      else this.#dropped.set(field, { count: 1, pointer: pointerTo(pointer, field) });
    }
  }
}
