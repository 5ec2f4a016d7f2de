/**
 * Every function a template may call, with how many arguments it takes (a piped value counts as
 * the last argument). The Wasm executor implements exactly these (runtime/assembly/template/
 * functions/); the parser rejects any other name and any call with the wrong number of arguments.
 */
export interface FunctionSignature {
  min: number;
  /** -1: no upper bound. */
  max: number;
  group:
    | 'builtin'
    | 'strings'
    | 'math'
    | 'defaults'
    | 'encoding'
    | 'lists'
    | 'dicts'
    | 'dates'
    | 'regex'
    | 'random'
    | 'paths'
    | 'higress';
}

const sig = (min: number, max: number, group: FunctionSignature['group']): FunctionSignature => ({
  min,
  max,
  group,
});

export const FUNCTION_SIGNATURES: Readonly<Record<string, FunctionSignature>> = {
  // text/template builtins, as gjson_template implements them
  and: sig(1, -1, 'builtin'),
  or: sig(1, -1, 'builtin'),
  not: sig(1, 1, 'builtin'),
  len: sig(1, 1, 'builtin'),
  index: sig(1, -1, 'builtin'),
  print: sig(0, -1, 'builtin'),
  printf: sig(1, -1, 'builtin'),
  sprintf: sig(1, -1, 'builtin'),
  println: sig(0, -1, 'builtin'),
  urlquery: sig(1, 1, 'builtin'),
  html: sig(1, 1, 'builtin'),
  js: sig(1, 1, 'builtin'),
  call: sig(1, -1, 'builtin'),
  eq: sig(2, -1, 'builtin'),
  ne: sig(2, 2, 'builtin'),
  lt: sig(2, 2, 'builtin'),
  le: sig(2, 2, 'builtin'),
  gt: sig(2, 2, 'builtin'),
  ge: sig(2, 2, 'builtin'),
  gjson: sig(1, 1, 'builtin'),

  // Sprig: strings
  upper: sig(1, 1, 'strings'),
  lower: sig(1, 1, 'strings'),
  title: sig(1, 1, 'strings'),
  untitle: sig(1, 1, 'strings'),
  trim: sig(1, 1, 'strings'),
  trimPrefix: sig(2, 2, 'strings'),
  trimSuffix: sig(2, 2, 'strings'),
  trimAll: sig(2, 2, 'strings'),
  trimall: sig(2, 2, 'strings'),
  replace: sig(3, 3, 'strings'),
  contains: sig(2, 2, 'strings'),
  hasPrefix: sig(2, 2, 'strings'),
  hasSuffix: sig(2, 2, 'strings'),
  repeat: sig(2, 2, 'strings'),
  substr: sig(3, 3, 'strings'),
  trunc: sig(2, 2, 'strings'),
  abbrev: sig(2, 2, 'strings'),
  abbrevboth: sig(3, 3, 'strings'),
  quote: sig(0, -1, 'strings'),
  squote: sig(0, -1, 'strings'),
  cat: sig(0, -1, 'strings'),
  indent: sig(2, 2, 'strings'),
  nindent: sig(2, 2, 'strings'),
  wrap: sig(2, 2, 'strings'),
  wrapWith: sig(3, 3, 'strings'),
  splitList: sig(2, 2, 'strings'),
  split: sig(2, 2, 'strings'),
  splitn: sig(3, 3, 'strings'),
  join: sig(2, 2, 'strings'),
  toString: sig(1, 1, 'strings'),
  toStrings: sig(1, 1, 'strings'),
  nospace: sig(1, 1, 'strings'),
  initials: sig(1, 1, 'strings'),
  swapcase: sig(1, 1, 'strings'),
  snakecase: sig(1, 1, 'strings'),
  camelcase: sig(1, 1, 'strings'),
  kebabcase: sig(1, 1, 'strings'),
  plural: sig(3, 3, 'strings'),
  sortAlpha: sig(1, 1, 'strings'),
  shuffle: sig(1, 1, 'strings'),

  // Sprig: math
  add: sig(0, -1, 'math'),
  add1: sig(1, 1, 'math'),
  sub: sig(2, 2, 'math'),
  mul: sig(1, -1, 'math'),
  div: sig(2, 2, 'math'),
  mod: sig(2, 2, 'math'),
  max: sig(1, -1, 'math'),
  biggest: sig(1, -1, 'math'),
  min: sig(1, -1, 'math'),
  addf: sig(0, -1, 'math'),
  add1f: sig(1, 1, 'math'),
  subf: sig(1, -1, 'math'),
  mulf: sig(1, -1, 'math'),
  divf: sig(1, -1, 'math'),
  maxf: sig(1, -1, 'math'),
  minf: sig(1, -1, 'math'),
  floor: sig(1, 1, 'math'),
  ceil: sig(1, 1, 'math'),
  round: sig(2, 3, 'math'),
  atoi: sig(1, 1, 'math'),
  int: sig(1, 1, 'math'),
  int64: sig(1, 1, 'math'),
  float64: sig(1, 1, 'math'),
  seq: sig(0, -1, 'math'),
  until: sig(1, 1, 'math'),
  untilStep: sig(3, 3, 'math'),

  // Sprig: defaults and flow
  default: sig(1, -1, 'defaults'),
  empty: sig(1, 1, 'defaults'),
  coalesce: sig(0, -1, 'defaults'),
  all: sig(0, -1, 'defaults'),
  any: sig(0, -1, 'defaults'),
  compact: sig(1, 1, 'defaults'),
  ternary: sig(3, 3, 'defaults'),
  fail: sig(1, 1, 'defaults'),
  typeOf: sig(1, 1, 'defaults'),
  kindOf: sig(1, 1, 'defaults'),
  kindIs: sig(2, 2, 'defaults'),
  deepEqual: sig(2, 2, 'defaults'),
  deepCopy: sig(1, 1, 'defaults'),

  // Sprig: encoding
  b64enc: sig(1, 1, 'encoding'),
  b64dec: sig(1, 1, 'encoding'),
  b32enc: sig(1, 1, 'encoding'),
  b32dec: sig(1, 1, 'encoding'),
  toJson: sig(1, 1, 'encoding'),
  mustToJson: sig(1, 1, 'encoding'),
  toPrettyJson: sig(1, 1, 'encoding'),
  mustToPrettyJson: sig(1, 1, 'encoding'),
  toRawJson: sig(1, 1, 'encoding'),
  mustToRawJson: sig(1, 1, 'encoding'),
  fromJson: sig(1, 1, 'encoding'),
  mustFromJson: sig(1, 1, 'encoding'),
  sha1sum: sig(1, 1, 'encoding'),
  sha256sum: sig(1, 1, 'encoding'),
  adler32sum: sig(1, 1, 'encoding'),

  // Sprig: lists
  list: sig(0, -1, 'lists'),
  tuple: sig(0, -1, 'lists'),
  first: sig(1, 1, 'lists'),
  mustFirst: sig(1, 1, 'lists'),
  last: sig(1, 1, 'lists'),
  mustLast: sig(1, 1, 'lists'),
  rest: sig(1, 1, 'lists'),
  mustRest: sig(1, 1, 'lists'),
  initial: sig(1, 1, 'lists'),
  mustInitial: sig(1, 1, 'lists'),
  append: sig(2, 2, 'lists'),
  push: sig(2, 2, 'lists'),
  mustAppend: sig(2, 2, 'lists'),
  mustPush: sig(2, 2, 'lists'),
  prepend: sig(2, 2, 'lists'),
  mustPrepend: sig(2, 2, 'lists'),
  concat: sig(0, -1, 'lists'),
  uniq: sig(1, 1, 'lists'),
  mustUniq: sig(1, 1, 'lists'),
  has: sig(2, 2, 'lists'),
  mustHas: sig(2, 2, 'lists'),
  without: sig(1, -1, 'lists'),
  mustWithout: sig(1, -1, 'lists'),
  reverse: sig(1, 1, 'lists'),
  mustReverse: sig(1, 1, 'lists'),
  slice: sig(1, -1, 'lists'),
  mustSlice: sig(1, -1, 'lists'),
  chunk: sig(2, 2, 'lists'),
  mustChunk: sig(2, 2, 'lists'),
  mustCompact: sig(1, 1, 'lists'),

  // Sprig: dicts
  dict: sig(0, -1, 'dicts'),
  get: sig(2, 2, 'dicts'),
  set: sig(3, 3, 'dicts'),
  unset: sig(2, 2, 'dicts'),
  hasKey: sig(2, 2, 'dicts'),
  keys: sig(0, -1, 'dicts'),
  values: sig(1, 1, 'dicts'),
  pluck: sig(1, -1, 'dicts'),
  pick: sig(1, -1, 'dicts'),
  omit: sig(1, -1, 'dicts'),
  dig: sig(2, -1, 'dicts'),
  merge: sig(1, -1, 'dicts'),
  mustMerge: sig(1, -1, 'dicts'),
  mergeOverwrite: sig(1, -1, 'dicts'),
  mustMergeOverwrite: sig(1, -1, 'dicts'),

  // Sprig: dates
  now: sig(0, 0, 'dates'),
  date: sig(2, 2, 'dates'),
  dateInZone: sig(3, 3, 'dates'),
  date_in_zone: sig(3, 3, 'dates'),
  dateModify: sig(2, 2, 'dates'),
  date_modify: sig(2, 2, 'dates'),
  mustDateModify: sig(2, 2, 'dates'),
  must_date_modify: sig(2, 2, 'dates'),
  toDate: sig(2, 2, 'dates'),
  mustToDate: sig(2, 2, 'dates'),
  unixEpoch: sig(1, 1, 'dates'),
  duration: sig(1, 1, 'dates'),
  durationRound: sig(1, 1, 'dates'),
  ago: sig(1, 1, 'dates'),
  htmlDate: sig(1, 1, 'dates'),
  htmlDateInZone: sig(2, 2, 'dates'),

  // Sprig: regular expressions (RE2 syntax)
  regexMatch: sig(2, 2, 'regex'),
  mustRegexMatch: sig(2, 2, 'regex'),
  regexFind: sig(2, 2, 'regex'),
  mustRegexFind: sig(2, 2, 'regex'),
  regexFindAll: sig(3, 3, 'regex'),
  mustRegexFindAll: sig(3, 3, 'regex'),
  regexReplaceAll: sig(3, 3, 'regex'),
  mustRegexReplaceAll: sig(3, 3, 'regex'),
  regexReplaceAllLiteral: sig(3, 3, 'regex'),
  mustRegexReplaceAllLiteral: sig(3, 3, 'regex'),
  regexSplit: sig(3, 3, 'regex'),
  mustRegexSplit: sig(3, 3, 'regex'),
  regexQuoteMeta: sig(1, 1, 'regex'),

  // Sprig: random values (host random bytes)
  uuidv4: sig(0, 0, 'random'),
  randAlpha: sig(1, 1, 'random'),
  randAlphaNum: sig(1, 1, 'random'),
  randNumeric: sig(1, 1, 'random'),
  randAscii: sig(1, 1, 'random'),
  randInt: sig(2, 2, 'random'),

  // Sprig: paths
  base: sig(1, 1, 'paths'),
  dir: sig(1, 1, 'paths'),
  ext: sig(1, 1, 'paths'),
  clean: sig(1, 1, 'paths'),
  isAbs: sig(1, 1, 'paths'),

  // Higress's own template functions
  getRealIP: sig(0, 0, 'higress'),
  getSocketIP: sig(0, 0, 'higress'),
};

export function describeArity(s: FunctionSignature): string {
  if (s.max === -1) return `at least ${s.min}`;
  if (s.min === s.max) return `${s.min}`;
  return `${s.min} to ${s.max}`;
}
