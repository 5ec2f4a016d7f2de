// Splitting a gjson path into its first component and the rest, the way Go's
// gjson does it for object keys (escapes, wildcards) and array components
// (indexes, '#', queries).

import { cu, trimControl } from './chars';
import { isModifierName } from './modifier-names';
import { squashEnd } from './scanner';

/** Whether the text after a '.' starts a pipe-like component: a modifier, or a multipath. */
export function isDotPipeStart(s: string, start: i32): bool {
  const c = cu(s, start);
  if (c == 0x40) {
    let i = start + 1;
    const n = s.length;
    for (; i < n; i++) {
      const d = cu(s, i);
      if (d == 0x2e || d == 0x7c || d == 0x3a) break;
    }
    return isModifierName(s.substring(start + 1, i));
  }
  return c == 0x5b || c == 0x7b;
}

export class ObjectPath {
  part: string = '';
  path: string = '';
  pipe: string = '';
  piped: bool = false;
  wild: bool = false;
  more: bool = false;
}

function finishAtSeparator(r: ObjectPath, path: string, i: i32): void {
  // path[i] is '.', the separator before the rest of the path.
  if (i < path.length - 1 && isDotPipeStart(path, i + 1)) {
    r.pipe = path.substring(i + 1);
    r.piped = true;
  } else {
    r.path = path.substring(i + 1);
    r.more = true;
  }
}

export function parseObjectPath(path: string): ObjectPath {
  const r = new ObjectPath();
  const n = path.length;
  for (let i = 0; i < n; i++) {
    const c = cu(path, i);
    if (c == 0x7c) {
      r.part = path.substring(0, i);
      r.pipe = path.substring(i + 1);
      r.piped = true;
      return r;
    }
    if (c == 0x2e) {
      r.part = path.substring(0, i);
      finishAtSeparator(r, path, i);
      return r;
    }
    if (c == 0x2a || c == 0x3f) {
      r.wild = true;
      continue;
    }
    if (c == 0x5c) {
      // An escape: from here on the component is rebuilt without backslashes.
      const parts = new Array<string>();
      parts.push(path.substring(0, i));
      i++;
      if (i < n) {
        parts.push(path.charAt(i));
        i++;
        for (; i < n; i++) {
          const d = cu(path, i);
          if (d == 0x5c) {
            i++;
            if (i < n) parts.push(path.charAt(i));
            continue;
          } else if (d == 0x2e) {
            r.part = parts.join('');
            finishAtSeparator(r, path, i);
            return r;
          } else if (d == 0x7c) {
            r.part = parts.join('');
            r.pipe = path.substring(i + 1);
            r.piped = true;
            return r;
          } else if (d == 0x2a || d == 0x3f) {
            r.wild = true;
          }
          parts.push(path.charAt(i));
        }
      }
      r.part = parts.join('');
      return r;
    }
  }
  r.part = path;
  return r;
}

export class ArrayPath {
  part: string = '';
  path: string = '';
  pipe: string = '';
  piped: bool = false;
  more: bool = false;
  /** '#.key': collect key from every element. */
  alogok: bool = false;
  /** The component holds a '#'. */
  arrch: bool = false;
  alogkey: string = '';
  queryOn: bool = false;
  /** '#(...)#': every match, not the first. */
  queryAll: bool = false;
  queryPath: string = '';
  queryOp: string = '';
  queryValue: string = '';
}

/** Set by parseQuery. */
export let queryPathOut: string = '';
export let queryOpOut: string = '';
export let queryValueOut: string = '';
export let queryEscaped: bool = false;

/**
 * Parses a query "#(path op value)" (or "#[...]") at the start of s. Returns the
 * index just past its closing bracket, or -1 when it is not a complete query.
 */
