// Template rendering in the Wasm runtime against a hand-written JavaScript transformation of the
// same data (JSON.parse + string building), in µs per render, measured in the same run.
// Cases: a field-guide template over a 10 KB and a 1 MB JSON response, and a range over 10 000 items.
import { renderTemplateJson } from '../server/src/mcp/templates/render.ts';

function makeResponse(items: number) {
  return {
    total: items,
    page: 1,
    items: Array.from({ length: items }, (_, i) => ({
      id: i,
      name: `item ${i}`,
      price: Math.round(i * 137.5) / 100,
      tags: ['a', 'b', 'c'],
      owner: { login: `user${i % 50}`, url: `https://example.com/u/${i % 50}` },
      description: 'lorem ipsum dolor sit amet '.repeat(3),
    })),
  };
}

// The field guide: pick a few fields, the first items and a count (what Higress response templates do).
const fieldGuide = `# Results ({{ .total }} in total, page {{ .page }})
{{- range $i, $e := .items }}{{ if lt $i 5 }}
- {{ $e.name }} by {{ $e.owner.login }}: {{ $e.price }}{{ end }}{{ end }}
First tag: {{ .items.0.tags.0 }}; items listed: {{ len .items }}`;

function fieldGuideJs(text: string): string {
  const d = JSON.parse(text) as ReturnType<typeof makeResponse>;
  let out = `# Results (${d.total} in total, page ${d.page})`;
  d.items.forEach((e, i) => {
    if (i < 5) out += `\n- ${e.name} by ${e.owner.login}: ${e.price}`;
  });
  out += `\nFirst tag: ${d.items[0]!.tags[0]}; items listed: ${d.items.length}`;
  return out;
}

const rangeAll = `{{ range .items }}{{ .id }},{{ .name }},{{ .owner.login }}
{{ end }}`;

function rangeAllJs(text: string): string {
  const d = JSON.parse(text) as ReturnType<typeof makeResponse>;
  let out = '';
  for (const e of d.items) out += `${e.id},${e.name},${e.owner.login}\n`;
  return out;
}

function measure(run: () => string, minMs = 1500): number {
  for (let i = 0; i < 3; i++) run();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    run();
    n++;
  }
  return ((performance.now() - start) * 1000) / n;
}

const doc10k = JSON.stringify(makeResponse(40));
const doc1m = JSON.stringify(makeResponse(4200));
const doc10kItems = JSON.stringify(makeResponse(10000));
const limits = { maxSteps: 100_000_000, maxOutputBytes: 64 << 20 };

const cases = [
  {
    name: `field guide, ${(doc10k.length / 1024).toFixed(0)} KB response`,
    tpl: fieldGuide,
    js: fieldGuideJs,
    doc: doc10k,
  },
  {
    name: `field guide, ${(doc1m.length / 1024 / 1024).toFixed(2)} MB response`,
    tpl: fieldGuide,
    js: fieldGuideJs,
    doc: doc1m,
  },
  {
    name: `range over 10 000 items (${(doc10kItems.length / 1024 / 1024).toFixed(2)} MB)`,
    tpl: rangeAll,
    js: rangeAllJs,
    doc: doc10kItems,
  },
];

console.log('### Template rendering (Wasm runtime vs hand-written JavaScript)\n');
console.log('| case | Wasm template µs/render | JavaScript µs/render | ratio |');
console.log('|---|---:|---:|---:|');
for (const c of cases) {
  const check = renderTemplateJson(c.tpl, c.doc, limits);
  if (!check.ok || check.output !== c.js(c.doc))
    throw new Error(`outputs differ for ${c.name}: ${JSON.stringify(check).slice(0, 300)}`);
  const wasm = measure(() => {
    const r = renderTemplateJson(c.tpl, c.doc, limits);
    return r.ok ? r.output : '';
  });
  const js = measure(() => c.js(c.doc));
  console.log(`| ${c.name} | ${wasm.toFixed(1)} | ${js.toFixed(1)} | ${(wasm / js).toFixed(2)}x |`);
}
