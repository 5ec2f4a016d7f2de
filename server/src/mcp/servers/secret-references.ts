import type { ServerDefinition } from './model.ts';

/**
 * Secrets stay out of definitions. Where a definition needs one it holds a reference
 * `${secret:KEY}`: as a `server.config` value (templates then see the secret as `.config.NAME`
 * once the server is compiled), as a security scheme's `defaultCredential`, or as a tool's
 * `requestTemplate.security.credential`. Exports write the reference, never the value, and
 * imports keep it, so an exported configuration re-imports without losing the stored secret.
 */

export const SECRET_KEY_PATTERN = '^[A-Za-z0-9_.-]{1,128}$';
const SECRET_KEY = new RegExp(SECRET_KEY_PATTERN);
const REFERENCE = /^\$\{secret:([^}]*)\}$/;

export function secretReference(key: string): string {
  return `\${secret:${key}}`;
}

/** The key a value refers to, or undefined when the value is not a reference. */
export function referencedKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = REFERENCE.exec(value);
  return match ? match[1] : undefined;
}

export function isValidSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Where a definition may hold a secret, with the JSON pointer of each place. */
export interface SecretSlot {
  pointer: string;
  value: unknown;
  /** Credentials must be references; a config value may be plain (not every value is secret). */
  kind: 'config' | 'credential';
  /** The key a plain credential found here is stored under. */
  defaultKey: string;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function secretSlots(definition: ServerDefinition): SecretSlot[] {
  const slots: SecretSlot[] = [];
  for (const [key, value] of Object.entries(definition.server.config ?? {})) {
    slots.push({
      pointer: `/server/config/${escape(key)}`,
      value,
      kind: 'config',
      defaultKey: key,
    });
  }
  (definition.server.securitySchemes ?? []).forEach((scheme, index) => {
    if (scheme.defaultCredential !== undefined) {
      slots.push({
        pointer: `/server/securitySchemes/${index}/defaultCredential`,
        value: scheme.defaultCredential,
        kind: 'credential',
        defaultKey: `securitySchemes.${scheme.id}.defaultCredential`,
      });
    }
  });
  (definition.tools ?? []).forEach((tool, index) => {
    const credential = tool.requestTemplate?.security?.credential;
    if (credential !== undefined) {
      slots.push({
        pointer: `/tools/${index}/requestTemplate/security/credential`,
        value: credential,
        kind: 'credential',
        defaultKey: `tools.${tool.name}.credential`,
      });
    }
  });
  return slots;
}

/** Every secret key the definition refers to, sorted and without repeats. */
export function referencedSecretKeys(definition: ServerDefinition): string[] {
  const keys = new Set<string>();
  for (const slot of secretSlots(definition)) {
    const key = referencedKey(slot.value);
    if (key !== undefined && isValidSecretKey(key)) keys.add(key);
  }
  return [...keys].sort();
}

/**
 * Moves plain credentials out of a definition: each becomes a reference, and its value is
 * returned for the secret store. Empty credentials are dropped (Higress treats them as unset).
 * The definition passed in is not modified.
 */
export function extractInlineCredentials(definition: ServerDefinition): {
  definition: ServerDefinition;
  secrets: Record<string, string>;
} {
  const copy = structuredClone(definition);
  const secrets: Record<string, string> = {};
  for (const scheme of copy.server.securitySchemes ?? []) {
    const value = scheme.defaultCredential;
    if (value === undefined || referencedKey(value) !== undefined) continue;
    if (value === '') {
      delete scheme.defaultCredential;
      continue;
    }
    const key = `securitySchemes.${scheme.id}.defaultCredential`;
    secrets[key] = value;
    scheme.defaultCredential = secretReference(key);
  }
  for (const tool of copy.tools ?? []) {
    const security = tool.requestTemplate?.security;
    const value = security?.credential;
    if (!security || value === undefined || referencedKey(value) !== undefined) continue;
    if (value === '') {
      delete security.credential;
      continue;
    }
    const key = `tools.${tool.name}.credential`;
    secrets[key] = value;
    security.credential = secretReference(key);
  }
  return { definition: copy, secrets };
}
