// Go's time layouts ("2006-01-02 15:04:05") for formatting and parsing times held as Unix
// nanoseconds plus a zone offset (seconds) and a zone name.

const MONTHS: string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS: string[] = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

export class Civil {
  year: i32 = 1970;
  month: i32 = 1;
  day: i32 = 1;
  hour: i32 = 0;
  minute: i32 = 0;
  second: i32 = 0;
  nanos: i32 = 0;
  weekday: i32 = 4;
  yday: i32 = 1;
}

function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return a % b != 0 && a < 0 != b < 0 ? q - 1 : q;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  let yy: i64 = <i64>y - (m <= 2 ? 1 : 0);
  const era = floorDiv(yy, 400);
  const yoe = yy - era * 400;
  const mp: i64 = (<i64>m + 9) % 12;
  const doy = (153 * mp + 2) / 5 + <i64>d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

export function civil(unixSecs: i64, nsec: i32, offset: i32): Civil {
  const c = new Civil();
  const secs = unixSecs + <i64>offset;
  c.nanos = nsec;
  const days = floorDiv(secs, 86400);
  let rem = <i32>(secs - days * 86400);
  c.hour = rem / 3600;
  c.minute = (rem % 3600) / 60;
  c.second = rem % 60;
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = doy - (153 * mp + 2) / 5 + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  c.year = <i32>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  c.month = <i32>m;
  c.day = <i32>d;
  c.weekday = <i32>(((days % 7) + 11) % 7);
  c.yday = <i32>(days - daysFromCivil(c.year, 1, 1) + 1);
  return c;
}

function pad(n: i32, width: i32): string {
  let s = (n < 0 ? -n : n).toString();
  while (s.length < width) s = '0' + s;
  return n < 0 ? '-' + s : s;
}