export function parseQuery(s: string): i32 {
  const n = s.length;
  queryEscaped = false;
  if (n < 2 || cu(s, 0) != 0x23 || (cu(s, 1) != 0x28 && cu(s, 1) != 0x5b)) return -1;
  let i = 2;
  let j = 0;
  let depth = 1;
  for (; i < n; i++) {
    const c = cu(s, i);
    if (depth == 1 && j == 0) {
      if (c == 0x21 || c == 0x3d || c == 0x3c || c == 0x3e || c == 0x25) {
        j = i;
        continue;
      }
    }
    if (c == 0x5c) {
      i++;
    } else if (c == 0x5b || c == 0x28) {
      depth++;
    } else if (c == 0x5d || c == 0x29) {
      depth--;
      if (depth == 0) break;
    } else if (c == 0x22) {
      i++;
      for (; i < n; i++) {
        const d = cu(s, i);
        if (d == 0x5c) {
          queryEscaped = true;
          i++;
        } else if (d == 0x22) {
          break;
        }
      }
    }
  }
  if (depth > 0) return -1;
  if (j > 0) {
    queryPathOut = trimControl(s.substring(2, j));
    let value = trimControl(s.substring(j, i));
    let opLen = 1;
    const v0 = cu(value, 0);
    const v1 = value.length > 1 ? cu(value, 1) : -1;
    if (value.length == 1) {
      opLen = 1;
    } else if ((v0 == 0x21 || v0 == 0x3c || v0 == 0x3e) && v1 == 0x3d) {
      opLen = 2;
    } else if (v0 == 0x21 && v1 == 0x25) {
      opLen = 2;
    } else if (v0 == 0x3d && v1 == 0x3d) {
      value = value.substring(1);
      opLen = 1;
    } else if (v0 == 0x3c || v0 == 0x3e || v0 == 0x3d || v0 == 0x25) {
      opLen = 1;
    } else {
      // Go leaves the operator empty for a lone '!' followed by something else.
      opLen = 0;
    }
    queryOpOut = value.substring(0, opLen);
    queryValueOut = trimControl(value.substring(opLen));
  } else {
    queryPathOut = trimControl(s.substring(2, i));
    queryOpOut = '';
    queryValueOut = '';
  }
  return i + 1;
}

export function parseArrayPath(path: string): ArrayPath {
  const r = new ArrayPath();
  const n = path.length;
  for (let i = 0; i < n; i++) {
    const c = cu(path, i);
    if (c == 0x7c) {
      r.part = path.substring(0, i);
      r.pipe = path.substring(i + 1);
      r.piped = true;
      return r;
    }
    if (c == 0x2e) {
      r.part = path.substring(0, i);
      if (!r.arrch && i < n - 1 && isDotPipeStart(path, i + 1)) {
        r.pipe = path.substring(i + 1);
        r.piped = true;
      } else {
        r.path = path.substring(i + 1);
        r.more = true;
      }
      return r;
    }
    if (c == 0x23) {
      r.arrch = true;
      if (i == 0 && n > 1) {
        const d = cu(path, 1);
        if (d == 0x2e) {
          r.alogok = true;
          r.alogkey = path.substring(2);
          r.path = path.substring(0, 1);
        } else if (d == 0x5b || d == 0x28) {
          r.queryOn = true;
          const end = parseQuery(path);
          if (end < 0) break;
          let value = queryValueOut;
          if (value.length >= 2 && cu(value, 0) == 0x22 && cu(value, value.length - 1) == 0x22) {
            value = value.substring(1, value.length - 1);
            if (queryEscaped) value = unescapeQueryValue(value);
          }
          r.queryPath = queryPathOut;
          r.queryOp = queryOpOut;
          r.queryValue = value;
          i = end - 1;
          if (i + 1 < n && cu(path, i + 1) == 0x23) r.queryAll = true;
        }
      }
      continue;
    }
  }
  r.part = path;
  r.path = '';
  return r;
}

import { unescape } from './scanner';
function unescapeQueryValue(v: string): string {
  return unescape(v, 0, v.length);
}

/** Set by splitPipe: the part after the pipe. */
export let pipeRight: string = '';

/**
 * Finds a top-level '|' in a path (outside queries, escapes and a leading
 * multipath). Returns the part before it, or null when there is none.
 */
