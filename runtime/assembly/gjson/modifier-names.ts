// The modifiers gjson knows (Go's stock set). A '.' followed by one of these
// names starts a pipe rather than a key lookup.

export function isModifierName(name: string): bool {
  return (
    name == 'pretty' ||
    name == 'ugly' ||
    name == 'reverse' ||
    name == 'this' ||
    name == 'flatten' ||
    name == 'join' ||
    name == 'valid' ||
    name == 'keys' ||
    name == 'values' ||
    name == 'tostr' ||
    name == 'fromstr' ||
    name == 'group' ||
    name == 'dig'
  );
}
