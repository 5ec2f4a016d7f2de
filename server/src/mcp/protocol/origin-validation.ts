import {
  localhostAllowedHostnames,
  validateHostHeader,
  validateOriginHeader,
} from '@modelcontextprotocol/server';

export interface OriginPolicy {
  /** Host names (no port) the Host header may name; `*` accepts any (a proxy in front checks it). */
  allowedHosts: readonly string[];
  /** Host names a browser Origin may name besides the allowed hosts; `*` accepts any. */
  allowedOrigins: readonly string[];
}

/** Loopback names, plus the address the data plane is bound to when it is a specific one. */
export function defaultAllowedHosts(boundHost: string): string[] {
  const hosts = localhostAllowedHostnames();
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::' || boundHost === '';
  if (!wildcard) {
    const name =
      boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
    if (!hosts.includes(name)) hosts.push(name);
  }
  return hosts;
}

const ACCEPTED_CACHE_SIZE = 1000;

/**
 * DNS-rebinding protection: a page on an attacker's domain that resolves to this gateway
 * sends its own name in Host and Origin, so both are checked against names the operator
 * allowed. Returns a refusal message, or undefined when the request may proceed.
 */
export function createOriginGuard(policy: OriginPolicy) {
  const anyHost = policy.allowedHosts.includes('*');
  const anyOrigin = policy.allowedOrigins.includes('*');
  const hosts = [...policy.allowedHosts];
  const origins = [...policy.allowedHosts, ...policy.allowedOrigins];
  const acceptedHosts = new Set<string>();
  const acceptedOrigins = new Set<string>();

  return function refusal(
    host: string | undefined,
    origin: string | undefined,
  ): string | undefined {
    if (!anyHost && (host === undefined || !acceptedHosts.has(host))) {
      const result = validateHostHeader(host, hosts);
      if (!result.ok)
        return `${result.message} (not an allowed host name; see MCPGW_ALLOWED_HOSTS)`;
      if (acceptedHosts.size < ACCEPTED_CACHE_SIZE) acceptedHosts.add(host as string);
    }
    if (!anyOrigin && origin !== undefined && !acceptedOrigins.has(origin)) {
      const result = validateOriginHeader(origin, origins);
      if (!result.ok) return `${result.message} (not an allowed origin; see MCPGW_ALLOWED_ORIGINS)`;
      if (acceptedOrigins.size < ACCEPTED_CACHE_SIZE) acceptedOrigins.add(origin);
    }
    return undefined;
  };
}
