/** Where a problem is: 1-based line and column (columns count UTF-16 code units, as editors do). */
export interface SourcePosition {
  line: number;
  column: number;
}

/** The kinds of problem the parser reports. */
export type DiagnosticKind =
  | 'syntax'
  | 'unknown-function'
  | 'wrong-argument-count'
  | 'undefined-variable'
  | 'undefined-template'
  // render-time kinds (see render.ts)
  | 'execute'
  | 'limit'
  | 'input'
  | 'internal';

export interface TemplateDiagnostic extends SourcePosition {
  message: string;
  kind: DiagnosticKind;
}

/** Thrown inside the parser to stop at the first syntax error (as Go's text/template does). */
export class TemplateSyntaxError extends Error {
  readonly diagnostic: TemplateDiagnostic;
  constructor(diagnostic: TemplateDiagnostic) {
    super(diagnostic.message);
    this.diagnostic = diagnostic;
  }
}

/** Maps offsets in a source text to line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}
