// Runs the template case table (cases/*.yaml) through the template engine.
// The table is the specification of the gjson_template dialect; see
// server/test/templates/README.md and docs/template-tests.md.
import { describe, expect, it } from 'vitest';
import {
  renderTemplate,
  renderTemplateJson,
  type RenderOptions,
  type RenderResult,
} from '../../src/mcp/templates/render.ts';
import {
  CaseFormatError,
  loadCaseFiles,
  validateCaseFile,
  type TemplateCase,
} from './template-case-file.ts';

const MINIMUM_CASES = 400;
const cases = loadCaseFiles();

function optionsFor(testCase: TemplateCase): RenderOptions {
  const options: RenderOptions = { randomSeed: 1 };
  if (testCase.now !== undefined) options.now = testCase.now;
  if (testCase.limits) Object.assign(options, testCase.limits);
  return options;
}

async function render(testCase: TemplateCase): Promise<RenderResult> {
  const options = optionsFor(testCase);
  if (testCase.json !== undefined)
    return renderTemplateJson(testCase.template, testCase.json, options);
  return renderTemplate(testCase.template, testCase.data ?? {}, options);
}

function describeFailure(result: RenderResult): string {
  if (result.ok) return `rendered ${JSON.stringify(result.output)}`;
  return `${result.phase} error: ${result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`;
}

describe('template case table', () => {
  it(`holds at least ${MINIMUM_CASES} cases`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(MINIMUM_CASES);
  });

  it('rejects malformed case files loudly, naming the problem', () => {
    const bad: [unknown, RegExp][] = [
      [{ name: 'x' }, /not a list|YAML list/],
      [[{ template: '', output: '', source: 'go' }], /"name"/],
      [[{ name: 'a', template: '{{.}}', source: 'go' }], /exactly one of/],
      [[{ name: 'a', template: '{{.}}', output: '', error: 'x', source: 'go' }], /exactly one of/],
      [[{ name: 'a', template: '{{.}}', output: '', source: 'guess' }], /"source"/],
      [[{ name: 'a', template: '{{.}}', output: '', source: 'differs' }], /"note"/],
      [
        [{ name: 'a', template: '{{.}}', output: '', source: 'go', extra: 1 }],
        /unknown field "extra"/,
      ],
      [
        [{ name: 'a', template: '{{.}}', output: '', source: 'go', json: '{bad' }],
        /"json" is not valid JSON/,
      ],
      [
        [{ name: 'a', template: '{{.}}', output: '', source: 'go', data: {}, json: '{}' }],
        /either "data" or "json"/,
      ],
      [[{ name: 'a', template: '{{.}}', output: '', source: 'go', now: 'yesterday' }], /"now"/],
      [
        [{ name: 'a', template: '{{.}}', outputPattern: '(', source: 'go' }],
        /not a valid regular expression/,
      ],
      [[{ name: 'a', template: '{{.}}', output: '', line: 1, source: 'go' }], /only applies/],
      [[{ name: 'a', template: '{{', error: 'x', line: 0, source: 'go' }], /"line"/],
      [
        [
          { name: 'a', template: '{{.}}', output: '', source: 'go' },
          { name: 'a', template: '', output: '', source: 'go' },
        ],
        /duplicate/,
      ],
      [
        [{ name: 'a', template: '{{.}}', error: 'x', limits: { steps: 1 }, source: 'go' }],
        /unknown limit/,
      ],
    ];
    for (const [parsed, message] of bad) {
      expect(() => validateCaseFile('bad.yaml', parsed)).toThrow(CaseFormatError);
      expect(() => validateCaseFile('bad.yaml', parsed)).toThrow(message);
    }
  });

  const byFile = Map.groupBy(cases, (testCase) => testCase.file);
  for (const [file, fileCases] of byFile) {
    describe(file, () => {
      it.each(fileCases.map((testCase) => [testCase.name, testCase] as const))(
        '%s',
        async (_name, testCase) => {
          const result = await render(testCase);
          if (testCase.error !== undefined) {
            expect(
              result.ok,
              `expected an error containing ${JSON.stringify(testCase.error)}, ${describeFailure(result)}`,
            ).toBe(false);
            if (result.ok) return;
            expect(result.diagnostics.length).toBeGreaterThan(0);
            const messages = result.diagnostics.map((diagnostic) => diagnostic.message);
            expect(
              messages.some((message) => message.includes(testCase.error!)),
              `diagnostics: ${messages.join(' | ')}`,
            ).toBe(true);
            if (testCase.phase !== undefined) expect(result.phase).toBe(testCase.phase);
            if (result.phase === 'parse') {
              // Parse errors always carry a position.
              for (const diagnostic of result.diagnostics) {
                expect(diagnostic.line).toBeGreaterThanOrEqual(1);
                expect(diagnostic.column).toBeGreaterThanOrEqual(1);
              }
            }
            if (testCase.line !== undefined)
              expect(result.diagnostics[0]!.line).toBe(testCase.line);
            if (testCase.column !== undefined)
              expect(result.diagnostics[0]!.column).toBe(testCase.column);
            return;
          }
          expect(result.ok, describeFailure(result)).toBe(true);
          if (!result.ok) return;
          if (testCase.outputPattern) expect(result.output).toMatch(testCase.outputPattern);
          else expect(result.output).toBe(testCase.output);
        },
      );
    });
  }
});
