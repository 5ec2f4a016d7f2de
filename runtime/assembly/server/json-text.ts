// JSON string literals as Go's encoding/json writes them, with a fast path for the common text
// that needs no escape (gjson's appendJSONString builds a part list for every string).

import { appendJSONString } from '../gjson/json-string';

export function jsonString(s: string): string {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x22 || c == 0x5c || c == 0x3c || c == 0x3e || c == 0x26 || c >= 0x2028) {
      return appendJSONString(s);
    }
  }
  return '"' + s + '"';
}