function zoneText(offset: i32, colon: bool, seconds: bool, hoursOnly: bool, z: bool): string {
  if (z && offset == 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = offset < 0 ? -offset : offset;
  let s = sign + pad(a / 3600, 2);
  if (hoursOnly) return s;
  s += (colon ? ':' : '') + pad((a % 3600) / 60, 2);
  if (seconds) s += (colon ? ':' : '') + pad(a % 60, 2);
  return s;
}

function zoneName(offset: i32, zone: string): string {
  if (zone.length > 0) return zone;
  // Go prints a zone without abbreviation as its offset: +08, -0530
  const a = offset < 0 ? -offset : offset;
  let s = (offset < 0 ? '-' : '+') + pad(a / 3600, 2);
  if ((a % 3600) / 60 != 0) s += pad((a % 3600) / 60, 2);
  return s;
}

function startsAt(s: string, i: i32, p: string): bool {
  return s.substr(i, p.length) == p;
}

/** Go's Time.Format. */
export function formatTime(
  secs: i64,
  nsec: i32,
  offset: i32,
  zone: string,
  layout: string,
): string {
  const c = civil(secs, nsec, offset);
  let out = '';
  let i = 0;
  const n = layout.length;
  while (i < n) {
    const ch = layout.charCodeAt(i);
    if (startsAt(layout, i, 'January')) {
      out += MONTHS[c.month - 1];
      i += 7;
      continue;
    }
    if (startsAt(layout, i, 'Jan')) {
      out += MONTHS[c.month - 1].substring(0, 3);
      i += 3;
      continue;
    }
    if (startsAt(layout, i, 'Monday')) {
      out += DAYS[c.weekday];
      i += 6;
      continue;
    }
    if (startsAt(layout, i, 'Mon')) {
      out += DAYS[c.weekday].substring(0, 3);
      i += 3;
      continue;
    }
    if (startsAt(layout, i, 'MST')) {
      out += zoneName(offset, zone);
      i += 3;
      continue;
    }
    if (startsAt(layout, i, '2006')) {
      out += pad(c.year, 4);
      i += 4;
      continue;
    }
    if (startsAt(layout, i, '2')) {
      if (startsAt(layout, i, '2006')) continue;
      out += c.day.toString();
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '01')) {
      out += pad(c.month, 2);
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '02')) {
      out += pad(c.day, 2);
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '03')) {
      out += pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2);
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '04')) {
      out += pad(c.minute, 2);
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '05')) {
      out += pad(c.second, 2);
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '06')) {
      out += pad(c.year % 100, 2);
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '002')) {
      out += pad(c.yday, 3);
      i += 3;
      continue;
    }
    if (startsAt(layout, i, '__2')) {
      const s = c.yday.toString();
      out += ' '.repeat(3 - s.length) + s;
      i += 3;
      continue;
    }
    if (startsAt(layout, i, '_2')) {
      out += (c.day < 10 ? ' ' : '') + c.day.toString();
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '15')) {
      out += pad(c.hour, 2);
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '1')) {
      out += c.month.toString();
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '3')) {
      out += (c.hour % 12 == 0 ? 12 : c.hour % 12).toString();
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '4')) {
      out += c.minute.toString();
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '5')) {
      out += c.second.toString();
      i += 1;
      continue;
    }
    if (startsAt(layout, i, 'PM')) {
      out += c.hour >= 12 ? 'PM' : 'AM';
      i += 2;
      continue;
    }
    if (startsAt(layout, i, 'pm')) {
      out += c.hour >= 12 ? 'pm' : 'am';
      i += 2;
      continue;
    }
    if (startsAt(layout, i, 'Z07:00:00')) {
      out += zoneText(offset, true, true, false, true);
      i += 9;
      continue;
    }
    if (startsAt(layout, i, '-07:00:00')) {
      out += zoneText(offset, true, true, false, false);
      i += 9;
      continue;
    }
    if (startsAt(layout, i, 'Z070000')) {
      out += zoneText(offset, false, true, false, true);
      i += 7;
      continue;
    }
    if (startsAt(layout, i, '-070000')) {
      out += zoneText(offset, false, true, false, false);
      i += 7;
      continue;
    }
    if (startsAt(layout, i, 'Z07:00')) {
      out += zoneText(offset, true, false, false, true);
      i += 6;
      continue;
    }
    if (startsAt(layout, i, '-07:00')) {
      out += zoneText(offset, true, false, false, false);
      i += 6;
      continue;
    }
    if (startsAt(layout, i, 'Z0700')) {
      out += zoneText(offset, false, false, false, true);
      i += 5;
      continue;
    }
    if (startsAt(layout, i, '-0700')) {
      out += zoneText(offset, false, false, false, false);
      i += 5;
      continue;
    }
    if (startsAt(layout, i, 'Z07')) {
      out += zoneText(offset, false, false, true, true);
      i += 3;
      continue;
    }
    if (startsAt(layout, i, '-07')) {
      out += zoneText(offset, false, false, true, false);
      i += 3;
      continue;
    }
    if (
      (ch == 0x2e || ch == 0x2c) &&
      i + 1 < n &&
      (layout.charCodeAt(i + 1) == 0x30 || layout.charCodeAt(i + 1) == 0x39)
    ) {
      const digit = layout.charCodeAt(i + 1);
      let j = i + 1;
      while (j < n && layout.charCodeAt(j) == digit) j++;
      // only a fraction if not followed by another digit
      if (!(j < n && layout.charCodeAt(j) >= 0x30 && layout.charCodeAt(j) <= 0x39)) {
        const width = j - i - 1;
        let frac = pad(c.nanos, 9).substring(0, width);
        if (digit == 0x39) {
          while (frac.endsWith('0')) frac = frac.substring(0, frac.length - 1);
          if (frac.length > 0) out += String.fromCharCode(ch) + frac;
        } else out += String.fromCharCode(ch) + frac;
        i = j;
        continue;
      }
    }
    out += String.fromCharCode(ch);
    i++;
  }
  return out;
}

/** Go's Time.String() (without the monotonic clock reading). */
export function goTimeString(secs: i64, nsec: i32, offset: i32, zone: string): string {
  return formatTime(secs, nsec, offset, zone, '2006-01-02 15:04:05.999999999 -0700 MST');
}

export let parseOk: bool = false;
/** The nanoseconds within the second of the last successful parseTime. */
export let parsedNsec: i32 = 0;
export let parsedOffset: i32 = 0;
export let parsedHasZone: bool = false;
export let parsedZone: string = '';

function readInt(s: string, i: i32, minDigits: i32, maxDigits: i32): i32 {
  let j = i;
  while (j < s.length && j - i < maxDigits && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39)
    j++;
  if (j - i < minDigits) return -1;
  readEnd = j;
  return I32.parseInt(s.substring(i, j));
}
let readEnd: i32 = 0;

