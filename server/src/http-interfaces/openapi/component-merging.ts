import { canonicalJson } from './canonical-json.ts';
import {
  componentSchemaName,
  componentSchemaRef,
  isObject,
  type JsonObject,
} from './json-pointer.ts';

/** Values that are data, not schemas or references: never rewritten. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'enum', 'const']);

/**
 * Rewrites the component schema references of a value (`#/components/schemas/X` and
 * discriminator mapping names) according to `renames`; returns the value itself when nothing
 * needs renaming.
 */
export function renameSchemaRefs(value: unknown, renames: Map<string, string>): unknown {
  if (renames.size === 0) return value;
  return rewrite(value, renames, false);
}

function rewrite(value: unknown, renames: Map<string, string>, inMapping: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, renames, false));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string' && (key === '$ref' || inMapping)) {
      const name = componentSchemaName(child);
      if (name !== undefined) {
        const renamed = renames.get(name);
        out[key] = renamed === undefined ? child : componentSchemaRef(renamed);
      } else {
        out[key] = inMapping ? (renames.get(child) ?? child) : child;
      }
    } else if (DATA_KEYWORDS.has(key)) {
      out[key] = child;
    } else {
      out[key] = rewrite(child, renames, key === 'mapping' && isObject(child));
    }
  }
  return out;
}

/**
 * Components merged from many interfaces into one set. Equal content under the same name is
 * stored once; different content under a name already taken gets the first free `Name_2`,
 * `Name_3`, ... (interfaces are merged in id order, so the renaming is deterministic).
 */
export class ComponentRegistry {
  /** Canonical JSON of each stored entry, by name. */
  readonly #canonical = new Map<string, string>();
  readonly entries: Record<string, unknown> = {};

  /** The stored name that holds exactly this content under `name` or one of its renamings. */
  #equalName(name: string, canonical: string): string | undefined {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      const stored = this.#canonical.get(candidate);
      if (stored === undefined) return undefined;
      if (stored === canonical) return candidate;
    }
  }

  /** The name `content` gets under `name`: an equal stored one, else the first free one. */
  nameFor(name: string, canonical: string, claimed: Set<string>): string {
    const equal = this.#equalName(name, canonical);
    if (equal !== undefined) return equal;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      if (!this.#canonical.has(candidate) && !claimed.has(candidate)) return candidate;
    }
  }

  add(name: string, canonical: string, content: unknown): void {
    if (this.#canonical.has(name)) return;
    this.#canonical.set(name, canonical);
    this.entries[name] = content;
  }

  get size(): number {
    return this.#canonical.size;
  }
}

/**
 * Merges one interface's component schemas into the registry. Returns the renaming its
 * references need. A schema whose references are renamed changes content, which may in turn
 * rename it, so the renaming is repeated until it no longer changes.
 */
export function mergeSchemas(
  registry: ComponentRegistry,
  schemas: Record<string, unknown>,
): Map<string, string> {
  const names = Object.keys(schemas).sort();
  let renames = new Map<string, string>();
  for (let round = 0; round <= names.length + 1; round++) {
    const next = new Map<string, string>();
    const claimed = new Set<string>();
    for (const name of names) {
      const content = renameSchemaRefs(schemas[name], withoutIdentity(renames));
      const target = registry.nameFor(name, canonicalJson(content), claimed);
      claimed.add(target);
      next.set(name, target);
    }
    const stable = names.every((name) => next.get(name) === renames.get(name));
    renames = next;
    if (stable) break;
  }
  const effective = withoutIdentity(renames);
  for (const name of names) {
    const content = renameSchemaRefs(schemas[name], effective);
    registry.add(renames.get(name) as string, canonicalJson(content), content);
  }
  return effective;
}

function withoutIdentity(renames: Map<string, string>): Map<string, string> {
  const effective = new Map<string, string>();
  for (const [from, to] of renames) if (from !== to) effective.set(from, to);
  return effective;
}
