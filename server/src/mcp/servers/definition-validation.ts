import { compileSchemaCheck } from '../../common/schema-problems.ts';
import { ARG_TYPE_ALIASES, ServerDefinition, type Tool } from './model.ts';
import { jsonPointer } from '../../common/json-pointer.ts';
import { isValidSecretKey, referencedKey, secretSlots } from './secret-references.ts';

/** One problem in a definition: a JSON pointer into it, what is wrong, and which tool. */
export interface DefinitionProblem {
  path: string;
  message: string;
  /** The tool the problem is in, when it is in one. */
  tool?: string;
  /** Which template field, and where in it, for template syntax problems. */
  field?: string;
  line?: number;
  column?: number;
}

/**
 * Checks a tool's template fields; supplied by the template parser. Returns problems whose
 * `path` points at the field and whose line and column are inside the template text.
 */
export type TemplateChecker = (definition: ServerDefinition) => DefinitionProblem[];

const definitionSchemaCheck = compileSchemaCheck(ServerDefinition);

/** The TypeBox schema check, one problem per offending value. */
export function checkDefinitionSchema(value: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = definitionSchemaCheck(value);
  return withToolNames(value, problems);
}

/** Adds the tool name to problems under `/tools/N`, so messages say which tool is wrong. */
function withToolNames(value: unknown, problems: DefinitionProblem[]): DefinitionProblem[] {
  const tools = (value as { tools?: unknown })?.tools;
  return problems.map((problem) => {
    const match = /^\/tools\/(\d+)(?:\/|$)/.exec(problem.path);
    if (!match || !Array.isArray(tools)) return problem;
    const name = (tools[Number(match[1])] as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? { ...problem, tool: name } : problem;
  });
}

/** Removes Go template actions `{{ … }}` so that what remains is the URL's literal text. */
function withoutTemplateActions(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, '');
}

/** `{name}` placeholders of a URL template, outside template actions. */
export function urlPlaceholders(url: string): string[] {
  const names: string[] = [];
  for (const match of withoutTemplateActions(url).matchAll(/\{([^{}]+)\}/g)) {
    names.push(match[1] as string);
  }
  return names;
}

/** True when a template action in the text refers to `.args.NAME` (directly or via gjson). */
function templateMentionsArg(text: string, name: string): boolean {
  for (const action of text.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    const body = action[1] as string;
    if (body.includes(`.args.${name}`) || body.includes(`"args.${name}`)) return true;
  }
  return false;
}

function checkTool(tool: Tool, index: number, schemeIds: Set<string>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const at = (...segments: Array<string | number>) => jsonPointer(['tools', index, ...segments]);
  const add = (path: string, message: string) =>
    problems.push({ path, message: `tool '${tool.name}': ${message}`, tool: tool.name });
  const args = tool.args ?? [];

  const firstArg = new Map<string, number>();
  args.forEach((arg, argIndex) => {
    const first = firstArg.get(arg.name);
    if (first !== undefined) {
      add(
        at('args', argIndex, 'name'),
        `argument '${arg.name}' is already defined at ${at('args', first)}`,
      );
    } else firstArg.set(arg.name, argIndex);
    if (arg.type !== undefined && !Object.hasOwn(ARG_TYPE_ALIASES, arg.type)) {
      add(
        at('args', argIndex, 'type'),
        `argument '${arg.name}' has unknown type '${arg.type}'; use one of ${Object.keys(ARG_TYPE_ALIASES).join(', ')}`,
      );
    }
  });

  const request = tool.requestTemplate;
  if (request) {
    const placeholders = urlPlaceholders(request.url);
    for (const name of placeholders) {
      const arg = args.find((a) => a.name === name);
      if (!arg) {
        add(
          at('requestTemplate', 'url'),
          `URL placeholder {${name}} has no argument named '${name}'`,
        );
      } else if (arg.position !== undefined && arg.position !== 'path') {
        add(
          at('args', args.indexOf(arg), 'position'),
          `argument '${name}' fills URL placeholder {${name}}, so its position must be path, not ${arg.position}`,
        );
      }
    }
    args.forEach((arg, argIndex) => {
      if (arg.position !== 'path') return;
      if (placeholders.includes(arg.name) || templateMentionsArg(request.url, arg.name)) return;
      add(
        at('args', argIndex, 'position'),
        `path argument '${arg.name}' appears in the URL neither as {${arg.name}} nor as {{.args.${arg.name}}}`,
      );
    });
    const modes = (['body', 'argsToJsonBody', 'argsToUrlParam', 'argsToFormBody'] as const).filter(
      (mode) => (mode === 'body' ? request.body !== undefined : request[mode] === true),
    );
    if (modes.length > 1) {
      add(
        at('requestTemplate', modes[1] as string),
        `requestTemplate may use only one of body, argsToJsonBody, argsToUrlParam, argsToFormBody (found ${modes.join(', ')})`,
      );
    }
    if (request.security && !schemeIds.has(request.security.id)) {
      add(
        at('requestTemplate', 'security', 'id'),
        `security scheme '${request.security.id}' is not defined in server.securitySchemes`,
      );
    }
  } else if (args.some((arg) => arg.position !== undefined)) {
    const argIndex = args.findIndex((arg) => arg.position !== undefined);
    add(at('args', argIndex, 'position'), 'argument positions need a requestTemplate');
  }

  const response = tool.responseTemplate;
  if (
    response?.body !== undefined &&
    (response.prependBody !== undefined || response.appendBody !== undefined)
  ) {
    add(
      at('responseTemplate', 'body'),
      'responseTemplate uses either body or prependBody/appendBody, not both',
    );
  }
  if (tool.security && !schemeIds.has(tool.security.id)) {
    add(
      at('security', 'id'),
      `security scheme '${tool.security.id}' is not defined in server.securitySchemes`,
    );
  }
  return problems;
}

