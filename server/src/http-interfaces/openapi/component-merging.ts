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
  /** The names stored for content that came under each original name, in order. */
  readonly #families = new Map<string, string[]>();
  readonly entries: Record<string, unknown> = {};

  /** The stored names that content named `name` may be equal to. */
  family(name: string): readonly string[] {
    return this.#families.get(name) ?? [];
  }

  canonicalOf(name: string): string | undefined {
    return this.#canonical.get(name);
  }

  /** The first of `name`, `name_2`, ... that is neither stored nor in `claimed`. */
  freeName(name: string, claimed: Set<string>): string {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}_${n}`;
      if (!this.#canonical.has(candidate) && !claimed.has(candidate)) return candidate;
    }
  }

  /** The name content under `name` gets: a stored equal one, else the first free one. */
  nameFor(name: string, canonical: string, claimed: Set<string>): string {
    return (
      this.family(name).find((stored) => this.#canonical.get(stored) === canonical) ??
      this.freeName(name, claimed)
    );
  }

  /** Stores content under `storedName`, as a member of the family of `originalName`. */
  add(originalName: string, storedName: string, canonical: string, content: unknown): void {
    if (this.#canonical.has(storedName)) return;
    this.#canonical.set(storedName, canonical);
    this.entries[storedName] = content;
    const family = this.#families.get(originalName);
    if (family) family.push(storedName);
    else this.#families.set(originalName, [storedName]);
  }

  get size(): number {
    return this.#canonical.size;
  }
}

/** Stands for "a new name, not decided yet": equal to nothing stored. */
const UNDECIDED = '\u0000undecided:';

/**
 * Merges one interface's component schemas into the registry and returns the renaming its
 * references need. Schemas reference each other (circularly, too), so whether one equals a
 * stored schema depends on what the others become. Each starts out assumed equal to the first
 * stored schema of its name; an assumption its content (under all current assumptions) refutes
 * moves on to the next stored one, or to a new name. Assumptions only move forward, so this
 * ends; what remains is consistent, and a circular schema is recognised as equal to its stored
 * twin.
 */
export function mergeSchemas(
  registry: ComponentRegistry,
  schemas: Record<string, unknown>,
): Map<string, string> {
  const names = Object.keys(schemas).sort();
  const choice = new Map<string, number>(names.map((name) => [name, 0]));
  const assumed = () => {
    const renames = new Map<string, string>();
    for (const name of names) {
      const family = registry.family(name);
      const index = choice.get(name) as number;
      renames.set(name, index < family.length ? (family[index] as string) : UNDECIDED + name);
    }
    return renames;
  };
  for (let changed = true; changed;) {
    changed = false;
    const renames = assumed();
    for (const name of names) {
      const target = renames.get(name) as string;
      if (target.startsWith(UNDECIDED)) continue;
      const content = renameSchemaRefs(schemas[name], withoutIdentity(renames));
      if (canonicalJson(content) !== registry.canonicalOf(target)) {
        choice.set(name, (choice.get(name) as number) + 1);
        changed = true;
      }
    }
  }
  const renames = assumed();
  const claimed = new Set<string>();
  for (const name of names) {
    if (renames.get(name)?.startsWith(UNDECIDED)) {
      const fresh = registry.freeName(name, claimed);
      claimed.add(fresh);
      renames.set(name, fresh);
    }
  }
  const effective = withoutIdentity(renames);
  for (const name of names) {
    const content = renameSchemaRefs(schemas[name], effective);
    registry.add(name, renames.get(name) as string, canonicalJson(content), content);
  }
  return effective;
}

function withoutIdentity(renames: Map<string, string>): Map<string, string> {
  const effective = new Map<string, string>();
  for (const [from, to] of renames) if (from !== to) effective.set(from, to);
  return effective;
}
