// The parts of the AssemblyScript gjson API that the Go oracle table does not
// cover: UTF-16 offsets, getMany, entries(), Result.get on a sub-result, and
// behaviour at the recursion budget on very deep documents and paths.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGjsonWasm, loadGjsonWasm, type GjsonModule } from './support/gjson-wasm.ts';

let binary: Uint8Array;
let gjson: GjsonModule;
beforeAll(async () => {
  binary = await compileGjsonWasm();
  gjson = await loadGjsonWasm(binary);
});

describe('gjson API', () => {
  it('reports index in UTF-16 code units of the document', () => {
    const doc = '{"é😀":"x","k":[1,"日本"]}';
    const res = gjson.get(doc, 'k.1');
    expect(res.raw).toBe('"日本"');
    expect(doc.slice(res.index, res.index + res.raw.length)).toBe('"日本"');
  });

  it('getMany answers each path like get', () => {
    const doc = '{"a":1,"b":{"c":[true,null]}}';
    expect(gjson.getManyRaw(doc, ['a', 'b.c.0', 'missing', 'b.c|@reverse'])).toEqual([
      '1',
      'true',
      '',
      '[null,true]',
    ]);
  });

  it('entries() lists members in document order with unescaped keys, duplicates kept', () => {
    const res = gjson.get('{"o":{"b":1,"a\\u00e9":"x","b":[2]}}', 'o');
    expect(res.entries).toEqual([
      ['b', '1'],
      ['aé', '"x"'],
      ['b', '[2]'],
    ]);
    expect(gjson.get('{"o":[1,2]}', 'o').entries).toEqual([]);
  });

  it('array() gives the elements, a scalar as itself, nothing for null or missing', () => {
    expect(gjson.get('{"a":[1, "x" ,{"b":2}]}', 'a').array).toEqual(['1', '"x"', '{"b":2}']);
    expect(gjson.get('{"a":"x"}', 'a').array).toEqual(['"x"']);
    expect(gjson.get('{"a":null}', 'a').array).toEqual([]);
    expect(gjson.get('{"a":1}', 'zz').array).toEqual([]);
  });

  it('Result.get continues from a sub-result with offsets in the whole document', () => {
    const doc = '{"x":{"y":{"z":"deep"}}}';
    const res = gjson.getThen(doc, 'x', 'y.z');
    expect(res.str).toBe('deep');
    expect(doc.slice(res.index, res.index + res.raw.length)).toBe('"deep"');
  });

  it('deep documents and paths resolve or give nothing, without trapping', async () => {
    const fresh = await loadGjsonWasm(binary);
    const deepArray = '['.repeat(50000) + ']'.repeat(50000);
    const deepObject = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
    expect(fresh.valid(deepArray)).toBe(true);
    expect(fresh.valid(deepArray + ']')).toBe(false);
    expect(fresh.get(deepArray, '0.0.0').raw.length).toBe(deepArray.length - 6);
    expect(fresh.get(deepObject, 'a.'.repeat(20) + 'a').raw.startsWith('{"a":')).toBe(true);
    // Beyond the recursion budget (150 levels) a lookup finds nothing.
    expect(fresh.get(deepObject, 'a.'.repeat(1999) + 'a').exists).toBe(false);
    expect(fresh.get('[1]', '0|'.repeat(5000) + '0').exists).toBe(false);
    // Nested multipaths stop at the budget: the innermost ones come out empty.
    const nested = fresh.get('{"a":1}', '{a:'.repeat(1000) + 'a' + '}'.repeat(1000)).raw;
    expect(nested.startsWith('{"a":{"a":')).toBe(true);
    expect(nested).not.toContain('1');
    // Modifiers that recurse over the document stop descending but still answer.
    expect(fresh.get(deepArray, '@pretty').raw.startsWith('[\n  [\n')).toBe(true);
    expect(fresh.get(deepArray, '@flatten:{"deep":true}').raw.startsWith('[')).toBe(true);
    expect(fresh.get(deepObject, '@dig:a|#').exists).toBe(true);
    // The instance is still healthy afterwards.
    expect(fresh.get('{"a":{"b":2}}', 'a.b').raw).toBe('2');
  });
});
