// Facts about the request a template renders for, set by the host per render: the client's
// address for Higress's getRealIP / getSocketIP.

export let realIP: string = '';
export let socketIP: string = '';

export function setRequestContext(real: string, socket: string): void {
  realIP = real;
  socketIP = socket;
}
