// The decoded compiled form (see server/src/mcp/templates/compiled-form.ts for the encoding).
// Decoded once per template; executed many times.

import { ByteReader } from './byte-reader';
import { inputError } from './errors';
import { functionId } from './functions/registry';
import { Value } from './value';

export const enum NodeType {
  Text = 0,
  Action = 1,
  If = 2,
  With = 3,
  Range = 4,
  Template = 5,
  Break = 6,
  Continue = 7,
}

export const enum ArgType {
  Field = 0,
  Variable = 1,
  Chain = 2,
  Dot = 3,
  Nil = 4,
  Bool = 5,
  Number = 6,
  String = 7,
  Function = 8,
  Pipe = 9,
}

export class Arg {
  type: ArgType = ArgType.Dot;
  line: i32 = 0;
  column: i32 = 0;
  path: string = '';
  slot: i32 = 0;
  name: string = '';
  node: Arg | null = null;
  /** Constants (bool, number, string) are decoded once into their value. */
  constant: Value | null = null;
  fn: i32 = -1;
  pipe: Pipe | null = null;
}

export class Command {
  line: i32 = 0;
  column: i32 = 0;
  args: Arg[] = [];
}

export class Pipe {
  line: i32 = 0;
  column: i32 = 0;
  decl: i32[] = [];
  isAssign: bool = false;
  cmds: Command[] = [];
}

export class Node {
  type: NodeType = NodeType.Text;
  line: i32 = 0;
  column: i32 = 0;
  text: string = '';
  pipe: Pipe | null = null;
  list: Node[] | null = null;
  elseList: Node[] | null = null;
  template: i32 = -1;
}

export class TemplateDef {
  name: string = '';
  slots: i32 = 1;
  root: Node[] = [];
}

export class Program {
  functions: i32[] = [];
  functionNames: string[] = [];
  templates: TemplateDef[] = [];
}

function readList(r: ByteReader, program: Program): Node[] {
  const n = r.uv();
  const list = new Array<Node>(n);
  for (let i = 0; i < n; i++) list[i] = readNode(r, program);
  return list;
}

function readNode(r: ByteReader, program: Program): Node {
  const node = new Node();
  node.type = <NodeType>r.u8();
  switch (node.type) {
    case NodeType.Text:
      node.text = r.str();
      break;
    case NodeType.Action:
      node.line = r.uv();
      node.column = r.uv();
      node.pipe = readPipe(r, program);
      break;
    case NodeType.If:
    case NodeType.With:
    case NodeType.Range:
      node.line = r.uv();
      node.column = r.uv();
      node.pipe = readPipe(r, program);
      node.list = readList(r, program);
      if (r.u8() == 1) node.elseList = readList(r, program);
      break;
    case NodeType.Template:
      node.line = r.uv();
      node.column = r.uv();
      node.template = r.uv();
      if (r.u8() == 1) node.pipe = readPipe(r, program);
      break;
    case NodeType.Break:
    case NodeType.Continue:
      node.line = r.uv();
      node.column = r.uv();
      break;
    default:
      inputError('compiled template has an unknown node type');
  }
  return node;
}

function readPipe(r: ByteReader, program: Program): Pipe {
  const p = new Pipe();
  p.line = r.uv();
  p.column = r.uv();
  const nd = r.uv();
  for (let i = 0; i < nd; i++) p.decl.push(r.uv());
  p.isAssign = r.u8() == 1;
  const nc = r.uv();
  for (let i = 0; i < nc; i++) {
    const c = new Command();
    c.line = r.uv();
    c.column = r.uv();
    const na = r.uv();
    for (let k = 0; k < na; k++) c.args.push(readArg(r, program));
    p.cmds.push(c);
  }
  return p;
}

function readArg(r: ByteReader, program: Program): Arg {
  const a = new Arg();
  a.type = <ArgType>r.u8();
  switch (a.type) {
    case ArgType.Field:
      a.line = r.uv();
      a.column = r.uv();
      a.path = r.str();
      break;
    case ArgType.Variable:
      a.line = r.uv();
      a.column = r.uv();
      a.slot = r.uv();
      a.name = r.str();
      a.path = r.str();
      break;
    case ArgType.Chain:
      a.line = r.uv();
      a.column = r.uv();
      a.node = readArg(r, program);
      a.path = r.str();
      break;
    case ArgType.Dot:
    case ArgType.Nil:
      break;
    case ArgType.Bool:
      a.constant = Value.bool(r.u8() == 1);
      break;
    case ArgType.Number: {
      a.line = r.uv();
      a.column = r.uv();
      const flags = r.u8();
      const text = r.str();
      const c = Value.number(text, r.f64());
      c.rune = flags == 2;
      a.constant = c;
      break;
    }
    case ArgType.String:
      a.constant = Value.string(r.str());
      break;
    case ArgType.Function: {
      a.line = r.uv();
      a.column = r.uv();
      const index = r.uv();
      if (index >= program.functions.length)
        inputError('compiled template calls an unknown function');
      a.fn = program.functions[index];
      a.name = program.functionNames[index];
      break;
    }
    case ArgType.Pipe:
      a.line = r.uv();
      a.column = r.uv();
      a.pipe = readPipe(r, program);
      break;
    default:
      inputError('compiled template has an unknown argument type');
  }
  return a;
}

export function decodeProgram(bytes: Uint8Array): Program {
  const r = new ByteReader(bytes, 'compiled template');
  if (r.u8() != 0x47 || r.u8() != 0x4a || r.u8() != 0x54) inputError('not a compiled template');
  if (r.u8() != 1) inputError('unsupported compiled template version');
  const program = new Program();
  const nf = r.uv();
  for (let i = 0; i < nf; i++) {
    const name = r.str();
    const id = functionId(name);
    if (id < 0) inputError('compiled template calls unknown function ' + name);
    program.functions.push(id);
    program.functionNames.push(name);
  }
  const nt = r.uv();
  for (let i = 0; i < nt; i++) {
    const t = new TemplateDef();
    t.name = r.str();
    t.slots = r.uv();
    t.root = readList(r, program);
    program.templates.push(t);
  }
  if (program.templates.length == 0) inputError('compiled template has no main template');
  return program;
}
