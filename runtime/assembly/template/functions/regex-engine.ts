// A regular-expression engine for Go's RE2 syntax (the subset templates use: literals, classes,
// Perl classes, anchors, word boundaries, groups, named groups, alternation, greedy and lazy
// quantifiers, flags i, m, s). Matching is a bit-state backtracker: each (instruction, position)
// pair is explored once, so a match costs at most |program| × |text| steps — no exponential
// blowup — and the first match found is the leftmost-first match RE2 reports.

import { charge } from '../budget';
import { limitError } from '../errors';

const enum Op {
  Char = 0,
  Any = 1,
  AnyNotNL = 2,
  Class = 3,
  Split = 4,
  Jmp = 5,
  Save = 6,
  Assert = 7,
  Match = 8,
}

const enum AssertKind {
  BeginText = 0,
  EndText = 1,
  BeginLine = 2,
  EndLine = 3,
  WordBoundary = 4,
  NotWordBoundary = 5,
}

class Inst {
  op: Op;
  a: i32 = 0;
  b: i32 = 0;
  fold: bool = false;
  constructor(op: Op) {
    this.op = op;
  }
}

class CharClass {
  ranges: i32[] = []; // pairs lo, hi
  negated: bool = false;
  fold: bool = false;
  matches(c: i32): bool {
    let m = this.has(c);
    if (!m && this.fold) {
      const l = foldLower(c);
      const u = foldUpper(c);
      m = this.has(l) || this.has(u);
    }
    return this.negated ? !m : m;
  }
  private has(c: i32): bool {
    for (let i = 0; i < this.ranges.length; i += 2)
      if (c >= this.ranges[i] && c <= this.ranges[i + 1]) return true;
    return false;
  }
}

function foldLower(c: i32): i32 {
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c < 0x80 || c > 0xffff) return c;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}
function foldUpper(c: i32): i32 {
  if (c >= 0x61 && c <= 0x7a) return c - 32;
  if (c < 0x80 || c > 0xffff) return c;
  return String.fromCharCode(c).toUpperCase().charCodeAt(0);
}

function isWordChar(c: i32): bool {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f
  );
}

// ---- parsing to an AST ----

const enum NodeKind {
  Empty = 0,
  Char = 1,
  Any = 2,
  Class = 3,
  Concat = 4,
  Alt = 5,
  Repeat = 6,
  Group = 7,
  Assert = 8,
}

class RNode {
  kind: NodeKind;
  c: i32 = 0;
  fold: bool = false;
  dotNL: bool = false;
  cls: CharClass | null = null;
  subs: RNode[] = [];
  min: i32 = 0;
  max: i32 = -1;
  greedy: bool = true;
  capture: i32 = -1;
  assert: AssertKind = AssertKind.BeginText;
  constructor(kind: NodeKind) {
    this.kind = kind;
  }
}

export let compileError: string = '';

class Parser {
  s: i32[];
  i: i32 = 0;
  fold: bool = false;
  multiLine: bool = false;
  dotNL: bool = false;
  groups: i32 = 1;
  names: string[] = [''];
  failed: bool = false;

  constructor(s: i32[]) {
    this.s = s;
  }

  fail(msg: string): RNode {
    if (!this.failed) compileError = msg;
    this.failed = true;
    return new RNode(NodeKind.Empty);
  }

  more(): bool {
    return this.i < this.s.length;
  }
  peek(): i32 {
    return this.s[this.i];
  }

  parseAlt(): RNode {
    const alts = new Array<RNode>();
    alts.push(this.parseConcat());
    while (this.more() && this.peek() == 0x7c && !this.failed) {
      this.i++;
      alts.push(this.parseConcat());
    }
    if (alts.length == 1) return alts[0];
    const n = new RNode(NodeKind.Alt);
    n.subs = alts;
    return n;
  }

  parseConcat(): RNode {
    const items = new Array<RNode>();
    while (this.more() && !this.failed) {
      const c = this.peek();
      if (c == 0x7c || c == 0x29) break;
      let atom = this.parseAtom();
      if (atom === null) continue;
      atom = this.parseQuantifier(atom!);
      items.push(atom!);
    }
    const n = new RNode(NodeKind.Concat);
    n.subs = items;
    return n;
  }

