// Every case of the oracle table (expected results produced by Go's
// tidwall/gjson, see tools/gjson-oracle) run through the AssemblyScript gjson
// library compiled to Wasm; every field of the result must match.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGjsonWasm, type GjsonModule, type GjsonOutcome } from './support/gjson-wasm.ts';

interface OracleTable {
  documents: string[];
  cases: {
    name: string;
    doc: number;
    path: string;
    mode?: 'parse' | 'then';
    then?: string;
    valid: boolean;
    expect: Omit<GjsonOutcome, 'index'> & { index: number };
  }[];
}

const table = JSON.parse(
  readFileSync(new URL('./gjson-cases.json', import.meta.url), 'utf8'),
) as OracleTable;

let gjson: GjsonModule;
beforeAll(async () => {
  gjson = await loadGjsonWasm();
});

/** Go reports byte offsets into UTF-8; the Wasm library counts UTF-16 code units. */
function utf8Offset(text: string, units: number): number {
  return Buffer.byteLength(text.slice(0, units), 'utf8');
}

describe('gjson against the Go oracle table', () => {
  it('has the documented size', () => {
    expect(table.cases.length).toBeGreaterThanOrEqual(300);
  });

  const groups = new Map<string, OracleTable['cases']>();
  for (const c of table.cases) {
    const list = groups.get(c.name) ?? [];
    list.push(c);
    groups.set(c.name, list);
  }
  for (const [name, cases] of groups) {
    it.each(
      cases.map(
        (c) =>
          [
            c.mode === 'then'
              ? `${c.path} → ${c.then}`
              : c.mode === 'parse'
                ? `parse ${JSON.stringify(table.documents[c.doc]!.slice(0, 30))}`
                : c.path,
            c,
          ] as const,
      ),
    )(`${name}: %s`, (_label, c) => {
      const json = table.documents[c.doc]!;
      const got =
        c.mode === 'parse'
          ? gjson.parse(json)
          : c.mode === 'then'
            ? gjson.getThen(json, c.path, c.then!)
            : gjson.get(json, c.path);
      const actual = { ...got, index: utf8Offset(json, got.index) };
      expect(actual).toEqual(c.expect);
    });
  }

  it('valid() agrees with Go on every document', () => {
    const seen = new Set<number>();
    for (const c of table.cases) {
      if (seen.has(c.doc)) continue;
      seen.add(c.doc);
      expect([table.documents[c.doc], gjson.valid(table.documents[c.doc]!)]).toEqual([
        table.documents[c.doc],
        c.valid,
      ]);
    }
  });
});
