// The template executor: walks a decoded program against a JSON document, writing the output.
// Semantics follow gjson_template (Go text/template where values are gjson results); docs/
// templates.md lists where we differ on purpose.

import { get } from '../gjson/index';
import { Builder } from './builder';
import { charge, resetBudget } from './budget';
import { at, execError, limitError } from './errors';
import { callFunction, Fn } from './functions/registry';
import { Arg, ArgType, Command, Node, NodeType, Pipe, Program } from './program';
import {
  EMPTY_STRING,
  Kind,
  MISSING,
  NULL,
  Value,
  asList,
  fromResult,
  printString,
  toJSON,
  truth,
  goString,
  containerResult,
} from './value';
import { parse } from '../gjson/index';

const enum Control {
  None = 0,
  Break = 1,
  Continue = 2,
}

export const MAX_TEMPLATE_DEPTH: i32 = 1000;

export class ExecOptions {
  maxSteps: i64 = 10000000;
  maxOutputBytes: i64 = 4 * 1024 * 1024;
}

let program: Program = new Program();
let out: Builder = new Builder();
let control: Control = Control.None;
let depth: i32 = 0;
let frame: Value[] = [];

export function execute(p: Program, data: Value, options: ExecOptions): string {
  program = p;
  out = new Builder(1024);
  out.limit = options.maxOutputBytes;
  resetBudget(options.maxSteps, options.maxOutputBytes);
  control = Control.None;
  depth = 0;
  const main = p.templates[0];
  frame = new Array<Value>(main.slots).fill(MISSING);
  frame[0] = data;
  walkList(data, main.root);
  return out.toString();
}

function walkList(dot: Value, list: Node[]): void {
  for (let i = 0, n = list.length; i < n; i++) {
    walk(dot, unchecked(list[i]));
    if (control != Control.None) return;
  }
}

function walk(dot: Value, node: Node): void {
  charge(1);
  switch (node.type) {
    case NodeType.Text:
      out.append(node.text);
      return;
    case NodeType.Action: {
      at(node.line, node.column);
      const pipe = node.pipe!;
      const v = evalPipeline(dot, pipe);
      if (pipe.decl.length == 0) out.append(printString(v));
      return;
    }
    case NodeType.If:
    case NodeType.With: {
      at(node.line, node.column);
      const v = evalPipeline(dot, node.pipe!);
      if (truth(v)) walkList(node.type == NodeType.With ? v : dot, node.list!);
      else if (node.elseList !== null) walkList(dot, node.elseList!);
      return;
    }
    case NodeType.Range:
      walkRange(dot, node);
      return;
    case NodeType.Template:
      walkTemplate(dot, node);
      return;
    case NodeType.Break:
      control = Control.Break;
      return;
    case NodeType.Continue:
      control = Control.Continue;
      return;
  }
}

/** One iteration; returns false when the loop must stop (break). */
function iteration(node: Node, key: Value, elem: Value): bool {
  charge(1);
  const decl = node.pipe!.decl;
  if (decl.length == 1) frame[decl[0]] = elem;
  else if (decl.length == 2) {
    frame[decl[0]] = key;
    frame[decl[1]] = elem;
  }
  return iterationBody(node, elem);
}

/** An iteration over an array: the index value is built only when a variable receives it. */
function indexIteration(node: Node, index: i32, elem: Value): bool {
  charge(1);
  const decl = node.pipe!.decl;
  if (decl.length == 1) frame[decl[0]] = elem;
  else if (decl.length == 2) {
    frame[decl[0]] = Value.int(index);
    frame[decl[1]] = elem;
  }
  return iterationBody(node, elem);
}

function iterationBody(node: Node, elem: Value): bool {
  walkList(elem, node.list!);
  if (control == Control.Break) {
    control = Control.None;
    return false;
  }
  if (control == Control.Continue) control = Control.None;
  return true;
}

