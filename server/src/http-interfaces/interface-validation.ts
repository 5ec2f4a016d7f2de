import { compileSchemaCheck } from '../common/schema-problems.ts';
import { InterfaceDefinition, type ParameterObject } from './interface-model.ts';
import { jsonPointer, parseJsonPointer } from '../common/json-pointer.ts';

/** One problem in a definition: a JSON pointer into the definition and what is wrong there. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

const definitionSchemaCheck = compileSchemaCheck(InterfaceDefinition);

/**
 * Structural check against the TypeBox schema, for callers that do not come through the HTTP
 * layer's Ajv validation (the OpenAPI importer, batches).
 */
export function checkDefinitionSchema(value: unknown): DefinitionProblem[] {
  return definitionSchemaCheck(value);
}

const STATUS_KEY = /^(?:[1-5]XX|[1-5]\d\d|default)$/;

/** Keys whose values are data, not schemas: a `$ref` inside them is not a reference. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);

const SCHEMA_REF_PREFIX = '#/components/schemas/';

/** Template variables of a path such as `/pets/{petId}`, or a problem when braces are broken. */
function pathTemplateVariables(path: string): { names: string[]; problem?: string } {
  const names: string[] = [];
  const rest = path.replace(/\{([^{}]*)\}/g, (_match, name: string) => {
    names.push(name);
    return '';
  });
  if (rest.includes('{') || rest.includes('}')) {
    return { names, problem: 'has an unbalanced or nested brace in its template' };
  }
  if (names.some((n) => n === '')) return { names, problem: 'has an empty template variable {}' };
  return { names };
}

function checkPathParameters(
  definition: InterfaceDefinition,
  parameters: ParameterObject[],
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const template = pathTemplateVariables(definition.path);
  if (template.problem) problems.push({ path: '/path', message: template.problem });
  const seen = new Set<string>();
  for (const name of template.names) {
    if (seen.has(name)) {
      problems.push({ path: '/path', message: `uses the template variable {${name}} twice` });
      continue;
    }
    seen.add(name);
    const index = parameters.findIndex((p) => p.in === 'path' && p.name === name);
    if (index < 0) {
      problems.push({
        path: '/path',
        message: `has the template variable {${name}} but no parameter with name '${name}' and in: path`,
      });
    } else if (parameters[index]?.required !== true) {
      problems.push({
        path: `/parameters/${index}/required`,
        message: `must be true: path parameter '${name}' is always required`,
      });
    }
  }
  parameters.forEach((parameter, index) => {
    if (parameter.in === 'path' && !seen.has(parameter.name)) {
      problems.push({
        path: `/parameters/${index}/name`,
        message: `names path parameter '${parameter.name}', which is not a template variable of path ${definition.path}`,
      });
    }
  });
  return problems;
}

function checkParameterUniqueness(parameters: ParameterObject[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const firstIndex = new Map<string, number>();
  parameters.forEach((parameter, index) => {
    // Header names are case-insensitive in HTTP, so OpenAPI treats them so too.
    const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
    const key = `${parameter.in}\u0000${name}`;
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else {
      problems.push({
        path: `/parameters/${index}`,
        message: `duplicates /parameters/${first} (name '${parameter.name}', in: ${parameter.in}); a parameter is identified by name and location`,
      });
    }
  });
  return problems;
}

function checkUpstream(definition: InterfaceDefinition): DefinitionProblem[] {
  if (!definition.upstream || !('url' in definition.upstream)) return [];
  const url = definition.upstream.url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ path: '/upstream/url', message: `is not a valid absolute URL: ${url}` }];
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return [
      { path: '/upstream/url', message: `must be an http or https URL, not ${parsed.protocol}` },
    ];
  }
  if (!parsed.hostname) return [{ path: '/upstream/url', message: 'has no host' }];
  return [];
}

function checkResponseKeys(definition: InterfaceDefinition): DefinitionProblem[] {
  return Object.keys(definition.responses ?? {})
    .filter((key) => !STATUS_KEY.test(key))
    .map((key) => ({
      path: jsonPointer(['responses', key]),
      message: `is not a response status: use 100-599, 1XX-5XX or default`,
    }));
}

function resolves(root: unknown, segments: string[]): boolean {
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return false;
    if (!Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

/** Every `$ref` into `#/components/schemas/` must land inside the definition's own components. */
function checkSchemaRefs(definition: InterfaceDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const visited = new WeakSet<object>();
  const walk = (node: unknown, path: Array<string | number>) => {
    if (node === null || typeof node !== 'object' || visited.has(node)) return;
    visited.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    const record = node as Record<string, unknown>;
    const ref = record.$ref;
    if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF_PREFIX)) {
      const segments = parseJsonPointer(ref.slice(1));
      if (!segments || !resolves(definition, segments)) {
        problems.push({
          path: jsonPointer([...path, '$ref']),
          message: `${ref} does not resolve: the interface's components.schemas has no such schema`,
        });
      }
    }
    for (const [key, value] of Object.entries(record)) {
      if (!DATA_KEYS.has(key)) walk(value, [...path, key]);
    }
  };
  walk(definition, []);
  return problems;
}

/** The rules a schema cannot express. Assumes the definition passed the schema check. */
export function checkDefinitionRules(definition: InterfaceDefinition): DefinitionProblem[] {
  const parameters = definition.parameters ?? [];
  return [
    ...checkPathParameters(definition, parameters),
    ...checkParameterUniqueness(parameters),
    ...checkUpstream(definition),
    ...checkResponseKeys(definition),
    ...checkSchemaRefs(definition),
  ];
}

/** Schema check, then (when the structure is sound) the rules; every problem at once. */
export function validateDefinition(value: unknown): DefinitionProblem[] {
  const structural = checkDefinitionSchema(value);
  if (structural.length > 0) return structural;
  return checkDefinitionRules(value as InterfaceDefinition);
}
