// Go's gjson AppendJSONString: a string as JSON text, escaping like Go's
// encoding/json (HTML characters as \u00XX, U+2028/U+2029 escaped, lone
// surrogates replaced by U+FFFD).

import { cu } from './chars';

const HEX = '0123456789abcdef';

function hex4(c: i32): string {
  return (
    '\\u' +
    HEX.charAt((c >> 12) & 15) +
    HEX.charAt((c >> 8) & 15) +
    HEX.charAt((c >> 4) & 15) +
    HEX.charAt(c & 15)
  );
}

export function appendJSONString(s: string): string {
  const n = s.length;
  const parts = new Array<string>();
  parts.push('"');
  let run = 0;
  for (let i = 0; i < n; i++) {
    const c = cu(s, i);
    let rep: string | null = null;
    if (c < 0x20) {
      if (c == 0x08) rep = '\\b';
      else if (c == 0x0c) rep = '\\f';
      else if (c == 0x0a) rep = '\\n';
      else if (c == 0x0d) rep = '\\r';
      else if (c == 0x09) rep = '\\t';
      else rep = hex4(c);
    } else if (c == 0x3c || c == 0x3e || c == 0x26) {
      rep = hex4(c);
    } else if (c == 0x5c) {
      rep = '\\\\';
    } else if (c == 0x22) {
      rep = '\\"';
    } else if (c == 0x2028 || c == 0x2029) {
      rep = hex4(c);
    } else if (c >= 0xd800 && c < 0xdc00) {
      if (i + 1 < n && cu(s, i + 1) >= 0xdc00 && cu(s, i + 1) < 0xe000) {
        i++;
        continue;
      }
      rep = '\ufffd';
    } else if (c >= 0xdc00 && c < 0xe000) {
      rep = '\ufffd';
    }
    if (rep !== null) {
      if (i > run) parts.push(s.substring(run, i));
      parts.push(rep);
      run = i + 1;
    }
  }
  if (n > run) parts.push(s.substring(run, n));
  parts.push('"');
  return parts.join('');
}
