// The host functions the runtime imports (the whole of its outside world, see DESIGN.md):
// the clock, random bytes, time-zone offsets and a log.

// @ts-ignore: decorator
@external("host", "now_ms")
declare function hostNowMs(): f64;

// @ts-ignore: decorator
@external("host", "random_bytes")
declare function hostRandomBytes(ptr: usize, len: i32): void;

// @ts-ignore: decorator
@external("host", "tz_offset")
declare function hostTzOffset(namePtr: usize, nameLen: i32, epochMs: f64): i32;

// @ts-ignore: decorator
@external("host", "tz_abbrev")
declare function hostTzAbbrev(namePtr: usize, nameLen: i32, epochMs: f64, outPtr: usize, outCap: i32): i32;

// @ts-ignore: decorator
@external("host", "log")
declare function hostLog(level: i32, ptr: usize, len: i32): void;

/** tz_offset's answer for a zone the host does not know. */
export const UNKNOWN_ZONE: i32 = 0x7fffffff;

/** Unix time in nanoseconds. */
export function nowNanos(): i64 {
  const ms = hostNowMs();
  return <i64>Math.floor(ms) * 1000000 + <i64>((ms - Math.floor(ms)) * 1000000);
}

export function randomBytes(n: i32): Uint8Array {
  const out = new Uint8Array(n);
  if (n > 0) hostRandomBytes(out.dataStart, n);
  return out;
}

/** Offset from UTC in seconds of an IANA zone at a Unix time (milliseconds); UNKNOWN_ZONE if unknown. */
export function zoneOffset(zone: string, epochMs: i64): i32 {
  return hostTzOffset(changetype<usize>(zone), zone.length, <f64>epochMs);
}

export function log(level: i32, message: string): void {
  hostLog(level, changetype<usize>(message), message.length);
}

/** The abbreviation of an IANA zone at a Unix time (milliseconds), such as "EST"; "" if none. */
export function zoneAbbreviation(zone: string, epochMs: i64): string {
  const out = new Uint8Array(16);
  const n = hostTzAbbrev(changetype<usize>(zone), zone.length, <f64>epochMs, out.dataStart, out.length);
  if (n <= 0 || n > out.length) return "";
  return String.UTF8.decodeUnsafe(out.dataStart, <usize>n);
}
