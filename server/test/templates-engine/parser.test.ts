import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/mcp/templates/compile.ts';
import { parseTemplate } from '../../src/mcp/templates/parser.ts';

function diagnostics(source: string) {
  return parseTemplate(source).diagnostics.map((d) => ({
    kind: d.kind,
    message: d.message,
    line: d.line,
    column: d.column,
  }));
}

describe('template parser', () => {
  it('parses actions, control structures, definitions and variables', () => {
    const { program, diagnostics: d } = parseTemplate(
      '{{- range $i, $e := .items }}{{$i}}{{ if eq $e.a 1 2 }}x{{ else if .b }}y{{ else }}z{{ end }}{{ else }}none{{ end -}}' +
        '{{ define "t" }}{{ . }}{{ end }}{{ template "t" .a.b.0.c }}{{ block "b" . }}B{{ end }}',
    );
    expect(d).toEqual([]);
    expect(program!.templates.map((t) => t.name)).toEqual(['', 't', 'b']);
    expect(program!.functions).toEqual(['eq']);
  });

  it('reports syntax errors with line and column', () => {
    expect(diagnostics('a\n  {{ if }}')).toEqual([
      { kind: 'syntax', message: 'missing value for if', line: 2, column: 9 },
    ]);
    expect(diagnostics('{{ .a')[0]).toMatchObject({ kind: 'syntax', message: 'unclosed action' });
    expect(diagnostics('{{ range . }}')[0]).toMatchObject({ message: 'unexpected EOF' });
    expect(diagnostics('{{ end }}')[0]).toMatchObject({ message: 'unexpected {{end}}' });
    expect(diagnostics('{{ break }}')[0]).toMatchObject({ message: '{{break}} outside {{range}}' });
    expect(diagnostics('{{ "a" | "b" }}')[0]).toMatchObject({
      message: 'non executable command in pipeline stage 2',
    });
  });

  it('reports unknown functions, wrong argument counts and undefined variables, all of them', () => {
    expect(
      diagnostics('{{ nope 1 }}\n{{ upper }}{{ .x | join }}\n{{ $y }}{{ template "q" }}'),
    ).toEqual([
      { kind: 'unknown-function', message: 'function "nope" not defined', line: 1, column: 4 },
      {
        kind: 'wrong-argument-count',
        message: 'wrong number of args for upper: want 1 got 0',
        line: 2,
        column: 4,
      },
      {
        kind: 'wrong-argument-count',
        message: 'wrong number of args for join: want 2 got 1',
        line: 2,
        column: 20,
      },
      { kind: 'undefined-variable', message: 'undefined variable "$y"', line: 3, column: 4 },
      { kind: 'undefined-template', message: 'template "q" not defined', line: 3, column: 21 },
    ]);
  });

  it('scopes variables to their control structure', () => {
    expect(diagnostics('{{ if . }}{{ $x := 1 }}{{ end }}{{ $x }}')[0]).toMatchObject({
      message: 'undefined variable "$x"',
    });
    expect(diagnostics('{{ $x := 1 }}{{ if . }}{{ $x = 2 }}{{ end }}{{ $x }}')).toEqual([]);
  });

  it('compiles the same template to identical bytes', () => {
    const a = compileTemplate('{{ range .items }}{{ .name | upper }}{{ end }}');
    const b = compileTemplate('{{ range .items }}{{ .name | upper }}{{ end }}');
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});
