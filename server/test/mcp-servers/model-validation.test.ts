import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../src/mcp/servers/definition-validation.ts';
import { extractInlineCredentials } from '../../src/mcp/servers/secret-references.ts';
import { checkTemplates } from '../../src/mcp/servers/template-check.ts';

const tool = (overrides: Record<string, unknown> = {}) => ({
  name: 'call',
  args: [{ name: 'id', type: 'string', position: 'path' }],
  requestTemplate: { url: 'https://x.test/items/{id}', method: 'GET' },
  ...overrides,
});

const problemsOf = (definition: unknown) =>
  validateDefinition(definition).map((p) => `${p.path} ${p.message}`);

describe('server definition validation', () => {
  it('accepts a minimal server and a tool without a request (a pure template tool)', () => {
    expect(validateDefinition({ server: { name: 'a' } })).toEqual([]);
    expect(
      validateDefinition({
        server: { name: 'time' },
        tools: [
          {
            name: 'now',
            args: [{ name: 'tz', type: 'string' }],
            responseTemplate: { body: '{{ now }}' },
          },
        ],
      }),
    ).toEqual([]);
  });

  it('checks the structure with JSON pointers', () => {
    expect(
      problemsOf({ server: { name: 'UPPER case' }, tools: [{ name: 'x'.repeat(129) }], extra: 1 }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/server\/name /),
        expect.stringMatching(/^\/tools\/0\/name /),
        '/extra is not an allowed property',
      ]),
    );
    expect(
      problemsOf({
        server: { name: 'a' },
        tools: [tool({ annotations: { readOnlyHint: 'yes' } })],
      }),
    ).toEqual([expect.stringMatching(/^\/tools\/0\/annotations\/readOnlyHint /)]);
    expect(problemsOf({ tools: [] })).toEqual(["/server must have required property 'server'"]);
  });

  it('checks argument names, types and positions against the URL', () => {
    const problems = problemsOf({
      server: { name: 'a' },
      tools: [
        tool({
          args: [
            { name: 'id', type: 'string', position: 'query' },
            { name: 'id', type: 'string' },
            { name: 'n', type: 'decimal' },
            { name: 'orphan', position: 'path' },
          ],
        }),
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\/tools\/0\/args\/1\/name tool 'call': argument 'id' is already defined/,
        ),
        expect.stringMatching(/^\/tools\/0\/args\/2\/type .*unknown type 'decimal'/),
        expect.stringMatching(/^\/tools\/0\/args\/0\/position .*position must be path, not query/),
        expect.stringMatching(
          /^\/tools\/0\/args\/3\/position .*'orphan' appears in the URL neither/,
        ),
      ]),
    );
    // A path argument may be used through a template action instead of a placeholder.
    expect(
      validateDefinition({
        server: { name: 'a' },
        tools: [tool({ requestTemplate: { url: 'https://{{.args.id}}.x.test/', method: 'GET' } })],
      }),
    ).toEqual([]);
    expect(
      problemsOf({
        server: { name: 'a' },
        tools: [tool({ requestTemplate: { url: 'https://x.test/{nope}', method: 'GET' } })],
      }),
    ).toEqual(
      expect.arrayContaining([expect.stringMatching(/\{nope\} has no argument named 'nope'/)]),
    );
  });

  it('needs a request for argument positions', () => {
    expect(
      problemsOf({
        server: { name: 'a' },
        tools: [{ name: 't', args: [{ name: 'q', position: 'query' }] }],
      }),
    ).toEqual(["/tools/0/args/0/position tool 't': argument positions need a requestTemplate"]);
  });

  it('checks request and response template modes', () => {
    const problems = problemsOf({
      server: { name: 'a' },
      tools: [
        tool({
          requestTemplate: {
            url: 'https://x.test/items/{id}',
            method: 'POST',
            body: '{}',
            argsToJsonBody: true,
          },
          responseTemplate: { body: 'x', prependBody: 'y' },
        }),
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^\/tools\/0\/requestTemplate\/argsToJsonBody .*only one of body, argsToJsonBody/,
      ),
      expect.stringMatching(/^\/tools\/0\/responseTemplate\/body .*either body or prependBody/),
    ]);
  });

  it('checks tool collisions, allowTools and security scheme references', () => {
    const problems = problemsOf({
      server: {
        name: 'a',
        securitySchemes: [
          { id: 'basic', type: 'http', scheme: 'basic' },
          { id: 'basic', type: 'http' },
          { id: 'key', type: 'apiKey', in: 'header' },
        ],
      },
      tools: [tool(), tool({ security: { id: 'client', passthrough: true } })],
      allowTools: ['call', 'other'],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "/tools/1/name tool name 'call' is already used by /tools/0",
        expect.stringMatching(/^\/tools\/1\/security\/id .*'client' is not defined/),
        "/allowTools/1 allowTools names 'other', which is not a tool of this server",
        expect.stringMatching(/^\/server\/securitySchemes\/1\/id .*already used/),
        expect.stringMatching(
          /^\/server\/securitySchemes\/1\/scheme .*needs scheme basic or bearer/,
        ),
        expect.stringMatching(
          /^\/server\/securitySchemes\/2\/name .*needs the header or parameter name/,
        ),
      ]),
    );
  });

  it('moves plain credentials to secrets and requires references for them', () => {
    const definition = {
      server: {
        name: 'a',
        securitySchemes: [
          { id: 'b', type: 'http' as const, scheme: 'bearer' as const, defaultCredential: 'tok' },
        ],
      },
      tools: [
        {
          name: 't',
          requestTemplate: {
            url: 'https://x.test',
            method: 'GET' as const,
            security: { id: 'b', credential: 'other' },
          },
        },
      ],
    };
    expect(problemsOf(definition)).toEqual([
      expect.stringMatching(
        /^\/server\/securitySchemes\/0\/defaultCredential a credential must be a secret reference/,
      ),
      expect.stringMatching(
        /^\/tools\/0\/requestTemplate\/security\/credential a credential must be/,
      ),
    ]);
    const extracted = extractInlineCredentials(definition);
    expect(extracted.secrets).toEqual({
      'securitySchemes.b.defaultCredential': 'tok',
      'tools.t.credential': 'other',
    });
    expect(validateDefinition(extracted.definition)).toEqual([]);
    expect(definition.server.securitySchemes[0]!.defaultCredential).toBe('tok');
  });
});

