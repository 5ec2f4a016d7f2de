// Seeded random gjson cases for the oracle table: random documents (valid,
// oddly spaced, or damaged) and random paths built from gjson's syntax. The
// seed is fixed so the table is reproducible.
import type { OracleCase } from './cases.ts';

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'c', 'name', 'a.b', 'x y', 'é', 'k*', 'n1', '', 'q"'];
const STRINGS = [
  'x',
  'abc',
  'a"b',
  'back\\slash',
  'line\nbreak',
  'é',
  '😀',
  'tab\t',
  'Abc',
  'a*',
  '',
  '1',
  'true',
];
const NUMBERS = [
  '0',
  '1',
  '-1',
  '2.5',
  '1e3',
  '-0.5',
  '12345678901234567890',
  '1.0',
  '3.14159',
  '7',
];

export function fuzzCases(count: number, seed: number): OracleCase[] {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const ws = () => (rnd() < 0.2 ? pick([' ', '\n', '  ', '\t']) : '');

  function value(depth: number): string {
    const r = rnd();
    if (depth > 3 || r < 0.35) {
      const s = rnd();
      if (s < 0.35) return pick(NUMBERS);
      if (s < 0.75) return JSON.stringify(pick(STRINGS));
      return pick(['true', 'false', 'null']);
    }
    if (r < 0.65) {
      const n = Math.floor(rnd() * 5);
      const items = Array.from({ length: n }, () => ws() + value(depth + 1) + ws());
      return '[' + items.join(',') + ']';
    }
    const n = Math.floor(rnd() * 5);
    const members = Array.from(
      { length: n },
      () => ws() + JSON.stringify(pick(KEYS)) + ws() + ':' + ws() + value(depth + 1),
    );
    return '{' + members.join(',') + '}';
  }

  function document(): string {
    let doc =
      rnd() < 0.6
        ? '{' +
          Array.from(
            { length: 1 + Math.floor(rnd() * 5) },
            () => JSON.stringify(pick(KEYS)) + ':' + value(1),
          ).join(',') +
          '}'
        : value(0);
    const damage = rnd();
    if (damage < 0.1 && doc.length > 2) doc = doc.slice(0, Math.floor(rnd() * doc.length));
    else if (damage < 0.18 && doc.length > 2) {
      const at = Math.floor(rnd() * doc.length);
      doc = doc.slice(0, at) + doc.slice(at + 1);
    }
    return doc;
  }

  function key(): string {
    const k = pick(KEYS);
    return k.replace(/[.|#@*?\\]/g, (c) => '\\' + c);
  }

  function component(): string {
    const r = rnd();
    if (r < 0.3) return key();
    if (r < 0.45) return String(Math.floor(rnd() * 4));
    if (r < 0.5) return '#';
    if (r < 0.55) return pick(['*', '?', 'a*', '*e', 'n?', 'k\\*']);
    if (r < 0.7) {
      const field = rnd() < 0.5 ? key() + ' ' : '';
      const op = pick(['==', '!=', '<', '>', '<=', '>=', '%', '!%', '=']);
      const v = pick([
        '1',
        '2.5',
        '"x"',
        '"a*"',
        'true',
        'false',
        'null',
        '"abc"',
        '~true',
        '~false',
        '~null',
        '~*',
        '-1',
      ]);
      const q = rnd() < 0.15 ? `#(${key()})` : `#(${field}${op}${v})`;
      return q + (rnd() < 0.5 ? '#' : '');
    }
    if (r < 0.78) return '#.' + key();
    if (r < 0.9)
      return pick([
        '@reverse',
        '@keys',
        '@values',
        '@this',
        '@flatten',
        '@ugly',
        '@join',
        '@valid',
        '@tostr',
        '@fromstr',
        '@group',
        '@flatten:{"deep":true}',
        '@dig:a',
      ]);
    if (r < 0.95) return '{' + key() + ',' + key() + '}';
    return '[' + key() + ',' + String(Math.floor(rnd() * 3)) + ']';
  }

  function path(): string {
    const n = 1 + Math.floor(rnd() * 4);
    let p = component();
    for (let k = 1; k < n; k++) {
      const c = component();
      p += (c.startsWith('@') || rnd() < 0.25 ? '|' : '.') + c;
    }
    if (rnd() < 0.05) p = '..' + p;
    return p;
  }

  const esc = (k: string) => k.replace(/[.|#@*?\\]/g, (c) => '\\' + c);
  const literal = (v: unknown): string =>
    typeof v === 'string'
      ? JSON.stringify(v)
      : typeof v === 'number' || typeof v === 'boolean' || v === null
        ? String(v)
        : '1';

  /** A path that mostly follows the document's real structure. */
  function walkPath(root: unknown): string {
    const parts: string[] = [];
    let v: unknown = root;
    for (let depth = 0; depth < 5; depth++) {
      if (Array.isArray(v)) {
        if (v.length === 0 || rnd() < 0.1) {
          parts.push(pick(['#', '0', '#.a']));
          break;
        }
        const r = rnd();
        const el = v[Math.floor(rnd() * v.length)];
        if (r < 0.35) {
          const i = Math.floor(rnd() * (v.length + 1));
          parts.push(String(i));
          v = v[i];
        } else if (r < 0.5) {
          parts.push('#');
          break;
        } else if (r < 0.65 && el && typeof el === 'object' && !Array.isArray(el)) {
          const k = pick(Object.keys(el).concat(['zz']));
          parts.push('#.' + esc(k));
          if (rnd() < 0.5) break;
          v = (el as Record<string, unknown>)[k];
        } else {
          const op = pick(['==', '!=', '<', '>', '<=', '>=', '%', '!%']);
          let q: string;
          if (el && typeof el === 'object' && !Array.isArray(el) && Object.keys(el).length > 0) {
            const k = pick(Object.keys(el));
            const target = (el as Record<string, unknown>)[k];
            q = `#(${esc(k)}${op}${literal(target)})`;
          } else {
            q = `#(${op}${literal(el)})`;
          }
          const all = rnd() < 0.5;
          parts.push(q + (all ? '#' : ''));
          if (all || rnd() < 0.5) break;
          v = el;
        }
      } else if (v && typeof v === 'object') {
        const keys = Object.keys(v);
        if (keys.length === 0) {
          parts.push(pick(['a', '*', '@keys']));
          break;
        }
        const k = pick(keys);
        const r = rnd();
        if (r < 0.1) parts.push(k.length > 0 ? esc(k).slice(0, -1) + '?' : '*');
        else if (r < 0.15) parts.push('*');
        else parts.push(esc(k));
        v = (v as Record<string, unknown>)[k];
      } else {
        break;
      }
    }
    let p = parts.join('.');
    const tail = rnd();
    if (tail < 0.25)
      p +=
        '|' +
        pick([
          '@reverse',
          '@keys',
          '@values',
          '@this',
          '@flatten',
          '@ugly',
          '@pretty',
          '@tostr',
          '@join',
          '#',
          '0',
        ]);
    else if (tail < 0.32) p = '{' + p + ',' + path() + '}';
    else if (tail < 0.37) p = '[' + p + ']';
    return p === '' ? '@this' : p;
  }

  const cases: OracleCase[] = [];
  while (cases.length < count) {
    const json = document();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(json);
    } catch {
      parsed = undefined;
    }
    for (let k = 0; k < 4 && cases.length < count; k++) {
      const structured = parsed !== undefined && rnd() < 0.7;
      cases.push({ name: 'fuzz', json, path: structured ? walkPath(parsed) : path() });
    }
  }
  return cases;
}

/**
 * Paths made of random gjson tokens (keys, separators, brackets, operators,
 * modifiers, escapes) over the given realistic documents.
 */
export function tokenCases(count: number, seed: number, docs: string[]): OracleCase[] {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const tokens = [
    'name',
    'first',
    'friends',
    'children',
    'age',
    'nets',
    'last',
    'people',
    'vals',
    'tags',
    'kids',
    'items',
    'a',
    '0',
    '1',
    '2',
    '#',
    '*',
    '?',
    '.',
    '.',
    '.',
    '|',
    '|',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    '==',
    '=',
    '!=',
    '<',
    '>',
    '%',
    '!%',
    '"',
    '"Murphy"',
    '"fb"',
    '\\',
    '@reverse',
    '@this',
    '@keys',
    '@pretty',
    '@join',
    '@flatten',
    '@dig:first',
    '@tostr',
    '@fromstr',
    '@valid',
    ':',
    ',',
    '!true',
    '!',
    '~true',
    '~*',
    '44',
    '-1',
    ' ',
    'é',
    '😀',
    '..',
    '#(',
    '#(age>4',
    ')#',
    'null',
    'true',
  ];
  const cases: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(rnd() * 8);
    let path = '';
    for (let k = 0; k < n; k++) path += pick(tokens);
    cases.push({ name: 'tokens', json: pick(docs), path });
  }
  return cases;
}

/** Scalars and near-scalars made of random number, string and literal fragments: Parse, a member, an element. */
export function scalarCases(count: number, seed: number): OracleCase[] {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const fragments = [
    ' ',
    '"',
    '\\',
    'u',
    '00e9',
    'd83d',
    'ude00',
    'n',
    'null',
    'nan',
    'tru',
    'true',
    'false',
    'f',
    '1',
    '-',
    '+',
    '.',
    'e',
    '5',
    '0x1p3',
    'inf',
    'Infinity',
    '[',
    ']',
    '{',
    '}',
    ':',
    ',',
    'a',
    'é',
    '1e400',
    '9223372036854775808',
    '12.5',
  ];
  const cases: OracleCase[] = [];
  while (cases.length < count) {
    let text = '';
    const n = 1 + Math.floor(rnd() * 6);
    for (let k = 0; k < n; k++) text += pick(fragments);
    cases.push({ name: 'scalars', json: text, path: '', mode: 'parse' });
    cases.push({ name: 'scalars', json: '{"v":' + text + '}', path: 'v' });
    cases.push({ name: 'scalars', json: '[' + text + ']', path: '0' });
  }
  return cases;
}
