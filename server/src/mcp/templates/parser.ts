/**
 * The parser of the gjson_template dialect: Go text/template's grammar (actions, pipelines,
 * declarations and assignments, if / else if / range / with / define / template / block,
 * break / continue), producing the AST of ast.ts with variables, functions and templates resolved.
 * Syntax errors stop the parse (as in Go); unknown functions, wrong argument counts, undefined
 * variables and undefined templates are collected so an editor can show them all.
 */
import type { Arg, Command, Node, Pipe, Pos, Program, TemplateDefinition } from './ast.ts';
import type { LineIndex } from './diagnostics.ts';
import {
  TemplateSyntaxError,
  type DiagnosticKind,
  type TemplateDiagnostic,
} from './diagnostics.ts';
import { describeArity, FUNCTION_SIGNATURES } from './function-signatures.ts';
import { parseGoNumber, unquoteGoString } from './go-literals.ts';
import { Lexer, type Token } from './lexer.ts';

export interface ParseResult {
  program: Program | null;
  diagnostics: TemplateDiagnostic[];
}

interface Scope {
  /** Visible variables, innermost last: name and slot. */
  vars: { name: string; slot: number }[];
  slots: number;
}

interface PendingTemplateCall {
  node: Extract<Node, { type: 'template' }>;
  token: Token;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private readonly lines: LineIndex;
  readonly diagnostics: TemplateDiagnostic[] = [];
  private readonly templates: TemplateDefinition[] = [];
  private readonly templateIndex = new Map<string, number>();
  private readonly functions: string[] = [];
  private readonly functionIndex = new Map<string, number>();
  private readonly calls: PendingTemplateCall[] = [];
  private scope: Scope = { vars: [{ name: '$', slot: 0 }], slots: 1 };
  private rangeDepth = 0;

  constructor(tokens: Token[], lines: LineIndex) {
    this.tokens = tokens;
    this.lines = lines;
  }

  // ---- token stream ----
  private next(): Token {
    const t = this.tokens[this.index]!;
    if (this.index < this.tokens.length - 1) this.index++;
    return t;
  }
  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private backup(n = 1): void {
    this.index -= n;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const save = this.index;
    const t = this.nextNonSpace();
    this.index = save;
    return t;
  }

  private pos(token: Token): Pos {
    return this.lines.position(token.pos);
  }
  private fail(message: string, token: Token): never {
    const p = this.pos(token);
    throw new TemplateSyntaxError({ message, line: p.line, column: p.column, kind: 'syntax' });
  }
  private report(kind: DiagnosticKind, message: string, pos: Pos): void {
    this.diagnostics.push({ message, line: pos.line, column: pos.column, kind });
  }
  private describe(t: Token): string {
    switch (t.type) {
      case 'eof':
        return 'EOF';
      case 'rightDelim':
        return '"}}"';
      case 'leftDelim':
        return '"{{"';
      case 'keyword':
        return `<${t.value}>`;
      case 'space':
        return 'space';
      default:
        return JSON.stringify(t.value);
    }
  }
  private unexpected(t: Token, context: string): never {
    this.fail(`unexpected ${this.describe(t)} in ${context}`, t);
  }
  private expect(type: Token['type'], context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // ---- program ----
  parseProgram(): Program {
    const main: TemplateDefinition = { name: '', slots: 1, root: [] };
    this.templates.push(main);
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        const t = this.nextNonSpace();
        if (t.type === 'keyword' && t.value === 'define') {
          this.parseDefinition(delim);
          continue;
        }
        this.index = this.tokens.indexOf(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.fail(`unexpected {{${n.type}}}`, n.token);
      main.root.push(n.node!);
    }
    main.slots = this.scope.slots;
    for (const call of this.calls) {
      const index = this.templateIndex.get(call.node.name);
      if (index === undefined)
        this.report(
          'undefined-template',
          `template ${JSON.stringify(call.node.name)} not defined`,
          this.pos(call.token),
        );
      else call.node.template = index;
    }
    return { templates: this.templates, functions: this.functions };
  }

  private withNewScope<T>(fn: () => T): { value: T; slots: number } {
    const saved = this.scope;
    const savedRange = this.rangeDepth;
    this.scope = { vars: [{ name: '$', slot: 0 }], slots: 1 };
    this.rangeDepth = 0;
    try {
      const value = fn();
      return { value, slots: this.scope.slots };
    } finally {
      this.scope = saved;
      this.rangeDepth = savedRange;
    }
  }

  private addTemplate(name: string, root: Node[], slots: number, at: Token): void {
    if (this.templateIndex.has(name))
      this.fail(`template: multiple definition of template ${JSON.stringify(name)}`, at);
    this.templateIndex.set(name, this.templates.length);
    this.templates.push({ name, slots, root });
  }

  private parseTemplateName(t: Token, context: string): string {
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    const r = unquoteGoString(t.value);
    if ('error' in r) this.fail(`${r.error}: ${t.value}`, t);
    return r.value;
  }

  private parseDefinition(delim: Token): void {
    const context = 'define clause';
    const nameToken = this.nextNonSpace();
    const name = this.parseTemplateName(nameToken, context);
    this.expect('rightDelim', context);
    const { value: root, slots } = this.withNewScope(() => {
      const [list, end] = this.itemList();
      if (end.type !== 'end') this.fail(`unexpected {{${end.type}}} in ${context}`, end.token);
      return list;
    });
    this.addTemplate(name, root, slots, delim);
  }

  private itemList(): [Node[], { type: 'end' | 'else'; token: Token }] {
    const list: Node[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, { type: n.type, token: n.token }];
      list.push(n.node!);
    }
    this.fail('unexpected EOF', this.peek());
  }

