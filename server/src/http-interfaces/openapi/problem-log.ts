import type { DocumentProblem } from './document-validator.ts';

/** Warnings gathered while mapping, each said once per pointer. */
export class ProblemLog {
  readonly problems: DocumentProblem[] = [];
  readonly #seen = new Set<string>();

  warn(message: string, pointer: string): void {
    const key = `${pointer}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.problems.push({ message, pointer });
  }
}