function readName(s: string, i: i32, names: string[], len: i32): i32 {
  for (let k = 0; k < names.length; k++) {
    const name = len > 0 ? names[k].substring(0, len) : names[k];
    if (s.substr(i, name.length).toLowerCase() == name.toLowerCase()) {
      readEnd = i + name.length;
      return k;
    }
  }
  return -1;
}

/**
 * Go's time.ParseInLocation for the layout elements templates use; returns Unix seconds
 * (parseOk false on a mismatch). Without a zone in the text, the time is in defaultOffset.
 */
export function parseTime(layout: string, value: string, defaultOffset: i32): i64 {
  parseOk = false;
  parsedHasZone = false;
  parsedZone = '';
  let year = 1,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0,
    nanos = 0;
  let pm = -1;
  let offset = defaultOffset;
  let i = 0;
  let v = 0;
  const n = layout.length;
  while (i < n) {
    let r: i32;
    if (startsAt(layout, i, '2006')) {
      r = readInt(value, v, 4, 4);
      if (r < 0) return 0;
      year = r;
      v = readEnd;
      i += 4;
      continue;
    }
    if (startsAt(layout, i, 'January')) {
      r = readName(value, v, MONTHS, 0);
      if (r < 0) return 0;
      month = r + 1;
      v = readEnd;
      i += 7;
      continue;
    }
    if (startsAt(layout, i, 'Jan')) {
      r = readName(value, v, MONTHS, 3);
      if (r < 0) return 0;
      month = r + 1;
      v = readEnd;
      i += 3;
      continue;
    }
    if (startsAt(layout, i, 'Monday')) {
      r = readName(value, v, DAYS, 0);
      if (r < 0) return 0;
      v = readEnd;
      i += 6;
      continue;
    }
    if (startsAt(layout, i, 'Mon')) {
      r = readName(value, v, DAYS, 3);
      if (r < 0) return 0;
      v = readEnd;
      i += 3;
      continue;
    }
    if (startsAt(layout, i, 'MST')) {
      let j = v;
      while (j < value.length && value.charCodeAt(j) >= 0x41 && value.charCodeAt(j) <= 0x5a) j++;
      if (j - v < 3) return 0;
      parsedZone = value.substring(v, j);
      if (parsedZone == 'UTC' || parsedZone == 'GMT') {
        offset = 0;
        parsedHasZone = true;
      }
      v = j;
      i += 3;
      continue;
    }
    if (startsAt(layout, i, '01')) {
      r = readInt(value, v, 2, 2);
      if (r < 1 || r > 12) return 0;
      month = r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '02')) {
      r = readInt(value, v, 2, 2);
      if (r < 1) return 0;
      day = r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '_2')) {
      if (value.charCodeAt(v) == 0x20) v++;
      r = readInt(value, v, 1, 2);
      if (r < 1) return 0;
      day = r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '03')) {
      r = readInt(value, v, 2, 2);
      if (r < 0 || r > 12) return 0;
      hour = r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '04')) {
      r = readInt(value, v, 2, 2);
      if (r < 0 || r > 59) return 0;
      minute = r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '05')) {
      r = readInt(value, v, 2, 2);
      if (r < 0 || r > 59) return 0;
      second = r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '06')) {
      r = readInt(value, v, 2, 2);
      if (r < 0) return 0;
      year = r >= 69 ? 1900 + r : 2000 + r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, '15')) {
      r = readInt(value, v, 1, 2);
      if (r < 0 || r > 23) return 0;
      hour = r;
      v = readEnd;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, 'PM')) {
      const t = value.substr(v, 2).toUpperCase();
      if (t == 'PM') pm = 1;
      else if (t == 'AM') pm = 0;
      else return 0;
      v += 2;
      i += 2;
      continue;
    }
    if (startsAt(layout, i, 'pm')) {
      const t = value.substr(v, 2).toLowerCase();
      if (t == 'pm') pm = 1;
      else if (t == 'am') pm = 0;
      else return 0;
      v += 2;
      i += 2;
      continue;
    }
    if (
      startsAt(layout, i, 'Z07:00') ||
      startsAt(layout, i, '-07:00') ||
      startsAt(layout, i, 'Z0700') ||
      startsAt(layout, i, '-0700') ||
      startsAt(layout, i, 'Z07') ||
      startsAt(layout, i, '-07')
    ) {
      const isZ = layout.charCodeAt(i) == 0x5a;
      const colon = startsAt(layout, i + 3, ':');
      const len =
        startsAt(layout, i, 'Z07:00') || startsAt(layout, i, '-07:00')
          ? 6
          : startsAt(layout, i, 'Z0700') || startsAt(layout, i, '-0700')
            ? 5
            : 3;
      if (isZ && value.charCodeAt(v) == 0x5a) {
        offset = 0;
        parsedHasZone = true;
        v++;
        i += len;
        continue;
      }
      const sign = value.charCodeAt(v);
      if (sign != 0x2b && sign != 0x2d) return 0;
      const hh = readInt(value, v + 1, 2, 2);
      if (hh < 0) return 0;
      let p = v + 3;
      let mm = 0;
      if (len > 3) {
        if (colon) {
          if (value.charCodeAt(p) != 0x3a) return 0;
          p++;
        }
        mm = readInt(value, p, 2, 2);
        if (mm < 0) return 0;
        p += 2;
      }
      offset = (hh * 3600 + mm * 60) * (sign == 0x2d ? -1 : 1);
      parsedHasZone = true;
      v = p;
      i += len;
      continue;
    }
    const ch = layout.charCodeAt(i);
    if (
      (ch == 0x2e || ch == 0x2c) &&
      i + 1 < n &&
      (layout.charCodeAt(i + 1) == 0x30 || layout.charCodeAt(i + 1) == 0x39)
    ) {
      const digit = layout.charCodeAt(i + 1);
      let j = i + 1;
      while (j < n && layout.charCodeAt(j) == digit) j++;
      if (value.charCodeAt(v) == 0x2e || value.charCodeAt(v) == 0x2c) {
        let k = v + 1;
        while (k < value.length && value.charCodeAt(k) >= 0x30 && value.charCodeAt(k) <= 0x39) k++;
        const frac = (value.substring(v + 1, k) + '000000000').substring(0, 9);
        nanos = I32.parseInt(frac);
        v = k;
      } else if (digit == 0x30) return 0;
      i = j;
      continue;
    }
    if (startsAt(layout, i, '1')) {
      r = readInt(value, v, 1, 2);
      if (r < 1 || r > 12) return 0;
      month = r;
      v = readEnd;
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '2')) {
      r = readInt(value, v, 1, 2);
      if (r < 1) return 0;
      day = r;
      v = readEnd;
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '3')) {
      r = readInt(value, v, 1, 2);
      if (r < 0 || r > 12) return 0;
      hour = r;
      v = readEnd;
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '4')) {
      r = readInt(value, v, 1, 2);
      if (r < 0) return 0;
      minute = r;
      v = readEnd;
      i += 1;
      continue;
    }
    if (startsAt(layout, i, '5')) {
      r = readInt(value, v, 1, 2);
      if (r < 0) return 0;
      second = r;
      v = readEnd;
      i += 1;
      continue;
    }
    // a literal character must match; a fractional second may follow seconds without layout
    if (v < value.length && value.charCodeAt(v) == ch) {
      v++;
      i++;
      continue;
    }
    return 0;
  }
  if (v < value.length && (value.charCodeAt(v) == 0x2e || value.charCodeAt(v) == 0x2c)) {
    let k = v + 1;
    while (k < value.length && value.charCodeAt(k) >= 0x30 && value.charCodeAt(k) <= 0x39) k++;
    nanos = I32.parseInt((value.substring(v + 1, k) + '000000000').substring(0, 9));
    v = k;
  }
  if (v != value.length) return 0;
  if (pm == 1 && hour < 12) hour += 12;
  if (pm == 0 && hour == 12) hour = 0;
  if (day > 31 || (month == 2 && day > 29)) return 0;
  parsedOffset = offset;
  parseOk = true;
  const days = daysFromCivil(year, month, day);
  parsedNsec = nanos;
  return days * 86400 + <i64>hour * 3600 + <i64>minute * 60 + <i64>second - <i64>offset;
}
