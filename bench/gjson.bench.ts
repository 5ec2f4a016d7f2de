// The AssemblyScript gjson library (compiled to Wasm) against JavaScript's JSON.parse + property
// access, in µs per call, measured in the same run: a lookup deep in a 1 MB document and a
// `#.field` projection over 10 000 items. The Wasm rows are given twice: with the document
// already in the module's memory (the cost of the lookup itself), and including the copy of
// the document into the module (what a response costs once per call).
import { loadGjsonWasm } from '../runtime/test/support/gjson-wasm.ts';

function makeDocument(items: number) {
  return {
    total: items,
    page: 1,
    data: {
      items: Array.from({ length: items }, (_, i) => ({
        id: i,
        name: `item ${i}`,
        price: Math.round(i * 137.5) / 100,
        tags: ['a', 'b', 'c'],
        owner: {
          login: `user${i % 50}`,
          profile: { address: { city: `city ${i % 7}`, zip: `${10000 + i}` } },
        },
      })),
    },
  };
}

/** µs per call: the best of five trials of at least 400 ms each (the machines are shared and noisy). */
function measure(run: () => unknown, trials = 5, minMs = 400): number {
  for (let i = 0; i < 3; i++) run();
  let best = Infinity;
  for (let t = 0; t < trials; t++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < minMs) {
      run();
      n++;
    }
    best = Math.min(best, ((performance.now() - start) * 1000) / n);
  }
  return best;
}

const gjson = await loadGjsonWasm();
const doc1m = JSON.stringify(makeDocument(6500));
const doc10k = JSON.stringify(makeDocument(10000));
type Doc = ReturnType<typeof makeDocument>;

const deepPath = 'data.items.6499.owner.profile.address.city';
const deepJs = (text: string) =>
  (JSON.parse(text) as Doc).data.items[6499]!.owner.profile.address.city;
const projection = 'data.items.#.id';
const projectionJs = (text: string) =>
  JSON.stringify((JSON.parse(text) as Doc).data.items.map((e) => e.id));

// The answers must agree before anything is timed.
if (JSON.parse(gjson.getRaw(doc1m, deepPath)) !== deepJs(doc1m))
  throw new Error('deep lookup disagrees');
if (gjson.getRaw(doc10k, projection) !== projectionJs(doc10k))
  throw new Error('projection disagrees');

const pinned1m = gjson.pin(doc1m);
const pinned10k = gjson.pin(doc10k);

const rows = [
  {
    name: `deep lookup \`${deepPath}\`, ${(doc1m.length / 1e6).toFixed(2)} MB`,
    wasm: measure(() => gjson.getRawPinned(pinned1m, deepPath)),
    wasmCopy: measure(() => gjson.getRaw(doc1m, deepPath)),
    js: measure(() => deepJs(doc1m)),
  },
  {
    name: `projection \`${projection}\` over 10 000 items, ${(doc10k.length / 1e6).toFixed(2)} MB`,
    wasm: measure(() => gjson.getRawPinned(pinned10k, projection)),
    wasmCopy: measure(() => gjson.getRaw(doc10k, projection)),
    js: measure(() => projectionJs(doc10k)),
  },
];

console.log(
  '| case | Wasm gjson µs/call (document in memory) | Wasm gjson µs/call (with copy in) | JSON.parse + access µs/call | ratio (in memory / with copy) to JS |',
);
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.wasm.toFixed(1)} | ${r.wasmCopy.toFixed(1)} | ${r.js.toFixed(1)} | ${(r.wasm / r.js).toFixed(2)}x / ${(r.wasmCopy / r.js).toFixed(2)}x |`,
  );
}