describe('template syntax validation', () => {
  it('names the tool, the field and the line and column of each template problem', () => {
    const problems = checkTemplates({
      server: { name: 'a' },
      tools: [
        {
          name: 'broken',
          requestTemplate: {
            url: 'https://x.test/{{.args.id}}',
            method: 'POST',
            headers: [{ key: 'X-A', value: '{{ .config.key ' }],
            body: '{\n  "a": {{ nosuchfunction .args.a }}\n}',
          },
          responseTemplate: { body: '{{ if .ok }}yes' },
        },
      ],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        path: '/tools/0/requestTemplate/headers/0/value',
        tool: 'broken',
        field: 'requestTemplate.headers[0].value',
        line: 1,
      }),
      expect.objectContaining({
        path: '/tools/0/requestTemplate/body',
        field: 'requestTemplate.body',
        line: 2,
        column: expect.any(Number),
        message: expect.stringMatching(
          /^tool 'broken': requestTemplate\.body line 2, column \d+: .*nosuchfunction/,
        ),
      }),
      expect.objectContaining({
        path: '/tools/0/responseTemplate/body',
        field: 'responseTemplate.body',
      }),
    ]);
  });

  it('is part of every save: the service rejects a bad template', () => {
    const definition = {
      server: { name: 'a' },
      tools: [{ name: 't', responseTemplate: { body: '{{ end }}' } }],
    };
    expect(validateDefinition(definition, checkTemplates)).toEqual([
      expect.objectContaining({ path: '/tools/0/responseTemplate/body', tool: 't', line: 1 }),
    ]);
  });
});
