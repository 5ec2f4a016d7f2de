/**
 * The parsed form of a template. Variables are resolved to slots of their template's frame at
 * parse time, functions to indexes into the program's function table, template invocations to
 * indexes into the program's template list; so the executor does no name lookups.
 */
export interface Pos {
  line: number;
  column: number;
}

export type Node =
  | { type: 'text'; text: string }
  | { type: 'action'; pipe: Pipe; pos: Pos }
  | { type: 'if' | 'with' | 'range'; pipe: Pipe; list: Node[]; elseList: Node[] | null; pos: Pos }
  | { type: 'template'; name: string; template: number; pipe: Pipe | null; pos: Pos }
  | { type: 'break' | 'continue'; pos: Pos };

export interface Pipe {
  /** Slots of the variables the pipeline declares or assigns. */
  decl: number[];
  isAssign: boolean;
  cmds: Command[];
  pos: Pos;
}

export interface Command {
  args: Arg[];
  pos: Pos;
}

export type Arg =
  | { type: 'field'; path: string; pos: Pos }
  | { type: 'variable'; slot: number; name: string; path: string; pos: Pos }
  | { type: 'chain'; node: Arg; path: string; pos: Pos }
  | { type: 'dot'; pos: Pos }
  | { type: 'nil'; pos: Pos }
  | { type: 'bool'; value: boolean; pos: Pos }
  | { type: 'number'; text: string; value: number; isInt: boolean; isRune?: boolean; pos: Pos }
  | { type: 'string'; value: string; pos: Pos }
  | { type: 'function'; name: string; index: number; pos: Pos }
  | { type: 'pipe'; pipe: Pipe; pos: Pos };

export interface TemplateDefinition {
  name: string;
  /** Number of variable slots its frame needs; slot 0 is `$`. */
  slots: number;
  root: Node[];
}

export interface Program {
  /** Template 0 is the main template; the others come from define and block, in source order. */
  templates: TemplateDefinition[];
  /** Names of the functions the program calls, in first-use order. */
  functions: string[];
}
