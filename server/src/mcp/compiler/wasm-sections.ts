/**
 * Custom sections of a WebAssembly binary: the artifact is the runtime module with the server's
 * compiled configuration appended as a custom section, which engines ignore and the host reads.
 */
export const CONFIG_SECTION = 'mcpgw.server';

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

export function customSection(name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const nameLength = leb(nameBytes.length);
  const size = nameLength.length + nameBytes.length + payload.length;
  const header = [0, ...leb(size), ...nameLength];
  const out = new Uint8Array(header.length + nameBytes.length + payload.length);
  out.set(header, 0);
  out.set(nameBytes, header.length);
  out.set(payload, header.length + nameBytes.length);
  return out;
}

export class ArtifactFormatError extends Error {}

/**
 * Splits an artifact: the payload of the named custom section, and the module's bytes without
 * it (whose hash identifies the runtime code, so artifacts of one runtime share a compiled module).
 */
export function splitCustomSection(
  bytes: Uint8Array,
  name: string,
): { payload: Uint8Array; code: Uint8Array } {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new ArtifactFormatError(
      'the artifact is not a WebAssembly module (bad magic or version)',
    );
  const decoder = new TextDecoder();
  let pos = 8;
  const readLeb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length) throw new ArtifactFormatError('the artifact is truncated');
      const b = bytes[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new ArtifactFormatError('the artifact has a malformed section size');
    }
  };
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++]!;
    const size = readLeb();
    const contentStart = pos;
    const end = contentStart + size;
    if (end > bytes.length) throw new ArtifactFormatError('the artifact is truncated');
    if (id === 0) {
      const nameLength = readLeb();
      const sectionName = decoder.decode(bytes.subarray(pos, pos + nameLength));
      if (sectionName === name) {
        const code = new Uint8Array(bytes.length - (end - start));
        code.set(bytes.subarray(0, start), 0);
        code.set(bytes.subarray(end), start);
        return { payload: bytes.slice(pos + nameLength, end), code };
      }
    }
    pos = end;
  }
  throw new ArtifactFormatError(
    `the artifact has no '${name}' section: it is not a compiled server`,
  );
}
