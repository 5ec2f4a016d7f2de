import type { ServerDefinition, Tool } from '../model.ts';

/**
 * A template patch applied to every generated tool, as openapi-to-mcpserver's `--template`
 * option does: `server.config` entries are added to the server's config, and the `tools` part is
 * merged into each tool — objects key by key, `requestTemplate.headers` appended after the
 * tool's own, any other value replacing the tool's.
 */
export interface ToolTemplate {
  server?: { config?: Record<string, unknown> };
  tools?: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>, path: string) {
  for (const [key, value] of Object.entries(patch)) {
    const here = path ? `${path}.${key}` : key;
    const current = target[key];
    if (here === 'requestTemplate.headers' && Array.isArray(value)) {
      target[key] = [...(Array.isArray(current) ? current : []), ...structuredClone(value)];
    } else if (isObject(value) && isObject(current)) {
      merge(current, value, here);
    } else {
      target[key] = structuredClone(value);
    }
  }
}

export function applyToolTemplate(
  definition: ServerDefinition,
  template: ToolTemplate,
): ServerDefinition {
  const result = structuredClone(definition);
  if (template.server?.config) {
    result.server.config = {
      ...(result.server.config ?? {}),
      ...structuredClone(template.server.config),
    };
  }
  if (template.tools) {
    const patch = template.tools;
    result.tools = (result.tools ?? []).map((tool) => {
      const copy = structuredClone(tool) as unknown as Record<string, unknown>;
      merge(copy, patch, '');
      return copy as unknown as Tool;
    });
  }
  return result;
}