export function splitPipe(path: string): string | null {
  const n = path.length;
  let possible = false;
  for (let i = 0; i < n; i++) {
    if (cu(path, i) == 0x7c) {
      possible = true;
      break;
    }
  }
  if (!possible) return null;
  if (n > 0 && cu(path, 0) == 0x7b) {
    const end = squashEnd(path, 1);
    const squashedLen = end - 1;
    if (squashedLen < n - 1) {
      const left = path.substring(0, squashedLen + 1);
      if (cu(path, squashedLen + 1) == 0x7c) {
        pipeRight = path.substring(squashedLen + 2);
        return left;
      }
    }
    return null;
  }
  for (let i = 0; i < n; i++) {
    const c = cu(path, i);
    if (c == 0x5c) {
      i++;
    } else if (c == 0x2e) {
      if (i == n - 1) return null;
      if (cu(path, i + 1) == 0x23) {
        i += 2;
        if (i == n) return null;
        const open = cu(path, i);
        if (open == 0x5b || open == 0x28) {
          const close = open == 0x5b ? 0x5d : 0x29;
          i++;
          let depth = 1;
          for (; i < n; i++) {
            const d = cu(path, i);
            if (d == 0x5c) {
              i++;
            } else if (d == open) {
              depth++;
            } else if (d == close) {
              depth--;
              if (depth == 0) break;
            } else if (d == 0x22) {
              i++;
              for (; i < n; i++) {
                const e = cu(path, i);
                if (e == 0x5c) i++;
                else if (e == 0x22) break;
              }
            }
          }
        }
      }
    } else if (c == 0x7c) {
      pipeRight = path.substring(i + 1);
      return path.substring(0, i);
    }
  }
  return null;
}

export class SubSelector {
  name: string = '';
  path: string = '';
}

/** Set by parseSubSelectors: the path after the closing bracket. */
export let subSelectorsRest: string = '';

/**
 * Parses a multipath "[a,b]" or "{a,name:b}" at the start of path. Returns
 * null when the brackets do not close.
 */
export function parseSubSelectors(path: string): SubSelector[] | null {
  const sels = new Array<SubSelector>();
  let modifier = 0;
  let depth = 1;
  let colon = 0;
  let start = 1;
  const n = path.length;
  for (let i = 1; i < n; i++) {
    const c = cu(path, i);
    let push = false;
    if (c == 0x5c) {
      i++;
    } else if (c == 0x40) {
      if (modifier == 0 && i > 0 && (cu(path, i - 1) == 0x2e || cu(path, i - 1) == 0x7c))
        modifier = i;
    } else if (c == 0x3a) {
      if (modifier == 0 && colon == 0 && depth == 1) colon = i;
    } else if (c == 0x2c) {
      if (depth == 1) push = true;
    } else if (c == 0x22) {
      i++;
      for (; i < n; i++) {
        const d = cu(path, i);
        if (d == 0x5c) i++;
        else if (d == 0x22) break;
      }
    } else if (c == 0x5b || c == 0x28 || c == 0x7b) {
      depth++;
    } else if (c == 0x5d || c == 0x29 || c == 0x7d) {
      depth--;
      if (depth == 0) {
        sels.push(makeSelector(path, start, colon, i));
        subSelectorsRest = path.substring(i + 1);
        return sels;
      }
    }
    if (push) {
      sels.push(makeSelector(path, start, colon, i));
      colon = 0;
      modifier = 0;
      start = i + 1;
    }
  }
  return null;
}

function makeSelector(path: string, start: i32, colon: i32, end: i32): SubSelector {
  const sel = new SubSelector();
  if (colon == 0) {
    sel.path = path.substring(start, end);
  } else {
    sel.name = path.substring(start, colon);
    sel.path = path.substring(colon + 1, end);
  }
  return sel;
}

/** The last component of a path, used as the key of an unnamed multipath member. */
export function nameOfLast(path: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const c = cu(path, i);
    if (c == 0x7c || c == 0x2e) {
      if (i > 0 && cu(path, i - 1) == 0x5c) continue;
      return path.substring(i + 1);
    }
  }
  return path;
}

export function isSimpleName(component: string): bool {
  for (let i = 0; i < component.length; i++) {
    const c = cu(component, i);
    if (c < 0x20) return false;
    if (
      c == 0x5b ||
      c == 0x5d ||
      c == 0x7b ||
      c == 0x7d ||
      c == 0x28 ||
      c == 0x29 ||
      c == 0x23 ||
      c == 0x7c ||
      c == 0x21
    )
      return false;
  }
  return true;
}