function walkRange(dot: Value, node: Node): void {
  at(node.line, node.column);
  const pipe = node.pipe!;
  const v = evalPipelineValue(dot, pipe);
  switch (v.kind) {
    case Kind.Json: {
      const r = containerResult(v);
      if (r.isArray()) {
        const items = r.array();
        if (items.length == 0) break;
        for (let i = 0; i < items.length; i++) {
          if (!indexIteration(node, i, fromResult(unchecked(items[i])))) return;
        }
        return;
      }
      const entries = r.entries();
      if (entries.length == 0) break;
      for (let i = 0; i < entries.length; i++) {
        const e = unchecked(entries[i]);
        if (!iteration(node, Value.string(e.key), fromResult(e.value))) return;
      }
      return;
    }
    case Kind.List: {
      const items = v.items!;
      if (items.length == 0) break;
      for (let i = 0; i < items.length; i++) {
        if (!indexIteration(node, i, unchecked(items[i]))) return;
      }
      return;
    }
    case Kind.Dict: {
      const keys = v.sortedKeys();
      if (keys.length == 0) break;
      for (let i = 0; i < keys.length; i++) {
        if (!iteration(node, Value.string(keys[i]), v.dictGet(keys[i])!)) return;
      }
      return;
    }
    case Kind.Number: {
      if (pipe.decl.length > 1)
        execError("can't use " + v.raw + ' to iterate over more than one variable');
      const n = <i64>v.num;
      if (n <= 0) break;
      for (let i: i64 = 0; i < n; i++) {
        const iv = Value.int(i);
        if (!iteration(node, iv, iv)) return;
      }
      return;
    }
    case Kind.String: {
      const s = v.str;
      if (s.length == 0) break;
      // Go ranges over the runes of the string; the key is the byte offset of each rune.
      let offset = 0;
      for (let i = 0; i < s.length;) {
        const cp = s.codePointAt(i);
        const units = cp > 0xffff ? 2 : 1;
        const ch = Value.string(s.substr(i, units));
        if (!iteration(node, Value.int(offset), ch)) return;
        offset += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        i += units;
      }
      return;
    }
    case Kind.Missing:
    case Kind.Null:
      // gjson_template: a missing value is neither array nor object; it cannot be ranged over.
      break;
    default:
      execError("range can't iterate over " + goString(v));
  }
  if (node.elseList !== null) walkList(dot, node.elseList!);
}

/** A range pipeline is evaluated without its declarations (they are set per iteration). */
function evalPipelineValue(dot: Value, pipe: Pipe): Value {
  let value: Value = MISSING;
  const cmds = pipe.cmds;
  for (let i = 0, n = cmds.length; i < n; i++)
    value = evalCommand(dot, unchecked(cmds[i]), value, i > 0);
  return value;
}

function walkTemplate(dot: Value, node: Node): void {
  at(node.line, node.column);
  if (depth >= MAX_TEMPLATE_DEPTH)
    limitError('exceeded maximum template depth (' + MAX_TEMPLATE_DEPTH.toString() + ')');
  const newDot = node.pipe !== null ? evalPipeline(dot, node.pipe!) : MISSING;
  const t = program.templates[node.template];
  const saved = frame;
  frame = new Array<Value>(t.slots).fill(MISSING);
  frame[0] = newDot;
  depth++;
  walkList(newDot, t.root);
  depth--;
  frame = saved;
}

function evalPipeline(dot: Value, pipe: Pipe): Value {
  const value = evalPipelineValue(dot, pipe);
  const decl = pipe.decl;
  for (let i = 0; i < decl.length; i++) frame[decl[i]] = value;
  return value;
}

function notAFunction(cmd: Command, final: Value, hasFinal: bool, what: string): void {
  if (cmd.args.length > 1 || (hasFinal && !final.isMissing()))
    execError("can't give argument to non-function " + what);
}

function evalCommand(dot: Value, cmd: Command, final: Value, hasFinal: bool): Value {
  charge(1);
  const first = unchecked(cmd.args[0]);
  at(cmd.line, cmd.column);
  switch (first.type) {
    case ArgType.Field: {
      at(first.line, first.column);
      const v = fieldPath(dot, first.path);
      if (cmd.args.length > 1 || (hasFinal && !final.isMissing()))
        execError(first.path + ' is not a method but has arguments');
      return v;
    }
    case ArgType.Chain: {
      const receiver = evalArg(dot, first.node!);
      at(first.line, first.column);
      const v = fieldPath(receiver, first.path);
      if (cmd.args.length > 1 || (hasFinal && !final.isMissing()))
        execError(first.path + ' is not a method but has arguments');
      return v;
    }
    case ArgType.Variable: {
      at(first.line, first.column);
      const value = frame[first.slot];
      if (first.path.length == 0) {
        notAFunction(cmd, final, hasFinal, first.name);
        return value;
      }
      const v = fieldPath(value, first.path);
      if (cmd.args.length > 1 || (hasFinal && !final.isMissing()))
        execError(first.path + ' is not a method but has arguments');
      return v;
    }
    case ArgType.Function:
      return evalFunction(dot, first, cmd.args, final, hasFinal);
    case ArgType.Pipe:
      notAFunction(cmd, final, hasFinal, '(pipeline)');
      return evalPipeline(dot, first.pipe!);
    case ArgType.Nil:
      execError('nil is not a command');
      return NULL;
    default:
      notAFunction(cmd, final, hasFinal, goString(evalArg(dot, first)));
      return evalArg(dot, first);
  }
}

