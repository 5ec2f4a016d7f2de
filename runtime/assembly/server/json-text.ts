// JSON string literals as Go's encoding/json writes them, with a fast path for the common text
// that needs no escape (gjson's appendJSONString builds a part list for every string).

import { appendJSONString } from '../gjson/json-string';
import { TextBuffer } from '../gjson/text-buffer';

/**
 * Whether Go writes s between quotes as it is. Conservative: from U+2028 up, jsonString leaves
 * the decision to appendJSONString.
 */
export function plainJsonText(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x22 || c == 0x5c || c == 0x3c || c == 0x3e || c == 0x26 || c >= 0x2028) {
      return false;
    }
  }
  return true;
}

/** s between quotes, in one allocation. */
export function quoted(s: string): string {
  const n = <usize>s.length;
  const out = changetype<string>(__new((n + 2) << 1, idof<string>()));
  const p = changetype<usize>(out);
  store<u16>(p, 0x22);
  memory.copy(p + 2, changetype<usize>(s), n << 1);
  store<u16>(p + ((n + 1) << 1), 0x22);
  return out;
}

export function jsonString(s: string): string {
  return plainJsonText(s) ? quoted(s) : appendJSONString(s);
}

/** jsonString(s) appended to b (without a copy of s when it needs no escape). */
export function appendJsonString(b: TextBuffer, s: string): void {
  if (!plainJsonText(s)) {
    b.append(appendJSONString(s));
    return;
  }
  b.push(0x22);
  b.append(s);
  b.push(0x22);
}
