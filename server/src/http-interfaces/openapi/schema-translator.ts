import {
  componentSchemaName,
  componentSchemaRef,
  isObject,
  pointerTo,
  refToPointer,
  valueAtPointer,
  type JsonObject,
} from './json-pointer.ts';
import { MappingError } from './mapping-error.ts';

/** Keywords whose value is a map of names to subschemas. */
const SCHEMA_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
  'contentSchema',
]);
/** Keywords whose value is data: a `$ref` inside is not a reference. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'enum', 'const']);
/** Annotations that stay on the outside when a nullable 3.0 schema without a type is wrapped. */
const ANNOTATION_KEYWORDS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
]);

export type SchemaDialect = '3.0' | '3.1';

interface TranslatedComponent {
  schema: unknown;
  /** Names of the component schemas this one references directly. */
  refs: Set<string>;
}

/**
 * Translates the schemas of one document into the OpenAPI 3.1 (JSON Schema 2020-12) dialect.
 *
 * References to component schemas (`#/components/schemas/X`) are kept as references and
 * recorded, so that each interface can carry the transitive closure of the components it uses;
 * this is how circular schemas survive. Other local references inside schemas (into a
 * parameter, a property of a component, ...) are inlined. OpenAPI 3.0 keywords without a 3.1
 * equivalent are rewritten: `nullable` becomes a `null` type (or an `anyOf` with `null`),
 * boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers, `example` becomes `examples`.
 */
export class SchemaTranslator {
  readonly #document: JsonObject;
  readonly #dialect: SchemaDialect;
  readonly #componentSchemas: JsonObject;
  readonly #components = new Map<string, TranslatedComponent | MappingError>();

  constructor(document: JsonObject, dialect: SchemaDialect) {
    this.#document = document;
    this.#dialect = dialect;
    const components = isObject(document.components) ? document.components : {};
    this.#componentSchemas = isObject(components.schemas) ? components.schemas : {};
  }

  /** Translates a schema found at `pointer`, adding the component names it references to `refs`. */
  translate(schema: unknown, pointer: string, refs: Set<string>): unknown {
    return this.#translate(schema, pointer, refs, []);
  }

  /**
   * The component schemas `refs` names and everything they reference in turn, translated,
   * by name in sorted order. Throws a MappingError for a component that cannot be translated.
   */
  closure(refs: Iterable<string>): Record<string, unknown> {
    const names = new Set<string>();
    const pending = [...refs];
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (names.has(name)) continue;
      names.add(name);
      for (const next of this.#component(name).refs) if (!names.has(next)) pending.push(next);
    }
    const closure: Record<string, unknown> = {};
    for (const name of [...names].sort()) closure[name] = this.#component(name).schema;
    return closure;
  }

  #component(name: string): TranslatedComponent {
    let cached = this.#components.get(name);
    if (cached === undefined) {
      const refs = new Set<string>();
      const pointer = pointerTo('/components/schemas', name);
      try {
        cached = { schema: this.#translate(this.#componentSchemas[name], pointer, refs, []), refs };
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        cached = error;
      }
      this.#components.set(name, cached);
    }
    if (cached instanceof MappingError) throw cached;
    return cached;
  }

