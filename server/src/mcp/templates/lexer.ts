/**
 * The lexer of the gjson_template dialect: Go text/template's lexical grammar ({{ }} actions,
 * trim markers, comments, strings, numbers, variables, fields, keywords), with one extension of
 * gjson_template's: a field segment right after another field (`.items.0.name`) may be numeric, and
 * field segments may hold the gjson path characters `#`, `*`, `?`, `@` and inner `-`.
 */
import { LineIndex, TemplateSyntaxError } from './diagnostics.ts';

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'eof'
  | 'bool'
  | 'char' // a single printable character such as ','
  | 'charConstant'
  | 'number'
  | 'string'
  | 'rawString'
  | 'declare' // :=
  | 'assign' // =
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'dot'
  | 'nil'
  | 'keyword';

export const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
]);

export interface Token {
  type: TokenType;
  /** The token's text; for text tokens, after trimming; for strings, the quoted source text. */
  value: string;
  /** Offset of the token in the source. */
  pos: number;
}

const LEFT = '{{';
const RIGHT = '}}';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}
function isAlphaNumeric(c: string): boolean {
  if (c === '_') return true;
  const code = c.charCodeAt(0);
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122))
    return true;
  return code > 127 && /[\p{L}\p{Nd}]/u.test(c);
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
/** Characters a gjson path segment may hold beyond Go identifiers. */
function isPathChar(c: string): boolean {
  return c === '#' || c === '*' || c === '?' || c === '@';
}

export class Lexer {
  private readonly input: string;
  private pos = 0;
  private readonly tokens: Token[] = [];
  private parenDepth = 0;
  readonly lines: LineIndex;

  constructor(input: string) {
    this.input = input;
    this.lines = new LineIndex(input);
  }

  private fail(message: string, at: number): never {
    const p = this.lines.position(at);
    throw new TemplateSyntaxError({ message, line: p.line, column: p.column, kind: 'syntax' });
  }

  tokenize(): Token[] {
    let trimNextText = false;
    while (this.pos <= this.input.length) {
      const start = this.pos;
      const delim = this.input.indexOf(LEFT, this.pos);
      const textEnd = delim < 0 ? this.input.length : delim;
      let text = this.input.slice(start, textEnd);
      if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
      trimNextText = false;
      if (delim < 0) {
        if (text.length > 0) this.tokens.push({ type: 'text', value: text, pos: start });
        this.tokens.push({ type: 'eof', value: '', pos: this.input.length });
        return this.tokens;
      }
      const leftTrim = this.hasLeftTrimMarker(delim + LEFT.length);
      if (leftTrim) text = text.replace(/[ \t\r\n]+$/, '');
      if (text.length > 0) this.tokens.push({ type: 'text', value: text, pos: start });
      this.pos = delim + LEFT.length + (leftTrim ? 2 : 0);
      // Comments: {{/* ... */}} with optional trim markers, nothing else in the action.
      if (this.input.startsWith('/*', this.pos)) {
        trimNextText = this.lexComment(delim);
        continue;
      }
      this.tokens.push({ type: 'leftDelim', value: LEFT, pos: delim });
      trimNextText = this.lexInsideAction(delim);
    }
    return this.tokens;
  }

  private hasLeftTrimMarker(at: number): boolean {
    return this.input[at] === '-' && at + 1 < this.input.length && isSpace(this.input[at + 1]!);
  }

  /** Returns the length of the right delimiter at pos (with its trim marker), 0 if none. */
  private atRightDelim(): { length: number; trim: boolean } {
    if (this.input.startsWith(RIGHT, this.pos)) return { length: RIGHT.length, trim: false };
    if (
      isSpace(this.input[this.pos] ?? '') &&
      this.input[this.pos + 1] === '-' &&
      this.input.startsWith(RIGHT, this.pos + 2)
    )
      return { length: 2 + RIGHT.length, trim: true };
    return { length: 0, trim: false };
  }

  private lexComment(actionStart: number): boolean {
    const end = this.input.indexOf('*/', this.pos + 2);
    if (end < 0) this.fail('unclosed comment', actionStart);
    this.pos = end + 2;
    const right = this.atRightDelim();
    if (right.length === 0) this.fail('comment ends before closing delimiter', actionStart);
    this.pos += right.length;
    return right.trim;
  }

