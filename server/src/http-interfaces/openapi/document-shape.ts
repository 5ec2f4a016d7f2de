import type { DocumentProblem } from './document-validator.ts';
import { pointerTo } from './json-pointer.ts';

/** Deeper than any real API description; shallow enough for the recursive steps after it. */
export const MAX_DOCUMENT_DEPTH = 500;

interface Frame {
  node: object;
  keys: string[];
  index: number;
  pointer: string;
}

function frame(node: object, pointer: string): Frame {
  return { node, keys: Object.keys(node), index: 0, pointer };
}

/**
 * Checks that a parsed document is a finite tree of bounded depth before anything recursive
 * walks it: a YAML alias inside its own anchor makes a cycle, and extreme nesting would
 * exhaust the stack of the validator and the mapping. Shared subtrees (aliases) are fine and
 * explored once. Iterative, so that it cannot overflow itself.
 */
export function findShapeProblem(
  root: unknown,
  maxDepth = MAX_DOCUMENT_DEPTH,
): DocumentProblem | undefined {
  if (typeof root !== 'object' || root === null) return undefined;
  const onPath = new Set<object>();
  const explored = new WeakSet<object>();
  const stack: Frame[] = [frame(root, '')];
  onPath.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if (top.index >= top.keys.length) {
      stack.pop();
      onPath.delete(top.node);
      explored.add(top.node);
      continue;
    }
    const key = top.keys[top.index++] as string;
    const child = (top.node as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null || explored.has(child)) continue;
    const pointer = pointerTo(top.pointer, key);
    if (onPath.has(child)) {
      return {
        message: `the document contains itself at ${pointer} (a YAML alias inside its own anchor); use $ref for recursive structures`,
        pointer,
      };
    }
    if (stack.length >= maxDepth) {
      return { message: `the document nests deeper than ${maxDepth} levels`, pointer };
    }
    onPath.add(child);
    stack.push(frame(child, pointer));
  }
  return undefined;
}
