/**
 * The compiled form of a template: a compact binary encoding of the resolved AST that the Wasm
 * executor decodes once and runs many times. The encoding is a pure function of the program, so
 * the same template always gives identical bytes (artifacts embed these bytes and must be
 * byte-identical for identical configurations).
 *
 *   program  = "GJT" version:u8 funcs:vec(str) templates:vec(template)
 *   template = name:str slots:uv list
 *   list     = vec(node)
 *   node     = 0 text:str | 1 pos pipe | 2/3/4 (if/with/range) pos pipe list hasElse:u8 [list]
 *            | 5 pos templateIndex:uv hasPipe:u8 [pipe] | 6 pos (break) | 7 pos (continue)
 *   pipe     = pos decl:vec(uv) isAssign:u8 cmds:vec(cmd)
 *   cmd      = pos args:vec(arg)
 *   arg      = 0 pos path:str (field) | 1 pos slot:uv name:str path:str (variable)
 *            | 2 pos arg path:str (chain) | 3 (dot) | 4 (nil) | 5 value:u8 (bool)
 *            | 6 pos kind:u8 (0 float, 1 integer, 2 rune) text:str value:f64 (number)
 *            | 7 value:str (string)
 *            | 8 pos function:uv (call) | 9 pos pipe (parenthesized)
 *   pos      = line:uv column:uv;  uv = unsigned LEB128;  str = uv byte length + UTF-8
 */
import type { Arg, Command, Node, Pipe, Pos, Program } from './ast.ts';
import { ByteWriter } from './byte-writer.ts';

export const COMPILED_FORM_VERSION = 1;

function writePos(w: ByteWriter, p: Pos): void {
  w.uv(p.line);
  w.uv(p.column);
}

function writeList(w: ByteWriter, list: Node[]): void {
  w.uv(list.length);
  for (const n of list) writeNode(w, n);
}

function writeNode(w: ByteWriter, n: Node): void {
  switch (n.type) {
    case 'text':
      w.u8(0);
      w.str(n.text);
      return;
    case 'action':
      w.u8(1);
      writePos(w, n.pos);
      writePipe(w, n.pipe);
      return;
    case 'if':
    case 'with':
    case 'range':
      w.u8(n.type === 'if' ? 2 : n.type === 'with' ? 3 : 4);
      writePos(w, n.pos);
      writePipe(w, n.pipe);
      writeList(w, n.list);
      w.u8(n.elseList ? 1 : 0);
      if (n.elseList) writeList(w, n.elseList);
      return;
    case 'template':
      w.u8(5);
      writePos(w, n.pos);
      w.uv(n.template);
      w.u8(n.pipe ? 1 : 0);
      if (n.pipe) writePipe(w, n.pipe);
      return;
    case 'break':
      w.u8(6);
      writePos(w, n.pos);
      return;
    case 'continue':
      w.u8(7);
      writePos(w, n.pos);
      return;
  }
}

function writePipe(w: ByteWriter, p: Pipe): void {
  writePos(w, p.pos);
  w.uv(p.decl.length);
  for (const slot of p.decl) w.uv(slot);
  w.u8(p.isAssign ? 1 : 0);
  w.uv(p.cmds.length);
  for (const c of p.cmds) writeCommand(w, c);
}

function writeCommand(w: ByteWriter, c: Command): void {
  writePos(w, c.pos);
  w.uv(c.args.length);
  for (const a of c.args) writeArg(w, a);
}

function writeArg(w: ByteWriter, a: Arg): void {
  switch (a.type) {
    case 'field':
      w.u8(0);
      writePos(w, a.pos);
      w.str(a.path);
      return;
    case 'variable':
      w.u8(1);
      writePos(w, a.pos);
      w.uv(a.slot);
      w.str(a.name);
      w.str(a.path);
      return;
    case 'chain':
      w.u8(2);
      writePos(w, a.pos);
      writeArg(w, a.node);
      w.str(a.path);
      return;
    case 'dot':
      w.u8(3);
      return;
    case 'nil':
      w.u8(4);
      return;
    case 'bool':
      w.u8(5);
      w.u8(a.value ? 1 : 0);
      return;
    case 'number':
      w.u8(6);
      writePos(w, a.pos);
      w.u8(a.isRune ? 2 : a.isInt ? 1 : 0);
      w.str(a.text);
      w.f64(a.value);
      return;
    case 'string':
      w.u8(7);
      w.str(a.value);
      return;
    case 'function':
      w.u8(8);
      writePos(w, a.pos);
      w.uv(a.index);
      return;
    case 'pipe':
      w.u8(9);
      writePos(w, a.pos);
      writePipe(w, a.pipe);
      return;
  }
}

export function encodeProgram(program: Program): Uint8Array {
  const w = new ByteWriter();
  w.u8(0x47); // G
  w.u8(0x4a); // J
  w.u8(0x54); // T
  w.u8(COMPILED_FORM_VERSION);
  w.uv(program.functions.length);
  for (const f of program.functions) w.str(f);
  w.uv(program.templates.length);
  for (const t of program.templates) {
    w.str(t.name);
    w.uv(t.slots);
    writeList(w, t.root);
  }
  return w.finish();
}