  parseQuantifier(atom: RNode): RNode {
    while (this.more() && !this.failed) {
      const c = this.peek();
      let min = -1;
      let max = -1;
      if (c == 0x2a) {
        min = 0;
        max = -1;
        this.i++;
      } else if (c == 0x2b) {
        min = 1;
        max = -1;
        this.i++;
      } else if (c == 0x3f) {
        min = 0;
        max = 1;
        this.i++;
      } else if (c == 0x7b) {
        const save = this.i;
        this.i++;
        const lo = this.readNumber();
        if (lo < 0) {
          this.i = save;
          return atom;
        }
        let hi = lo;
        if (this.more() && this.peek() == 0x2c) {
          this.i++;
          hi = this.more() && this.peek() != 0x7d ? this.readNumber() : -1;
        }
        if (!this.more() || this.peek() != 0x7d) {
          this.i = save;
          return atom;
        }
        this.i++;
        if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo)) {
          this.fail('invalid repeat count');
          return atom;
        }
        min = lo;
        max = hi;
      } else return atom;
      if (atom.kind == NodeKind.Repeat && atom.subs.length == 1 && atom.capture == -2) {
        this.fail('invalid nested repetition operator');
        return atom;
      }
      const r = new RNode(NodeKind.Repeat);
      r.subs = [atom];
      r.min = min;
      r.max = max;
      r.capture = -2;
      if (this.more() && this.peek() == 0x3f) {
        r.greedy = false;
        this.i++;
      }
      atom = r;
    }
    return atom;
  }

  readNumber(): i32 {
    let n = -1;
    while (this.more() && this.peek() >= 0x30 && this.peek() <= 0x39) {
      n = (n < 0 ? 0 : n * 10) + (this.peek() - 0x30);
      this.i++;
      if (n > 100000) return 100000;
    }
    return n;
  }

  charNode(c: i32): RNode {
    const n = new RNode(NodeKind.Char);
    n.c = c;
    n.fold = this.fold;
    return n;
  }

  classNode(cls: CharClass): RNode {
    const n = new RNode(NodeKind.Class);
    cls.fold = this.fold;
    n.cls = cls;
    return n;
  }

  assertNode(k: AssertKind): RNode {
    const n = new RNode(NodeKind.Assert);
    n.assert = k;
    return n;
  }

  parseAtom(): RNode | null {
    const c = this.s[this.i++];
    switch (c) {
      case 0x2e: {
        const n = new RNode(NodeKind.Any);
        n.dotNL = this.dotNL;
        return n;
      }
      case 0x5e:
        return this.assertNode(this.multiLine ? AssertKind.BeginLine : AssertKind.BeginText);
      case 0x24:
        return this.assertNode(this.multiLine ? AssertKind.EndLine : AssertKind.EndText);
      case 0x5b:
        return this.classNode(this.parseClass());
      case 0x28:
        return this.parseGroup();
      case 0x5c:
        return this.parseEscape();
      case 0x2a:
      case 0x2b:
      case 0x3f:
        return this.fail('missing argument to repetition operator');
      case 0x29:
        return this.fail('unexpected )');
      default:
        return this.charNode(c);
    }
  }

  parseGroup(): RNode | null {
    let capture = -1;
    if (this.more() && this.peek() == 0x3f) {
      this.i++;
      // (?P<name>  (?<name>  (?:  (?flags)  (?flags:
      if (this.more() && (this.peek() == 0x50 || this.peek() == 0x3c)) {
        if (this.peek() == 0x50) this.i++;
        if (!this.more() || this.peek() != 0x3c) return this.fail('invalid named capture');
        this.i++;
        let name = '';
        while (this.more() && this.peek() != 0x3e) name += String.fromCodePoint(this.s[this.i++]);
        if (!this.more()) return this.fail('invalid named capture');
        this.i++;
        capture = this.groups++;
        this.names.push(name);
      } else {
        const saveFold = this.fold;
        const saveML = this.multiLine;
        const saveS = this.dotNL;
        let on = true;
        while (this.more()) {
          const f = this.s[this.i++];
          if (f == 0x69) this.fold = on;
          else if (f == 0x6d) this.multiLine = on;
          else if (f == 0x73) this.dotNL = on;
          else if (f == 0x55) {
            // ungreedy flag: unsupported
            return this.fail('unsupported flag U');
          } else if (f == 0x2d) on = false;
          else if (f == 0x29)
            return null; // flags apply to the rest of the group
          else if (f == 0x3a) {
            const inner = this.parseAlt();
            if (!this.more() || this.peek() != 0x29) return this.fail('missing closing )');
            this.i++;
            this.fold = saveFold;
            this.multiLine = saveML;
            this.dotNL = saveS;
            return inner;
          } else return this.fail('invalid or unsupported Perl syntax');
        }
        return this.fail('missing closing )');
      }
    } else {
      capture = this.groups++;
      this.names.push('');
    }
    const inner = this.parseAlt();
    if (!this.more() || this.peek() != 0x29) return this.fail('missing closing )');
    this.i++;
    const g = new RNode(NodeKind.Group);
    g.subs = [inner];
    g.capture = capture;
    return g;
  }

  perlClass(c: i32): CharClass | null {
    const cls = new CharClass();
    const lower = c | 0x20;
    if (lower == 0x64) cls.ranges = [0x30, 0x39];
    else if (lower == 0x77) cls.ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
    else if (lower == 0x73) cls.ranges = [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20];
    else return null;
    cls.negated = c != lower;
    return cls;
  }

  escapeChar(c: i32): i32 {
    switch (c) {
      case 0x6e:
        return 0x0a;
      case 0x74:
        return 0x09;
      case 0x72:
        return 0x0d;
      case 0x66:
        return 0x0c;
      case 0x76:
        return 0x0b;
      case 0x61:
        return 0x07;
      case 0x78: {
        // \xHH or \x{HHHH}
        let v = 0;
        if (this.more() && this.peek() == 0x7b) {
          this.i++;
          while (this.more() && this.peek() != 0x7d) v = v * 16 + hexVal(this.s[this.i++]);
          this.i++;
          return v;
        }
        for (let k = 0; k < 2 && this.more(); k++) v = v * 16 + hexVal(this.s[this.i++]);
        return v;
      }
      default:
        if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))
          return -1;
        return c;
    }
  }

  /** After \\p or \\P: reads {Name} or a one-letter name; null (failed) if unknown. */
  unicodeClass(negated: bool): CharClass | null {
    let name = '';
    if (this.more() && this.peek() == 0x7b) {
      this.i++;
      while (this.more() && this.peek() != 0x7d) name += String.fromCodePoint(this.s[this.i++]);
      if (!this.more()) {
        this.fail('invalid character class range');
        return null;
      }
      this.i++;
    } else if (this.more()) name = String.fromCodePoint(this.s[this.i++]);
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.substring(1);
    }
    const r = unicodeRanges(name);
    if (r.length == 0) {
      this.fail('invalid character class range: \\p{' + name + '}');
      return null;
    }
    const cls = new CharClass();
    cls.ranges = r;
    cls.negated = negated;
    return cls;
  }

  parseEscape(): RNode {
    if (!this.more()) return this.fail('trailing backslash at end of expression');
    const c = this.s[this.i++];
    if (c == 0x70 || c == 0x50) {
      const uc = this.unicodeClass(c == 0x50);
      return uc !== null ? this.classNode(uc) : new RNode(NodeKind.Empty);
    }
    const pc = this.perlClass(c);
    if (pc !== null) return this.classNode(pc);
    if (c == 0x62) return this.assertNode(AssertKind.WordBoundary);
    if (c == 0x42) return this.assertNode(AssertKind.NotWordBoundary);
    if (c == 0x41) return this.assertNode(AssertKind.BeginText);
    if (c == 0x7a) return this.assertNode(AssertKind.EndText);
    const e = this.escapeChar(c);
    if (e < 0) return this.fail('invalid escape sequence: \\' + String.fromCodePoint(c));
    return this.charNode(e);
  }

  parseClass(): CharClass {
    const cls = new CharClass();
    if (this.more() && this.peek() == 0x5e) {
      cls.negated = true;
      this.i++;
    }
    let first = true;
    while (this.more() && (this.peek() != 0x5d || first)) {
      first = false;
      let c = this.s[this.i++];
      if (c == 0x5b && this.more() && this.peek() == 0x3a) {
        // [:name:]
        let j = this.i + 1;
        let name = '';
        while (j < this.s.length && this.s[j] != 0x3a) name += String.fromCodePoint(this.s[j++]);
        if (j + 1 < this.s.length && this.s[j + 1] == 0x5d) {
          this.i = j + 2;
          const neg = name.startsWith('^');
          if (neg) name = name.substring(1);
          const r = posixRanges(name);
          if (r.length == 0) {
            this.fail('invalid character class range');
            return cls;
          }
          if (neg) {
            this.fail('negated POSIX classes are not supported');
            return cls;
          }
          for (let k = 0; k < r.length; k++) cls.ranges.push(r[k]);
          continue;
        }
      }
      if (c == 0x5c) {
        if (!this.more()) {
          this.fail('missing closing ]');
          return cls;
        }
        const e = this.s[this.i++];
        if (e == 0x70 || e == 0x50) {
          const uc = this.unicodeClass(e == 0x50);
          if (uc === null) return cls;
          const r = uc.negated ? complement(uc.ranges) : uc.ranges;
          for (let k = 0; k < r.length; k++) cls.ranges.push(r[k]);
          continue;
        }
        const pc = this.perlClass(e);
        if (pc !== null) {
          if (pc.negated) {
            // \D \W \S inside a class: add the complement ranges
            const comp = complement(pc.ranges);
            for (let k = 0; k < comp.length; k++) cls.ranges.push(comp[k]);
          } else for (let k = 0; k < pc.ranges.length; k++) cls.ranges.push(pc.ranges[k]);
          continue;
        }
        c = this.escapeChar(e);
        if (c < 0) {
          this.fail('invalid escape sequence: \\' + String.fromCodePoint(e));
          return cls;
        }
      }
      let hi = c;
      if (this.i + 1 < this.s.length && this.peek() == 0x2d && this.s[this.i + 1] != 0x5d) {
        this.i++;
        hi = this.s[this.i++];
        if (hi == 0x5c && this.more()) hi = this.escapeChar(this.s[this.i++]);
        if (hi < c) {
          this.fail('invalid character class range');
          return cls;
        }
      }
      cls.ranges.push(c);
      cls.ranges.push(hi);
    }
    if (!this.more()) {
      this.fail('missing closing ]');
      return cls;
    }
    this.i++;
    return cls;
  }
}

