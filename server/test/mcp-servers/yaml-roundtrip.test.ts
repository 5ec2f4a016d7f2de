import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServerDefinition } from '../../src/mcp/servers/model.ts';
import { exportDefinition } from '../../src/mcp/servers/yaml/higress-export.ts';
import { parseConfigText } from '../../src/mcp/servers/yaml/higress-import.ts';

/**
 * Export → import gives back the same definition for any text the fields may hold, including
 * what YAML would otherwise read as another type (`yes`, `0x1F`, `2022-06-28`, `null`), leading
 * or trailing blanks, and multi-line templates with trailing newlines; and a second export is
 * the same text.
 */
const tricky = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    'yes',
    'No',
    'null',
    '~',
    '0x1F',
    '1e3',
    '2022-06-28',
    '- a',
    '#x',
    'a: b',
    ' x',
    'x ',
    '',
    '{{.args.x}}',
  ),
  fc
    .array(fc.string({ maxLength: 12 }), { maxLength: 4 })
    .map((lines) => lines.join('\n'))
    .chain((body) => fc.constantFrom(body, `${body}\n`, `${body}\n\n`, `  ${body}`)),
);

const toolName = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);

const definition: fc.Arbitrary<ServerDefinition> = fc.record({
  server: fc.record(
    {
      name: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/),
      description: tricky,
      config: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tricky, { maxKeys: 3 }),
    },
    { requiredKeys: ['name'] },
  ),
  tools: fc.uniqueArray(
    fc.record(
      {
        name: toolName,
        description: tricky,
        args: fc.array(
          fc.record(
            {
              name: fc.string({ minLength: 1, maxLength: 10 }),
              description: tricky,
              default: fc.oneof(tricky, fc.integer(), fc.boolean()),
            },
            { requiredKeys: ['name'] },
          ),
          { maxLength: 3 },
        ),
        requestTemplate: fc.record({
          url: tricky.filter((s) => s !== ''),
          method: fc.constantFrom('GET', 'POST' as const),
          body: tricky,
        }),
        responseTemplate: fc.record(
          { prependBody: tricky, appendBody: tricky },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['name'] },
    ),
    { selector: (t) => t.name, maxLength: 3 },
  ),
}) as fc.Arbitrary<ServerDefinition>;

describe('Higress YAML export and import', () => {
  it('round-trips any field text exactly, and re-exports the same text', () => {
    fc.assert(
      fc.property(definition, (value) => {
        for (const format of ['yaml', 'json'] as const) {
          const text = exportDefinition(value, format);
          const back = parseConfigText(text).value as ServerDefinition;
          expect(back).toEqual(JSON.parse(JSON.stringify(value)));
          expect(exportDefinition(back, format)).toBe(text);
        }
      }),
      {
        numRuns: 300,
        // Whitespace-only lines inside multi-line text, which YAML block scalars would lose.
        examples: [
          [{ server: { name: 'a' }, tools: [{ name: '0', description: ' \n' }] }],
          [{ server: { name: 'a' }, tools: [{ name: '0', description: 'x\n  \n\ty\n' }] }],
        ],
      },
    );
  });
});
