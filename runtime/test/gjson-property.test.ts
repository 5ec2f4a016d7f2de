// Property tests of the AssemblyScript gjson library (compiled to Wasm):
// random simple paths over random JSON against a plain TypeScript walk,
// projections, number parsing and formatting against JavaScript's exact
// conversions, valid() against JSON.parse, and random text as document and
// path (no trap, no hang).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGjsonWasm, loadGjsonWasm, type GjsonModule } from './support/gjson-wasm.ts';

let binary: Uint8Array;
let gjson: GjsonModule;
beforeAll(async () => {
  binary = await compileGjsonWasm();
  gjson = await loadGjsonWasm(binary);
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A gjson path component naming an object key: every ASCII punctuation escaped. */
function escapeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_\u0080-\uffff]/g, (c) => '\\' + c);
}

/** Picks a path through the value with choices in [0,1); returns the path and the value there. */
function walk(root: Json, choices: number[]): { path: string[]; value: Json } {
  const path: string[] = [];
  let value = root;
  for (const choice of choices) {
    if (Array.isArray(value)) {
      if (value.length === 0) break;
      const i = Math.floor(choice * value.length);
      path.push(String(i));
      value = value[i]!;
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).filter((k) => k.length > 0);
      if (keys.length === 0) break;
      const k = keys[Math.floor(choice * keys.length)]!;
      path.push(escapeKey(k));
      value = value[k]!;
    } else {
      break;
    }
  }
  return { path, value };
}

/** Go's FormatFloat(f, 'f', -1, 64), from JavaScript's shortest round-trip text. */
function formatFixed(x: number): string {
  if (Object.is(x, -0)) return '-0';
  const s = String(x);
  if (!/e/.test(s)) return s;
  const negative = x < 0;
  const [mant, ex] = (negative ? s.slice(1) : s).split('e') as [string, string];
  const [a, b = ''] = mant.split('.') as [string, string?];
  const digits = a + b;
  const p = a.length + Number(ex);
  const out =
    p <= 0
      ? '0.' + '0'.repeat(-p) + digits
      : p >= digits.length
        ? digits + '0'.repeat(p - digits.length)
        : digits.slice(0, p) + '.' + digits.slice(p);
  return negative ? '-' + out : out;
}

const jsonValue = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;

describe('gjson properties', () => {
  it('a path through the document finds the same value as a TypeScript walk', () => {
    fc.assert(
      fc.property(
        jsonValue,
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.nat(4),
        (doc, choices, indent) => {
          const text = JSON.stringify({ root: doc }, null, indent);
          const walked = walk(doc, choices);
          const path = walked.path;
          // As written in the text (JSON has no -0).
          const value = JSON.parse(JSON.stringify(walked.value)) as Json;
          const res = gjson.get(text, ['root', ...path].join('.'));
          expect(res.exists).toBe(true);
          expect(JSON.parse(res.raw)).toEqual(value);
          // Index points at the raw text inside the document.
          expect(text.slice(res.index, res.index + res.raw.length)).toBe(res.raw);
          if (typeof value === 'string') expect(res.str).toBe(value);
          if (typeof value === 'number') expect(res.num).toBe(formatFixed(value));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a missing key or index is reported as not existing', () => {
    fc.assert(
      fc.property(jsonValue, fc.string({ minLength: 1, maxLength: 8 }), (doc, key) => {
        const text = JSON.stringify({ root: doc });
        const present =
          doc !== null && typeof doc === 'object' && !Array.isArray(doc)
            ? Object.hasOwn(doc, key)
            : Array.isArray(doc) && /^[0-9]+$/.test(key) && Number(key) < doc.length;
        const res = gjson.get(text, 'root.' + escapeKey(key));
        expect(res.exists).toBe(present);
        if (Array.isArray(doc)) expect(gjson.get(text, `root.${doc.length}`).exists).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('#.field projects the field of every element that has it, and # counts elements', () => {
    const record = fc.record(
      { id: fc.integer(), name: fc.string(), extra: fc.option(jsonValue, { nil: undefined }) },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (items) => {
        const text = JSON.stringify({ items });
        expect(JSON.parse(gjson.get(text, 'items.#.id').raw)).toEqual(items.map((r) => r.id));
        expect(JSON.parse(gjson.get(text, 'items.#.name').raw)).toEqual(
          items.filter((r) => r.name !== undefined).map((r) => r.name),
        );
        expect(gjson.get(text, 'items.#').raw).toBe(String(items.length));
        const over = items.filter((r) => r.id > 0).map((r) => r.id);
        expect(JSON.parse(gjson.get(text, 'items.#(id>0)#.id').raw)).toEqual(over);
      }),
      { numRuns: 200 },
    );
  });

  it('numbers parse exactly and print as Go prints them', () => {
    const text = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential()),
      fc
        .tuple(
          fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
          fc.integer({ min: -40, max: 40 }),
        )
        .map(([m, e]) => `${m}e${e}`),
      fc
        .tuple(fc.stringMatching(/^[0-9]{1,25}$/), fc.stringMatching(/^[0-9]{1,25}$/))
        .map(([a, b]) => `${a}.${b}`),
    );
    fc.assert(
      fc.property(text, (raw) => {
        const expected = Number(raw);
        const res = gjson.get(`{"n":${raw}}`, 'n');
        expect(res.raw).toBe(raw);
        expect(res.num).toBe(formatFixed(expected));
        const integral = /^-?[0-9]+$/.test(raw);
        expect(res.string).toBe(integral ? raw : formatFixed(expected));
      }),
      { numRuns: 1000 },
    );
  });

  it('valid() accepts exactly what JSON.parse accepts', () => {
    const almostJson = fc.oneof(
      jsonValue.map((v) => JSON.stringify(v)),
      fc
        .tuple(
          jsonValue,
          fc.nat(),
          fc.constantFrom('', ',', ']', '}', '"', ':', 'x', ' ', '0', '-', '.', 'e', '\\'),
        )
        .map(([v, at, ch]) => {
          const s = JSON.stringify(v);
          const i = at % (s.length + 1);
          return s.slice(0, i) + ch + s.slice(i + (at % 2));
        }),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(almostJson, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(gjson.valid(text)).toBe(parses);
      }),
      { numRuns: 1000 },
    );
  });

  it('random text as document and path neither traps nor hangs', async () => {
    // A fresh instance: a trap would leave this one unusable.
    const fresh = await loadGjsonWasm(binary);
    const syntax = fc.string({
      unit: fc.constantFrom(...'#()[]{}.|@!*?\\"=<>%~:,0123456789abc -_\n'.split('')),
      maxLength: 40,
    });
    const anyText = fc.string({ unit: 'binary', maxLength: 60 });
    const docText = fc.oneof(
      anyText,
      syntax,
      jsonValue.map((v) => JSON.stringify(v)),
    );
    const pathText = fc.oneof(
      anyText,
      syntax,
      fc.constantFrom(
        '@pretty',
        '@ugly',
        '@reverse',
        '@keys',
        '@values',
        '@flatten',
        '@join',
        '@group',
        '@dig:a',
        '@tostr',
        '@fromstr',
        '..#',
        '#.a',
        '{a,b}',
        '[0,1]',
      ),
    );
    fc.assert(
      fc.property(docText, pathText, (doc, path) => {
        const started = performance.now();
        const res = fresh.get(doc, path);
        fresh.parse(doc);
        fresh.valid(doc);
        expect(typeof res.exists).toBe('boolean');
        expect(performance.now() - started).toBeLessThan(2000);
      }),
      { numRuns: 3000 },
    );
  });
});