function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) return (c | 0x20) - 0x61 + 10;
  return 0;
}

function complement(r: i32[]): i32[] {
  const out = new Array<i32>();
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] > next) {
      out.push(next);
      out.push(r[i] - 1);
    }
    next = r[i + 1] + 1;
  }
  out.push(next);
  out.push(0x10ffff);
  return out;
}

/** Unicode scripts and categories for \\p{…}: script ranges; L, Lu, Ll, N, Nd approximated. */
function unicodeRanges(name: string): i32[] {
  if (name == 'Han')
    return [
      0x2e80, 0x2e99, 0x2e9b, 0x2ef3, 0x2f00, 0x2fd5, 0x3005, 0x3005, 0x3007, 0x3007, 0x3021,
      0x3029, 0x3038, 0x303b, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xf900, 0xfa6d, 0xfa70, 0xfad9,
      0x20000, 0x2a6df, 0x2a700, 0x2ebe0, 0x2f800, 0x2fa1d, 0x30000, 0x3134a,
    ];
  if (name == 'Hiragana') return [0x3041, 0x3096, 0x309d, 0x309f];
  if (name == 'Katakana')
    return [0x30a1, 0x30fa, 0x30fd, 0x30ff, 0x31f0, 0x31ff, 0xff66, 0xff6f, 0xff71, 0xff9d];
  if (name == 'Hangul') return [0x1100, 0x11ff, 0x3131, 0x318e, 0xac00, 0xd7a3];
  if (name == 'Latin')
    return [
      0x41, 0x5a, 0x61, 0x7a, 0xaa, 0xaa, 0xba, 0xba, 0xc0, 0xd6, 0xd8, 0xf6, 0xf8, 0x24f, 0x1e00,
      0x1eff, 0xff21, 0xff3a, 0xff41, 0xff5a,
    ];
  if (name == 'Greek')
    return [0x370, 0x373, 0x375, 0x377, 0x37a, 0x37d, 0x384, 0x3ff, 0x1f00, 0x1ffe];
  if (name == 'Cyrillic') return [0x400, 0x52f, 0x1c80, 0x1c88, 0x2de0, 0x2dff, 0xa640, 0xa69f];
  if (name == 'Arabic')
    return [0x600, 0x604, 0x606, 0x6ff, 0x750, 0x77f, 0x8a0, 0x8ff, 0xfb50, 0xfdff, 0xfe70, 0xfefc];
  if (name == 'Nd' || name == 'N')
    return [0x30, 0x39, 0x660, 0x669, 0x6f0, 0x6f9, 0x966, 0x96f, 0xff10, 0xff19];
  if (name == 'Lu')
    return [0x41, 0x5a, 0xc0, 0xd6, 0xd8, 0xde, 0x391, 0x3a9, 0x410, 0x42f, 0xff21, 0xff3a];
  if (name == 'Ll')
    return [0x61, 0x7a, 0xdf, 0xf6, 0xf8, 0xff, 0x3b1, 0x3c9, 0x430, 0x44f, 0xff41, 0xff5a];
  if (name == 'L') {
    const out = new Array<i32>();
    const names = ['Latin', 'Greek', 'Cyrillic', 'Arabic', 'Han', 'Hiragana', 'Katakana', 'Hangul'];
    for (let i = 0; i < names.length; i++) {
      const r = unicodeRanges(names[i]);
      for (let k = 0; k < r.length; k++) out.push(r[k]);
    }
    return out;
  }
  return [];
}