function evalArg(dot: Value, a: Arg): Value {
  switch (a.type) {
    case ArgType.Dot:
      return dot;
    case ArgType.Nil:
      return NULL;
    case ArgType.Field:
      at(a.line, a.column);
      return fieldPath(dot, a.path);
    case ArgType.Variable: {
      const v = frame[a.slot];
      if (a.path.length == 0) return v;
      at(a.line, a.column);
      return fieldPath(v, a.path);
    }
    case ArgType.Chain: {
      const receiver = evalArg(dot, a.node!);
      at(a.line, a.column);
      return fieldPath(receiver, a.path);
    }
    case ArgType.Pipe:
      return evalPipeline(dot, a.pipe!);
    case ArgType.Function:
      return evalFunction(dot, a, [], MISSING, false);
    default:
      return a.constant!;
  }
}

function isSimpleSegment(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      c == 0x2a ||
      c == 0x3f ||
      c == 0x23 ||
      c == 0x40 ||
      c == 0x5c ||
      c == 0x7c ||
      c == 0x21 ||
      c == 0x7b ||
      c == 0x5b ||
      c == 0x28
    )
      return false;
  }
  return s.length > 0;
}

/** A gjson path evaluated against a value (gjson_template's receiver.Get(path)). */
export function fieldPath(receiver: Value, path: string): Value {
  switch (receiver.kind) {
    case Kind.Json:
      return fromResult(get(receiver.raw, path));
    case Kind.List:
    case Kind.Dict: {
      // Plain key/index paths walk computed values directly; anything else goes through gjson.
      const segments = path.split('.');
      let cur: Value = receiver;
      let simple = true;
      for (let i = 0; i < segments.length; i++) {
        if (!isSimpleSegment(segments[i])) {
          simple = false;
          break;
        }
      }
      if (simple) {
        for (let i = 0; i < segments.length; i++) {
          const seg = segments[i];
          if (cur.kind == Kind.Dict) {
            const next = cur.dictGet(seg);
            if (next === null) return MISSING;
            cur = next;
          } else if (cur.kind == Kind.List) {
            const idx = parseIndex(seg);
            if (idx < 0 || idx >= cur.items!.length) return MISSING;
            cur = cur.items![idx];
          } else {
            return fieldPath(cur, segments.slice(i).join('.'));
          }
        }
        return cur;
      }
      return fromResult(get(toJSON(receiver, false), path));
    }
    case Kind.Missing:
      return fromResult(get('', path));
    case Kind.String:
      return fromResult(get(toJSON(receiver, false), path));
    case Kind.Time:
      return MISSING;
    case Kind.Number:
      return fromResult(get(receiver.raw, path));
    default:
      return fromResult(get(printString(receiver), path));
  }
}

function parseIndex(s: string): i32 {
  if (s.length == 0 || s.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

function evalFunction(dot: Value, fnArg: Arg, cmdArgs: Arg[], final: Value, hasFinal: bool): Value {
  charge(1);
  const id = fnArg.fn;
  at(fnArg.line, fnArg.column);
  if (id == Fn.And || id == Fn.Or) {
    // Short-circuit: the first false (and) / true (or) argument, or the last one.
    let last: Value = MISSING;
    const n = cmdArgs.length;
    for (let i = 1; i < n; i++) {
      last = evalArg(dot, unchecked(cmdArgs[i]));
      const t = truth(last);
      if (id == Fn.And ? !t : t) return last;
    }
    if (hasFinal) last = final;
    return last;
  }
  if (id == Fn.Gjson) {
    const pathArg = cmdArgs.length > 1 ? evalArg(dot, cmdArgs[1]) : final;
    at(fnArg.line, fnArg.column);
    if (pathArg.kind != Kind.String) execError('gjson requires a string path argument');
    return fieldPath(dot, pathArg.str);
  }
  const n = max(0, cmdArgs.length - 1) + (hasFinal ? 1 : 0);
  const args = new Array<Value>(n);
  for (let i = 1; i < cmdArgs.length; i++)
    unchecked((args[i - 1] = evalArg(dot, unchecked(cmdArgs[i]))));
  if (hasFinal) args[n - 1] = final;
  at(fnArg.line, fnArg.column);
  return callFunction(id, fnArg.name, args);
}

// Re-exported for functions that need them.
export { EMPTY_STRING, asList };
