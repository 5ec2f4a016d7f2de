// Regenerates runtime/test/gjson-cases.json: runs every case of cases.ts
// through the Go oracle (this directory's main.go, tidwall/gjson v1.20.1) and
// writes Go's answers as the expected results the Vitest suite checks.
//   npx node tools/gjson-oracle/make-table.ts
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCases } from './cases.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = fileURLToPath(new URL('../../runtime/test/gjson-cases.json', import.meta.url));

const cases = buildCases();
const run = spawnSync('go', ['run', '.'], {
  cwd: here,
  input: JSON.stringify(cases),
  maxBuffer: 1 << 28,
});
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  throw new Error(`the Go oracle failed with status ${run.status}`);
}
const results = JSON.parse(run.stdout.toString()) as Record<string, unknown>[];
// Each document is stored once; cases refer to it by position.
const documents: string[] = [];
const docIndex = new Map<string, number>();
const table = results.map((r) => {
  const { json, name, path, mode, then, valid, ...expect } = r as Record<string, unknown> & {
    json: string;
  };
  let doc = docIndex.get(json);
  if (doc === undefined) {
    doc = documents.length;
    documents.push(json);
    docIndex.set(json, doc);
  }
  return { name, doc, path, ...(mode ? { mode } : {}), ...(then ? { then } : {}), valid, expect };
});
const lines = [
  '{',
  ` "source": "tools/gjson-oracle (Go github.com/tidwall/gjson v1.20.1); regenerate with npx node tools/gjson-oracle/make-table.ts",`,
  ` "documents": ${JSON.stringify(documents)},`,
  ' "cases": [',
  table.map((c) => '  ' + JSON.stringify(c)).join(',\n'),
  ' ]',
  '}',
];
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${table.length} cases over ${documents.length} documents to ${out}`);