  /**
   * Records the component schemas named by `$ref`s anywhere in a value kept as is (an
   * extension such as `x-...`, a link): the interface must carry what its references name.
   */
  collectRefs(value: unknown, pointer: string, refs: Set<string>): void {
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.collectRefs(item, pointerTo(pointer, index), refs));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        this.#componentRef(child, pointerTo(pointer, key), refs);
      } else if (!DATA_KEYWORDS.has(key)) {
        this.collectRefs(child, pointerTo(pointer, key), refs);
      }
    }
  }

  #componentRef(ref: string, pointer: string, refs: Set<string>): string | undefined {
    const name = componentSchemaName(ref);
    if (name === undefined) return undefined;
    if (!Object.hasOwn(this.#componentSchemas, name)) {
      throw new MappingError(
        `$ref "${ref}" does not resolve: no schema "${name}" in components`,
        pointer,
      );
    }
    refs.add(name);
    return componentSchemaRef(name);
  }

  #translate(schema: unknown, pointer: string, refs: Set<string>, inlining: string[]): unknown {
    if (!isObject(schema)) return schema;
    const out: JsonObject = {};
    let inlined: unknown;
    for (const [key, value] of Object.entries(schema)) {
      const at = pointerTo(pointer, key);
      if (key === '$ref' && typeof value === 'string') {
        const kept = this.#componentRef(value, at, refs);
        if (kept !== undefined) out.$ref = kept;
        else inlined = this.#inline(value, at, refs, inlining);
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
        const map: JsonObject = {};
        for (const [name, sub] of Object.entries(value)) {
          map[name] = this.#translate(sub, pointerTo(at, name), refs, inlining);
        }
        out[key] = map;
      } else if ((SCHEMA_ARRAY_KEYWORDS.has(key) || key === 'items') && Array.isArray(value)) {
        out[key] = value.map((sub, index) =>
          this.#translate(sub, pointerTo(at, index), refs, inlining),
        );
      } else if (SCHEMA_KEYWORDS.has(key)) {
        out[key] = this.#translate(value, at, refs, inlining);
      } else if (key === 'discriminator' && isObject(value)) {
        out[key] = this.#discriminator(value, at, refs);
      } else {
        if (!DATA_KEYWORDS.has(key)) this.collectRefs(value, at, refs);
        out[key] = value;
      }
    }
    if (inlined !== undefined) {
      if (Object.keys(out).length === 0) return inlined;
      const allOf = Array.isArray(out.allOf) ? out.allOf : [];
      out.allOf = [...allOf, inlined];
    }
    return this.#dialect === '3.0' ? upgradeSchemaObject(out) : out;
  }

  /** A local reference to something other than a component schema: its target, translated. */
  #inline(ref: string, pointer: string, refs: Set<string>, inlining: string[]): unknown {
    const target = refToPointer(ref);
    if (target === undefined) {
      throw new MappingError(
        `$ref "${ref}" is not supported: only references inside the document (#/...) are`,
        pointer,
      );
    }
    if (inlining.includes(target)) {
      throw new MappingError(
        `$ref "${ref}" is circular outside components.schemas; only component schemas may be circular`,
        pointer,
      );
    }
    const value = valueAtPointer(this.#document, target);
    if (value === undefined) throw new MappingError(`$ref "${ref}" does not resolve`, pointer);
    return this.#translate(value, target, refs, [...inlining, target]);
  }

  /** Discriminator mappings name schemas by `$ref` or by component name: both join the closure. */
  #discriminator(discriminator: JsonObject, pointer: string, refs: Set<string>): JsonObject {
    if (!isObject(discriminator.mapping)) return discriminator;
    const mapping: JsonObject = {};
    for (const [value, target] of Object.entries(discriminator.mapping)) {
      mapping[value] = target;
      if (typeof target !== 'string') continue;
      const at = pointerTo(pointer, 'mapping', value);
      const kept = this.#componentRef(target, at, refs);
      if (kept !== undefined) mapping[value] = kept;
      else if (Object.hasOwn(this.#componentSchemas, target)) refs.add(target);
    }
    return { ...discriminator, mapping };
  }
}

/** Rewrites the OpenAPI 3.0-only keywords of one schema object (children already rewritten). */
export function upgradeSchemaObject(schema: JsonObject): JsonObject {
  const out: JsonObject = { ...schema };
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  if (Object.hasOwn(out, 'example')) {
    if (!Object.hasOwn(out, 'examples')) out.examples = [out.example];
    delete out.example;
  }
  if (!Object.hasOwn(out, 'nullable')) return out;
  const nullable = out.nullable === true;
  delete out.nullable;
  if (!nullable) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  // No type to extend (a $ref, an allOf, ...): the value is "that, or null".
  const outer: JsonObject = {};
  const inner: JsonObject = {};
  for (const [key, value] of Object.entries(out)) {
    (ANNOTATION_KEYWORDS.has(key) ? outer : inner)[key] = value;
  }
  return { ...outer, anyOf: [inner, { type: 'null' }] };
}
