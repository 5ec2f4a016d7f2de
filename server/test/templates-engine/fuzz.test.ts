import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/mcp/templates/render.ts';

const fragments = [
  '{{ .a }}',
  '{{ .b.c }}',
  '{{ range .list }}',
  '{{ range $i, $e := .list }}',
  '{{ if .a }}',
  '{{ else }}',
  '{{ end }}',
  '{{ with .b }}',
  '{{ $x := .a }}',
  '{{ $x }}',
  '{{ len .list }}',
  '{{ index .list 0 }}',
  '{{ printf "%d %s %v" .a .s .b }}',
  '{{ toJson . }}',
  '{{ upper .s }}',
  '{{ repeat 1000 .s }}',
  '{{ range 100000 }}',
  '{{ regexReplaceAll "(a+)+b" .s "x" }}',
  '{{ add .a 1 }}',
  '{{ div .a 0 }}',
  '{{ dict "k" .a | toJson }}',
  '{{ list 1 2 | first }}',
  '{{ define "t" }}{{ template "t" . }}{{ end }}',
  '{{ template "t" . }}',
  '{{ break }}',
  '{{ gjson "list.#" }}',
  '{{ .missing.deep }}',
  'text',
  '\n',
  '{{- " trimmed " -}}',
  '{{ (index .list 5).x }}',
  '{{ substr 0 100 .s }}',
  '{{ split "," .s }}',
  '{{ eq .a 1 2 }}',
  '{{ and .a .s }}',
  '{{ or .x .y }}',
];

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 's', 'list'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('random templates and data', () => {
  it('never crash the host and never pass a limit silently', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments), { maxLength: 12 }),
        json,
        (parts, data) => {
          const limits = { maxSteps: 20_000, maxOutputBytes: 4_000, maxMemoryBytes: 32 << 20 };
          const r = renderTemplate(parts.join(''), data, limits);
          if (r.ok) {
            expect(new TextEncoder().encode(r.output).length).toBeLessThanOrEqual(
              limits.maxOutputBytes,
            );
          } else {
            expect(['parse', 'execute', 'limit']).toContain(r.phase);
            expect(r.diagnostics.length).toBeGreaterThan(0);
            for (const d of r.diagnostics) expect(d.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('parse arbitrary text into a program or diagnostics with positions, never a crash', () => {
    const pieces = fc.constantFrom(
      '{{',
      '}}',
      '{{-',
      '-}}',
      ' ',
      '.',
      '$x',
      ':=',
      '=',
      '|',
      '(',
      ')',
      '"',
      '`',
      "'",
      'if',
      'range',
      'end',
      'else',
      'define',
      'template',
      'with',
      'block',
      'break',
      '1',
      '-2',
      '0x1f',
      '1e3',
      'upper',
      'nope',
      ',',
      '/*',
      '*/',
      '\n',
      'x',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const r = renderTemplate(
          parts.join(''),
          { a: 1 },
          { maxSteps: 5_000, maxOutputBytes: 2_000 },
        );
        if (!r.ok) {
          for (const d of r.diagnostics) {
            expect(d.message.length).toBeGreaterThan(0);
            if (r.phase === 'parse') {
              expect(d.line).toBeGreaterThanOrEqual(1);
              expect(d.column).toBeGreaterThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
