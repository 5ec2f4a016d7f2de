import { describe, expect, it } from 'vitest';
import { renderTemplate, renderTemplateJson } from '../../src/mcp/templates/render.ts';

const NOW = Date.UTC(2024, 4, 6, 7, 8, 9);
const out = (t: string, d: unknown = {}) => {
  const r = renderTemplate(t, d, { now: NOW, randomSeed: 7 });
  return r.ok ? r.output : r;
};

describe('template rendering in the Wasm runtime', () => {
  it('renders fields, ranges, conditions and variables', () => {
    expect(out('Hello {{.name}}', { name: 'x' })).toBe('Hello x');
    expect(
      out('{{range $i, $e := .items}}{{$i}}={{$e.n}};{{else}}none{{end}}', {
        items: [{ n: 1 }, { n: 2.5 }],
      }),
    ).toBe('0=1;1=2.5;');
    expect(out('{{range .items}}x{{else}}none{{end}}', { items: [] })).toBe('none');
    expect(out('{{range $k, $v := .o}}{{$k}}:{{$v}} {{end}}', { o: { b: 1, a: 2 } })).toBe(
      'b:1 a:2 ',
    );
    expect(out('{{range 3}}{{.}}{{end}}')).toBe('012');
    expect(out('{{ if eq .a 1 2 3 }}yes{{ end }}', { a: 3 })).toBe('yes');
    expect(out('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}')).toBe('2');
    expect(out('{{ with .a }}{{ .b }}{{ else }}no{{ end }}', { a: { b: 'in' } })).toBe('in');
    expect(
      out('{{ .a.b.0.c }}|{{ gjson "a.b.#.c" }}|{{ len .a.b }}', {
        a: { b: [{ c: 'x' }, { c: 'y' }] },
      }),
    ).toBe('x|["x","y"]|2');
    expect(out('{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" .v }}', { v: 'q' })).toBe('[q]');
    expect(
      out(
        '{{ range .xs }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}',
        { xs: [1, 2, 3, 4, 5] },
      ),
    ).toBe('13');
  });

  it('prints values as gjson_template does', () => {
    expect(
      out('{{ .obj }} {{ .arr }} [{{ .missing }}] {{ .nul }} {{ .t }}', {
        obj: { a: 1 },
        arr: [1, 2],
        nul: null,
        t: true,
      }),
    ).toBe('{"a":1} [1,2] [] null true');
    expect(renderTemplateJson('{{ .n }}', '{"n":1.50}')).toEqual({ ok: true, output: '1.50' });
    expect(out('{{ 1.5 }} {{ 3.0 }} {{ divf 7 2 }} {{ div 7 2 }}')).toBe('1.500000 3 3.500000 3');
  });

  it('runs Sprig functions', () => {
    expect(
      out('{{ upper "abc" }} {{ .x | default "d" }} {{ toJson .o }}', { o: { a: '<x>' } }),
    ).toBe('ABC d {"a":"\\u003cx\\u003e"}');
    expect(
      out('{{ list 1 2 "a" | toJson }} {{ dict "b" 1 "a" 2 | toJson }} {{ .labels | join "," }}', {
        labels: ['a', 'b'],
      }),
    ).toBe('[1,2,"a"] {"a":2,"b":1} a,b');
    expect(out('{{ sha256sum "abc" }}')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(out('{{ printf "%5.2f|%d|%s|%q|%x|%t" 3.14159 42 "s" "q" 255 true }}')).toBe(
      ' 3.14|42|s|"q"|ff|true',
    );
    expect(
      out(
        '{{ now | date "2006-01-02 15:04:05" }} {{ dateInZone "2006-01-02 15:04" now "Asia/Shanghai" }}',
      ),
    ).toBe('2024-05-06 07:08:09 2024-05-06 15:08');
    expect(
      out(
        '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexMatch `^[a-z]+\\d$` "abc1" }}',
      ),
    ).toBe('-W-xxW- true');
    expect(out('{{ uuidv4 }}')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('reports execution errors with line and column', () => {
    expect(renderTemplate('\n  {{ index .x 5 }}', { x: [1] })).toEqual({
      ok: false,
      phase: 'execute',
      diagnostics: [
        { message: 'array index out of range: 5', line: 2, column: 6, kind: 'execute' },
      ],
    });
    expect(renderTemplate('{{ fail "stop" }}', {})).toMatchObject({
      ok: false,
      phase: 'execute',
      diagnostics: [{ message: 'stop' }],
    });
  });

  it('ends a render that exceeds a limit with a limit error', () => {
    expect(
      renderTemplate('{{ range 100000000 }}x{{ end }}', {}, { maxSteps: 10000 }),
    ).toMatchObject({
      ok: false,
      phase: 'limit',
      diagnostics: [{ message: 'step budget of 10000 steps exhausted' }],
    });
    expect(
      renderTemplate('{{ range 1000 }}xxxxxxxxxx{{ end }}', {}, { maxOutputBytes: 500 }),
    ).toMatchObject({
      ok: false,
      phase: 'limit',
      diagnostics: [{ message: 'output exceeds the limit of 500 bytes' }],
    });
    expect(
      renderTemplate('{{define "t"}}{{template "t" .}}{{end}}{{template "t" .}}', {}),
    ).toMatchObject({ ok: false, phase: 'limit' });
    const big = { s: 'x'.repeat(1 << 20) };
    expect(
      renderTemplate('{{ range 64 }}{{ $.s | repeat 4 | len }}{{ end }}', big, {
        maxMemoryBytes: 16 << 20,
        maxOutputBytes: 1 << 30,
      }),
    ).toMatchObject({ ok: false, phase: 'limit' });
    // the pool replaces the discarded instance
    expect(out('ok')).toBe('ok');
  });

  it('replaces many regex matches in linear work and bounds costly searches', () => {
    const s = 'a'.repeat(50_000);
    expect(out('{{ regexReplaceAll "a" .s "bb" | len }}', { s })).toBe('100000');
    expect(out('{{ regexReplaceAll "(a|aa)*c" .s "x" | len }}', { s: 'a'.repeat(2000) })).toBe(
      '2000',
    );
    const big = renderTemplate('{{ regexMatch "a{1,1000}b" .s }}', {
      s: 'a'.repeat(100_000),
    });
    expect(big).toMatchObject({ ok: false, phase: 'limit' });
  });
});