function posixRanges(name: string): i32[] {
  if (name == 'alpha') return [0x41, 0x5a, 0x61, 0x7a];
  if (name == 'digit') return [0x30, 0x39];
  if (name == 'alnum') return [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a];
  if (name == 'space') return [0x09, 0x0d, 0x20, 0x20];
  if (name == 'upper') return [0x41, 0x5a];
  if (name == 'lower') return [0x61, 0x7a];
  if (name == 'punct') return [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e];
  if (name == 'xdigit') return [0x30, 0x39, 0x41, 0x46, 0x61, 0x66];
  if (name == 'word') return [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
  if (name == 'blank') return [0x09, 0x09, 0x20, 0x20];
  if (name == 'cntrl') return [0x00, 0x1f, 0x7f, 0x7f];
  if (name == 'print') return [0x20, 0x7e];
  if (name == 'graph') return [0x21, 0x7e];
  if (name == 'ascii') return [0x00, 0x7f];
  return [];
}

// ---- compiling to instructions ----

export class Regex {
  prog: Inst[] = [];
  classes: CharClass[] = [];
  groups: i32 = 1;
  names: string[] = [];
  /** Visited marks of (instruction, position) pairs, stamped with the search's generation so
   * successive searches over the same subject (FindAll, ReplaceAll) reuse them without clearing. */
  stamps: StaticArray<u32> | null = null;
  stampSubject: Subject | null = null;
  generation: u32 = 0;
}

/** Searches explore at most this many (instruction, position) pairs: 16 Mi (64 MiB of marks). */
const MAX_CELLS: i64 = 1 << 24;

function emit(re: Regex, op: Op): i32 {
  re.prog.push(new Inst(op));
  return re.prog.length - 1;
}

function compileNode(re: Regex, n: RNode): void {
  switch (n.kind) {
    case NodeKind.Empty:
      return;
    case NodeKind.Char: {
      const i = emit(re, Op.Char);
      re.prog[i].a = n.fold ? foldLower(n.c) : n.c;
      re.prog[i].fold = n.fold;
      return;
    }
    case NodeKind.Any:
      emit(re, n.dotNL ? Op.Any : Op.AnyNotNL);
      return;
    case NodeKind.Class: {
      const i = emit(re, Op.Class);
      re.prog[i].a = re.classes.length;
      re.classes.push(n.cls!);
      return;
    }
    case NodeKind.Assert: {
      const i = emit(re, Op.Assert);
      re.prog[i].a = <i32>n.assert;
      return;
    }
    case NodeKind.Concat:
      for (let k = 0; k < n.subs.length; k++) compileNode(re, n.subs[k]);
      return;
    case NodeKind.Alt: {
      const jumps = new Array<i32>();
      for (let k = 0; k < n.subs.length; k++) {
        if (k < n.subs.length - 1) {
          const split = emit(re, Op.Split);
          re.prog[split].a = split + 1;
          compileNode(re, n.subs[k]);
          jumps.push(emit(re, Op.Jmp));
          re.prog[split].b = re.prog.length;
        } else compileNode(re, n.subs[k]);
      }
      for (let k = 0; k < jumps.length; k++) re.prog[jumps[k]].a = re.prog.length;
      return;
    }
    case NodeKind.Group: {
      if (n.capture >= 0) {
        const s = emit(re, Op.Save);
        re.prog[s].a = n.capture * 2;
      }
      compileNode(re, n.subs[0]);
      if (n.capture >= 0) {
        const e = emit(re, Op.Save);
        re.prog[e].a = n.capture * 2 + 1;
      }
      return;
    }
    case NodeKind.Repeat: {
      const sub = n.subs[0];
      for (let k = 0; k < n.min; k++) compileNode(re, sub);
      if (n.max == -1) {
        // x*: L: split(body, out); body; jmp L
        const split = emit(re, Op.Split);
        compileNode(re, sub);
        const j = emit(re, Op.Jmp);
        re.prog[j].a = split;
        const out = re.prog.length;
        if (n.greedy) {
          re.prog[split].a = split + 1;
          re.prog[split].b = out;
        } else {
          re.prog[split].a = out;
          re.prog[split].b = split + 1;
        }
      } else {
        const splits = new Array<i32>();
        for (let k = n.min; k < n.max; k++) {
          splits.push(emit(re, Op.Split));
          compileNode(re, sub);
        }
        const out = re.prog.length;
        for (let k = 0; k < splits.length; k++) {
          const s = splits[k];
          if (n.greedy) {
            re.prog[s].a = s + 1;
            re.prog[s].b = out;
          } else {
            re.prog[s].a = out;
            re.prog[s].b = s + 1;
          }
        }
      }
      return;
    }
  }
}

function codePoints(s: string): i32[] {
  const out = new Array<i32>();
  for (let i = 0; i < s.length;) {
    const c = s.codePointAt(i);
    out.push(c);
    i += c > 0xffff ? 2 : 1;
  }
  return out;
}

/** Compiles a pattern; null (with compileError set) when it is invalid. */
export function compileRegex(pattern: string): Regex | null {
  compileError = '';
  const p = new Parser(codePoints(pattern));
  const ast = p.parseAlt();
  if (!p.failed && p.more()) p.fail('unexpected )');
  if (p.failed) return null;
  const re = new Regex();
  re.groups = p.groups;
  re.names = p.names;
  const s0 = emit(re, Op.Save);
  re.prog[s0].a = 0;
  compileNode(re, ast);
  const s1 = emit(re, Op.Save);
  re.prog[s1].a = 1;
  emit(re, Op.Match);
  if (re.prog.length > 20000) {
    compileError = 'expression too large';
    return null;
  }
  return re;
}

// ---- matching ----

/** Text prepared for matching: code points and their UTF-16 offsets. */
export class Subject {
  cps: i32[];
  offsets: i32[]; // offsets[k]: UTF-16 offset of code point k; offsets[n] = length
  text: string;
  constructor(text: string) {
    this.text = text;
    this.cps = new Array<i32>();
    this.offsets = new Array<i32>();
    for (let i = 0; i < text.length;) {
      const c = text.codePointAt(i);
      this.cps.push(c);
      this.offsets.push(i);
      i += c > 0xffff ? 2 : 1;
    }
    this.offsets.push(text.length);
  }
}

function assertOk(kind: i32, s: Subject, sp: i32): bool {
  const n = s.cps.length;
  switch (kind) {
    case AssertKind.BeginText:
      return sp == 0;
    case AssertKind.EndText:
      return sp == n;
    case AssertKind.BeginLine:
      return sp == 0 || s.cps[sp - 1] == 0x0a;
    case AssertKind.EndLine:
      return sp == n || s.cps[sp] == 0x0a;
    default: {
      const before = sp > 0 && isWordChar(s.cps[sp - 1]);
      const after = sp < n && isWordChar(s.cps[sp]);
      return kind == AssertKind.WordBoundary ? before != after : before == after;
    }
  }
}

/**
 * Finds the leftmost-first match starting at or after position start (in code points).
 * Returns the capture slots (code point positions, -1 unset) or null.
 */
export function matchAt(re: Regex, s: Subject, start: i32): i32[] | null {
  const n = s.cps.length;
  const plen = re.prog.length;
  const width = n + 1;
  const cells = <i64>plen * <i64>width;
  if (cells > MAX_CELLS)
    limitError(
      'regular expression too large for its input: ' +
        plen.toString() +
        ' instructions over ' +
        n.toString() +
        ' characters',
    );
  if (re.stamps === null || re.stampSubject !== s) {
    charge(cells >> 6);
    re.stamps = new StaticArray<u32>(<i32>cells);
    re.stampSubject = s;
    re.generation = 0;
  }
  re.generation++;
  const gen = re.generation;
  const visited = re.stamps!;
  const nslots = re.groups * 2;
  // explicit stack: entries of (pc, sp) or a capture restore (pc = -1 - slot, sp = old value)
  const stackPc = new Array<i32>();
  const stackSp = new Array<i32>();
  for (let st = start; st <= n; st++) {
    const caps = new Array<i32>(nslots).fill(-1);
    stackPc.push(0);
    stackSp.push(st);
    while (stackPc.length > 0) {
      let pc = stackPc.pop();
      let sp = stackSp.pop();
      if (pc < 0) {
        caps[-1 - pc] = sp;
        continue;
      }
      for (;;) {
        const key = <i32>(<i64>pc * <i64>width + <i64>sp);
        if (unchecked(visited[key]) == gen) break;
        unchecked((visited[key] = gen));
        charge(1);
        const inst = re.prog[pc];
        let ok = false;
        switch (inst.op) {
          case Op.Char:
            if (sp < n) {
              const c = s.cps[sp];
              ok = inst.fold
                ? foldLower(c) == inst.a || foldUpper(c) == foldUpper(inst.a)
                : c == inst.a;
            }
            if (ok) {
              sp++;
              pc++;
              continue;
            }
            break;
          case Op.Any:
            if (sp < n) {
              sp++;
              pc++;
              continue;
            }
            break;
          case Op.AnyNotNL:
            if (sp < n && s.cps[sp] != 0x0a) {
              sp++;
              pc++;
              continue;
            }
            break;
          case Op.Class:
            if (sp < n && re.classes[inst.a].matches(s.cps[sp])) {
              sp++;
              pc++;
              continue;
            }
            break;
          case Op.Split:
            stackPc.push(inst.b);
            stackSp.push(sp);
            pc = inst.a;
            continue;
          case Op.Jmp:
            pc = inst.a;
            continue;
          case Op.Save:
            if (inst.a < nslots) {
              stackPc.push(-1 - inst.a);
              stackSp.push(caps[inst.a]);
              caps[inst.a] = sp;
            }
            pc++;
            continue;
          case Op.Assert:
            if (assertOk(inst.a, s, sp)) {
              pc++;
              continue;
            }
            break;
          case Op.Match:
            return caps;
        }
        break;
      }
    }
    // Patterns anchored at the text start cannot match later.
    if (re.prog.length > 1 && re.prog[1].op == Op.Assert && re.prog[1].a == AssertKind.BeginText)
      break;
  }
  return null;
}
