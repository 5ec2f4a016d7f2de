// Cost of the MCP server configuration pipeline on the 26 Higress corpus configurations,
// relative to parsing the same YAML with the `yaml` package alone (the baseline):
// import = parse with positions + schema and rule validation + template syntax check;
// export = definition → Higress YAML text.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { validateDefinition } from '../server/src/mcp/servers/definition-validation.ts';
import type { ServerDefinition } from '../server/src/mcp/servers/model.ts';
import { checkTemplates } from '../server/src/mcp/servers/template-check.ts';
import { exportDefinition } from '../server/src/mcp/servers/yaml/higress-export.ts';
import { parseConfigText } from '../server/src/mcp/servers/yaml/higress-import.ts';

const corpus = path.resolve(import.meta.dirname, '../test/fixtures/corpus/higress-mcp-servers');
const texts = fs
  .readdirSync(corpus)
  .sort()
  .map((name) => fs.readFileSync(path.join(corpus, name, 'mcp-server.yaml'), 'utf8'));
const definitions = texts.map((text) => parse(text) as ServerDefinition);

/** Best of five timed trials (after warm-up): the shared machine's noise only ever slows runs. */
function measure(label: string, run: () => void): { label: string; perSecond: number } {
  for (let i = 0; i < 5; i++) run();
  let best = 0;
  for (let trial = 0; trial < 5; trial++) {
    const rounds = 10;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, (rounds * texts.length) / seconds);
  }
  return { label, perSecond: best };
}

const baseline = measure('yaml.parse (baseline)', () => {
  for (const text of texts) parse(text);
});
const results = [
  baseline,
  measure('import: parse with positions + validation + templates', () => {
    for (const text of texts) {
      const parsed = parseConfigText(text);
      if (validateDefinition(parsed.value, checkTemplates).length > 0) throw new Error('invalid');
    }
  }),
  measure('validation + templates only', () => {
    for (const definition of definitions) validateDefinition(definition, checkTemplates);
  }),
  measure('export to YAML', () => {
    for (const definition of definitions) exportDefinition(definition, 'yaml');
  }),
];

console.log(
  `${texts.length} configurations (${texts.reduce((n, t) => n + t.length, 0)} bytes of YAML)\n`,
);
console.log('| step | configurations/s | ratio to yaml.parse |');
console.log('| --- | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / baseline.perSecond).toFixed(2)} |`,
  );
}