  /** Lexes the inside of one action; returns whether its right delimiter trims the next text. */
  private lexInsideAction(actionStart: number): boolean {
    const input = this.input;
    for (;;) {
      const right = this.atRightDelim();
      if (right.length > 0) {
        if (this.parenDepth > 0) this.fail('unclosed left paren', this.pos);
        this.tokens.push({ type: 'rightDelim', value: RIGHT, pos: this.pos });
        this.pos += right.length;
        return right.trim;
      }
      if (this.pos >= input.length) this.fail('unclosed action', actionStart);
      const start = this.pos;
      const c = input[this.pos]!;
      if (isSpace(c)) {
        while (this.pos < input.length && isSpace(input[this.pos]!)) {
          // a space that starts a right trim marker ends the run of spaces
          if (input[this.pos + 1] === '-' && input.startsWith(RIGHT, this.pos + 2)) break;
          this.pos++;
        }
        if (this.pos === start) {
          // " -}}" directly: handled by atRightDelim on the next turn
          continue;
        }
        this.tokens.push({ type: 'space', value: input.slice(start, this.pos), pos: start });
        continue;
      }
      switch (c) {
        case '=':
          this.pos++;
          this.tokens.push({ type: 'assign', value: '=', pos: start });
          continue;
        case ':':
          if (input[this.pos + 1] !== '=') this.fail('expected :=', start);
          this.pos += 2;
          this.tokens.push({ type: 'declare', value: ':=', pos: start });
          continue;
        case '|':
          this.pos++;
          this.tokens.push({ type: 'pipe', value: '|', pos: start });
          continue;
        case '"':
          this.lexQuote(start);
          continue;
        case '`':
          this.lexRawQuote(start);
          continue;
        case "'":
          this.lexChar(start);
          continue;
        case '$':
          this.pos++;
          this.lexVariable(start);
          continue;
        case '(':
          this.pos++;
          this.parenDepth++;
          this.tokens.push({ type: 'leftParen', value: '(', pos: start });
          continue;
        case ')':
          this.pos++;
          this.parenDepth--;
          if (this.parenDepth < 0) this.fail('unexpected right paren', start);
          this.tokens.push({ type: 'rightParen', value: ')', pos: start });
          continue;
        case '.': {
          const next = input[this.pos + 1] ?? '';
          const prev = this.tokens[this.tokens.length - 1];
          const continuesChain =
            prev !== undefined &&
            prev.pos + prev.value.length === start &&
            (prev.type === 'field' ||
              prev.type === 'variable' ||
              prev.type === 'rightParen' ||
              prev.type === 'dot');
          if (continuesChain || !isDigit(next)) {
            this.lexField(start);
            continue;
          }
          this.lexNumber(start);
          continue;
        }
      }
      if (c === '+' || c === '-' || isDigit(c)) {
        this.lexNumber(start);
        continue;
      }
      if (isAlphaNumeric(c)) {
        this.lexIdentifier(start);
        continue;
      }
      const code = c.charCodeAt(0);
      if (code < 128 && code >= 32) {
        this.pos++;
        this.tokens.push({ type: 'char', value: c, pos: start });
        continue;
      }
      this.fail(`unrecognized character in action: ${JSON.stringify(c)}`, start);
    }
  }

  private atTerminator(): boolean {
    const c = this.input[this.pos];
    if (c === undefined) return true;
    if (isSpace(c)) return true;
    if ('.,|:)(='.includes(c)) return true;
    return this.input.startsWith(RIGHT, this.pos);
  }

  private lexIdentifier(start: number): void {
    while (this.pos < this.input.length && isAlphaNumeric(this.input[this.pos]!)) this.pos++;
    const word = this.input.slice(start, this.pos);
    if (!this.atTerminator())
      this.fail(`bad character ${JSON.stringify(this.input[this.pos])}`, this.pos);
    let type: TokenType = 'identifier';
    if (KEYWORDS.has(word)) type = 'keyword';
    else if (word === 'true' || word === 'false') type = 'bool';
    else if (word === 'nil') type = 'nil';
    this.tokens.push({ type, value: word, pos: start });
  }

  private lexVariable(start: number): void {
    while (this.pos < this.input.length && isAlphaNumeric(this.input[this.pos]!)) this.pos++;
    if (!this.atTerminator())
      this.fail(`bad character ${JSON.stringify(this.input[this.pos])}`, this.pos);
    this.tokens.push({ type: 'variable', value: this.input.slice(start, this.pos), pos: start });
  }