function checkSecuritySchemes(definition: ServerDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const firstIndex = new Map<string, number>();
  (definition.server.securitySchemes ?? []).forEach((scheme, index) => {
    const at = (field: string) => jsonPointer(['server', 'securitySchemes', index, field]);
    const first = firstIndex.get(scheme.id);
    if (first !== undefined) {
      problems.push({
        path: at('id'),
        message: `security scheme id '${scheme.id}' is already used by /server/securitySchemes/${first}`,
      });
    } else firstIndex.set(scheme.id, index);
    if (scheme.type === 'http') {
      if (scheme.scheme === undefined) {
        problems.push({
          path: at('scheme'),
          message: `security scheme '${scheme.id}' of type http needs scheme basic or bearer`,
        });
      }
      for (const field of ['in', 'name'] as const) {
        if (scheme[field] !== undefined) {
          problems.push({
            path: at(field),
            message: `security scheme '${scheme.id}' of type http takes no '${field}'`,
          });
        }
      }
    } else {
      if (scheme.in === undefined) {
        problems.push({
          path: at('in'),
          message: `security scheme '${scheme.id}' of type apiKey needs in: header or query`,
        });
      }
      if (scheme.name === undefined) {
        problems.push({
          path: at('name'),
          message: `security scheme '${scheme.id}' of type apiKey needs the header or parameter name`,
        });
      }
      if (scheme.scheme !== undefined) {
        problems.push({
          path: at('scheme'),
          message: `security scheme '${scheme.id}' of type apiKey takes no 'scheme'`,
        });
      }
    }
  });
  return problems;
}

function checkSecretSlots(definition: ServerDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const slot of secretSlots(definition)) {
    const key = referencedKey(slot.value);
    if (key !== undefined && !isValidSecretKey(key)) {
      problems.push({
        path: slot.pointer,
        message: `secret reference names an invalid key '${key}' (letters, digits, '_', '.', '-'; at most 128)`,
      });
    } else if (key === undefined && slot.kind === 'credential') {
      problems.push({
        path: slot.pointer,
        message:
          'a credential must be a secret reference ${secret:KEY}; plain credentials go to PUT /servers/{name}/secrets',
      });
    }
  }
  return problems;
}

/** The rules a schema cannot express. Assumes the definition passed the schema check. */
export function checkDefinitionRules(definition: ServerDefinition): DefinitionProblem[] {
  const tools = definition.tools ?? [];
  const problems: DefinitionProblem[] = [...checkSecuritySchemes(definition)];
  const schemeIds = new Set((definition.server.securitySchemes ?? []).map((s) => s.id));

  const firstTool = new Map<string, number>();
  tools.forEach((tool, index) => {
    const first = firstTool.get(tool.name);
    if (first !== undefined) {
      problems.push({
        path: jsonPointer(['tools', index, 'name']),
        message: `tool name '${tool.name}' is already used by /tools/${first}`,
        tool: tool.name,
      });
    } else firstTool.set(tool.name, index);
    problems.push(...checkTool(tool, index, schemeIds));
  });

  (definition.allowTools ?? []).forEach((name, index) => {
    if (!firstTool.has(name)) {
      problems.push({
        path: jsonPointer(['allowTools', index]),
        message: `allowTools names '${name}', which is not a tool of this server`,
      });
    }
  });
  problems.push(...checkSecretSlots(definition));
  return problems;
}

/** Schema check, then (when the structure is sound) the rules and the templates. */
export function validateDefinition(
  value: unknown,
  checkTemplates?: TemplateChecker,
): DefinitionProblem[] {
  const structural = checkDefinitionSchema(value);
  if (structural.length > 0) return structural;
  const definition = value as ServerDefinition;
  const problems = checkDefinitionRules(definition);
  if (checkTemplates) problems.push(...checkTemplates(definition));
  return problems;
}