  private textOrAction(): { type: 'node' | 'end' | 'else'; node?: Node; token: Token } {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { type: 'node', node: { type: 'text', text: t.value }, token: t };
    if (t.type === 'leftDelim') return this.action(t);
    this.unexpected(t, 'input');
  }

  private action(delim: Token): { type: 'node' | 'end' | 'else'; node?: Node; token: Token } {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.value) {
        case 'block':
          return { type: 'node', node: this.blockControl(t), token: t };
        case 'break':
        case 'continue': {
          this.expect('rightDelim', t.value);
          if (this.rangeDepth === 0) this.fail(`{{${t.value}}} outside {{range}}`, t);
          return { type: 'node', node: { type: t.value, pos: this.pos(t) }, token: t };
        }
        case 'else': {
          const p = this.peekNonSpace();
          if (!(p.type === 'keyword' && (p.value === 'if' || p.value === 'with')))
            this.expect('rightDelim', 'else');
          return { type: 'else', token: t };
        }
        case 'end':
          this.expect('rightDelim', 'end');
          return { type: 'end', token: t };
        case 'if':
        case 'range':
        case 'with':
          return { type: 'node', node: this.control(t.value, t), token: t };
        case 'template':
          return { type: 'node', node: this.templateControl(t), token: t };
        case 'define':
          this.unexpected(t, 'command');
      }
    }
    this.backup();
    const pipe = this.pipeline('command', 'rightDelim', delim);
    return { type: 'node', node: { type: 'action', pipe, pos: this.pos(delim) }, token: delim };
  }

  private control(context: 'if' | 'range' | 'with', keyword: Token): Node {
    const mark = this.scope.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim', keyword);
      if (context === 'range') this.rangeDepth++;
      let list: Node[];
      let next: { type: 'end' | 'else'; token: Token };
      try {
        [list, next] = this.itemList();
      } finally {
        if (context === 'range') this.rangeDepth--;
      }
      let elseList: Node[] | null = null;
      if (next.type === 'else') {
        const p = this.peekNonSpace();
        if (context === 'if' && p.type === 'keyword' && p.value === 'if') {
          const kw = this.nextNonSpace();
          elseList = [this.control('if', kw)];
        } else if (context === 'with' && p.type === 'keyword' && p.value === 'with') {
          const kw = this.nextNonSpace();
          elseList = [this.control('with', kw)];
        } else {
          if (p.type === 'keyword' && (p.value === 'if' || p.value === 'with'))
            this.unexpected(p, 'input');
          let end: { type: 'end' | 'else'; token: Token };
          [elseList, end] = this.itemList();
          if (end.type !== 'end') this.fail(`expected end; found {{else}}`, end.token);
        }
      }
      return { type: context, pipe, list, elseList, pos: this.pos(keyword) };
    } finally {
      this.scope.vars.length = mark;
    }
  }

  private templateControl(keyword: Token): Node {
    const context = 'template clause';
    const nameToken = this.nextNonSpace();
    const name = this.parseTemplateName(nameToken, context);
    let pipe: Pipe | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim', keyword);
    }
    const node: Extract<Node, { type: 'template' }> = {
      type: 'template',
      name,
      template: -1,
      pipe,
      pos: this.pos(keyword),
    };
    this.calls.push({ node, token: nameToken });
    return node;
  }

  private blockControl(keyword: Token): Node {
    const context = 'block clause';
    const nameToken = this.nextNonSpace();
    const name = this.parseTemplateName(nameToken, context);
    const pipe = this.pipeline(context, 'rightDelim', keyword);
    const { value: root, slots } = this.withNewScope(() => {
      const [list, end] = this.itemList();
      if (end.type !== 'end') this.fail(`unexpected {{${end.type}}} in ${context}`, end.token);
      return list;
    });
    this.addTemplate(name, root, slots, keyword);
    const node: Extract<Node, { type: 'template' }> = {
      type: 'template',
      name,
      template: -1,
      pipe,
      pos: this.pos(keyword),
    };
    this.calls.push({ node, token: nameToken });
    return node;
  }

  // ---- pipelines ----
  private declareVariable(name: string): number {
    const slot = this.scope.slots++;
    this.scope.vars.push({ name, slot });
    return slot;
  }
  private lookup(name: string): number | undefined {
    for (let i = this.scope.vars.length - 1; i >= 0; i--)
      if (this.scope.vars[i]!.name === name) return this.scope.vars[i]!.slot;
    return undefined;
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen', at: Token): Pipe {
    const pipe: Pipe = { decl: [], isAssign: false, cmds: [], pos: this.pos(at) };
    const pendingDecl: Token[] = [];
    let isAssign = false;
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const save = this.index;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        isAssign = next.type === 'assign';
        this.nextNonSpace();
        pendingDecl.push(v);
        break;
      }
      if (next.type === 'char' && next.value === ',') {
        this.nextNonSpace();
        pendingDecl.push(v);
        if (context === 'range' && pendingDecl.length < 2) {
          const p = this.peekNonSpace();
          if (p.type === 'variable' || p.type === 'rightDelim' || p.type === 'rightParen')
            continue decls;
          this.fail('range can only initialize variables', p);
        }
        this.fail(`too many declarations in ${context}`, v);
      }
      this.index = save;
      break;
    }
    pipe.isAssign = isAssign;
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, t);
        for (let i = 1; i < pipe.cmds.length; i++) {
          const first = pipe.cmds[i]!.args[0]!;
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(first.type))
            this.fail(`non executable command in pipeline stage ${i + 1}`, t);
        }
        this.checkArity(pipe);
        break;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          continue;
        default:
          this.unexpected(t, context);
      }
    }
    // Variables come into scope after their pipeline, as in Go.
    for (const v of pendingDecl) {
      if (isAssign) {
        const slot = this.lookup(v.value);
        if (slot === undefined) {
          this.report(
            'undefined-variable',
            `undefined variable ${JSON.stringify(v.value)}`,
            this.pos(v),
          );
          pipe.decl.push(this.declareVariable(v.value));
        } else pipe.decl.push(slot);
      } else pipe.decl.push(this.declareVariable(v.value));
    }
    return pipe;
  }

  private checkArity(pipe: Pipe): void {
    pipe.cmds.forEach((cmd, i) => {
      const first = cmd.args[0]!;
      if (first.type !== 'function') return;
      const count = cmd.args.length - 1 + (i > 0 ? 1 : 0);
      this.checkCall(first.name, count, first.pos);
    });
  }

  private checkCall(name: string, count: number, pos: Pos): void {
    const s = FUNCTION_SIGNATURES[name];
    if (!s) return;
    if (count < s.min || (s.max !== -1 && count > s.max))
      this.report(
        'wrong-argument-count',
        `wrong number of args for ${name}: want ${describeArity(s)} got ${count}`,
        pos,
      );
  }

  private command(): Command {
    const startToken = this.peekNonSpace();
    const cmd: Command = { args: [], pos: this.pos(startToken) };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') {
        this.backup();
      } else if (t.type !== 'pipe') {
        this.unexpected(t, 'operand');
      }
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command', startToken);
    // A function that is an argument (not the command's first word) is called with no arguments.
    for (let i = 1; i < cmd.args.length; i++) {
      const a = cmd.args[i]!;
      if (a.type === 'function') this.checkCall(a.name, 0, a.pos);
    }
    return cmd;
  }

  private operand(): Arg | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().type !== 'field') return node;
    const fields: string[] = [];
    const first = this.peek();
    while (this.peek().type === 'field') fields.push(this.next().value.slice(1));
    const path = fields.join('.');
    switch (node.type) {
      case 'field':
        return { ...node, path: node.path + '.' + path };
      case 'variable':
        return { ...node, path: node.path ? node.path + '.' + path : path };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.fail(`unexpected . after term ${JSON.stringify(this.describeArg(node))}`, first);
      // falls through (fail never returns)
      default:
        return { type: 'chain', node, path, pos: node.pos };
    }
  }

  private describeArg(a: Arg): string {
    switch (a.type) {
      case 'bool':
        return String(a.value);
      case 'string':
        return JSON.stringify(a.value);
      case 'number':
        return a.text;
      case 'nil':
        return 'nil';
      default:
        return '.';
    }
  }

  private term(): Arg | null {
    const t = this.nextNonSpace();
    const pos = this.pos(t);
    switch (t.type) {
      case 'identifier': {
        if (!FUNCTION_SIGNATURES[t.value]) {
          this.report('unknown-function', `function ${JSON.stringify(t.value)} not defined`, pos);
          return { type: 'function', name: t.value, index: -1, pos };
        }
        let index = this.functionIndex.get(t.value);
        if (index === undefined) {
          index = this.functions.length;
          this.functions.push(t.value);
          this.functionIndex.set(t.value, index);
        }
        return { type: 'function', name: t.value, index, pos };
      }
      case 'dot':
        return { type: 'dot', pos };
      case 'nil':
        return { type: 'nil', pos };
      case 'variable': {
        const slot = this.lookup(t.value);
        if (slot === undefined) {
          this.report('undefined-variable', `undefined variable ${JSON.stringify(t.value)}`, pos);
          return { type: 'variable', slot: 0, name: t.value, path: '', pos };
        }
        return { type: 'variable', slot, name: t.value, path: '', pos };
      }
      case 'field':
        return { type: 'field', path: t.value.slice(1), pos };
      case 'bool':
        return { type: 'bool', value: t.value === 'true', pos };
      case 'charConstant':
      case 'number': {
        const n = parseGoNumber(t.value);
        if ('error' in n) this.fail(n.error, t);
        return {
          type: 'number',
          text: n.text,
          value: n.value,
          isInt: n.isInt,
          isRune: t.type === 'charConstant',
          pos,
        };
      }
      case 'leftParen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen', t);
        return { type: 'pipe', pipe, pos };
      }
      case 'string':
      case 'rawString': {
        const r = unquoteGoString(t.value);
        if ('error' in r) this.fail(`${r.error}: ${t.value}`, t);
        return { type: 'string', value: r.value, pos };
      }
    }
    this.backup();
    return null;
  }
}

/** Parses a template; on any diagnostic the program is null. */
export function parseTemplate(source: string): ParseResult {
  const lexer = new Lexer(source);
  try {
    const tokens = lexer.tokenize();
    const parser = new Parser(tokens, lexer.lines);
    try {
      const program = parser.parseProgram();
      if (parser.diagnostics.length > 0) return { program: null, diagnostics: parser.diagnostics };
      return { program, diagnostics: [] };
    } catch (e) {
      if (e instanceof TemplateSyntaxError)
        return { program: null, diagnostics: [...parser.diagnostics, e.diagnostic] };
      throw e;
    }
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return { program: null, diagnostics: [e.diagnostic] };
    throw e;
  }
}