  private lexField(start: number): void {
    this.pos++; // the dot
    const segStart = this.pos;
    for (;;) {
      const c = this.input[this.pos];
      if (c === undefined) break;
      if (isAlphaNumeric(c) || isPathChar(c)) {
        this.pos++;
        continue;
      }
      if (c === '\\' && this.pos + 1 < this.input.length && !isSpace(this.input[this.pos + 1]!)) {
        // gjson escapes such as `a\.b` keep the escaped character in the segment
        this.pos += 2;
        continue;
      }
      if (
        c === '-' &&
        this.pos > segStart &&
        isAlphaNumeric(this.input[this.pos + 1] ?? ' ') &&
        !this.input.startsWith(RIGHT, this.pos + 1)
      ) {
        this.pos++;
        continue;
      }
      break;
    }
    if (this.pos === segStart) {
      this.tokens.push({ type: 'dot', value: '.', pos: start });
      return;
    }
    if (!this.atTerminator())
      this.fail(`bad character ${JSON.stringify(this.input[this.pos])}`, this.pos);
    this.tokens.push({ type: 'field', value: this.input.slice(start, this.pos), pos: start });
  }

  private lexNumber(start: number): void {
    const input = this.input;
    if (input[this.pos] === '+' || input[this.pos] === '-') this.pos++;
    let digits = '0123456789_';
    if (input[this.pos] === '0' && /[xXoObB]/.test(input[this.pos + 1] ?? '')) {
      const p = input[this.pos + 1]!.toLowerCase();
      this.pos += 2;
      digits = p === 'x' ? '0123456789abcdefABCDEF_' : p === 'o' ? '01234567_' : '01_';
    }
    const hex = digits.length > 12;
    while (this.pos < input.length && digits.includes(input[this.pos]!)) this.pos++;
    if (input[this.pos] === '.') {
      this.pos++;
      while (this.pos < input.length && digits.includes(input[this.pos]!)) this.pos++;
    }
    if (digits.length === 11 && /[eE]/.test(input[this.pos] ?? '')) {
      this.pos++;
      if (input[this.pos] === '+' || input[this.pos] === '-') this.pos++;
      while (this.pos < input.length && isDigit(input[this.pos]!)) this.pos++;
    }
    if (hex && /[pP]/.test(input[this.pos] ?? '')) {
      this.pos++;
      if (input[this.pos] === '+' || input[this.pos] === '-') this.pos++;
      while (this.pos < input.length && isDigit(input[this.pos]!)) this.pos++;
    }
    if (input[this.pos] === 'i') this.pos++;
    if (this.pos < input.length && isAlphaNumeric(input[this.pos]!))
      this.fail(`bad number syntax: ${JSON.stringify(input.slice(start, this.pos + 1))}`, start);
    const text = input.slice(start, this.pos);
    if (text === '+' || text === '-')
      this.fail(`bad number syntax: ${JSON.stringify(text)}`, start);
    this.tokens.push({ type: 'number', value: text, pos: start });
  }

  private lexQuote(start: number): void {
    this.pos++;
    for (;;) {
      const c = this.input[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated quoted string', start);
      this.pos++;
      if (c === '\\') {
        if (this.input[this.pos] === undefined || this.input[this.pos] === '\n')
          this.fail('unterminated quoted string', start);
        this.pos++;
        continue;
      }
      if (c === '"') break;
    }
    this.tokens.push({ type: 'string', value: this.input.slice(start, this.pos), pos: start });
  }

  private lexRawQuote(start: number): void {
    const end = this.input.indexOf('`', this.pos + 1);
    if (end < 0) this.fail('unterminated raw quoted string', start);
    this.pos = end + 1;
    this.tokens.push({ type: 'rawString', value: this.input.slice(start, this.pos), pos: start });
  }

  private lexChar(start: number): void {
    this.pos++;
    for (;;) {
      const c = this.input[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated character constant', start);
      this.pos++;
      if (c === '\\') {
        this.pos++;
        continue;
      }
      if (c === "'") break;
    }
    this.tokens.push({
      type: 'charConstant',
      value: this.input.slice(start, this.pos),
      pos: start,
    });
  }
}
