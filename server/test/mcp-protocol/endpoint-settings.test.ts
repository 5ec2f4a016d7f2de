import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../src/config/settings.ts';
import { defaultAllowedHosts } from '../../src/mcp/protocol/origin-validation.ts';

describe('MCP endpoint settings', () => {
  it('reads the session secret and allowed hosts and origins from the environment', () => {
    const settings = loadSettings([], {
      MCPGW_SESSION_SECRET: 's'.repeat(40),
      MCPGW_ALLOWED_HOSTS: 'mcp.example.com, Gateway.Internal ,',
      MCPGW_ALLOWED_ORIGINS: 'app.example.com',
    });
    expect(settings).toMatchObject({
      sessionSecret: 's'.repeat(40),
      allowedHosts: ['mcp.example.com', 'gateway.internal'],
      allowedOrigins: ['app.example.com'],
    });
    const defaults = loadSettings([], {});
    expect(defaults?.sessionSecret).toBeUndefined();
    expect(defaults?.allowedHosts).toBeUndefined();
  });

  it('refuses a session secret shorter than 32 characters', () => {
    expect(() => loadSettings([], { MCPGW_SESSION_SECRET: 'short' })).toThrow(SettingsError);
    expect(() => loadSettings([], { MCPGW_SESSION_SECRET: 'short' })).toThrow(
      /at least 32 characters long, got 5/,
    );
  });

  it('allows loopback names by default, plus the bound address when it is a specific one', () => {
    expect(defaultAllowedHosts('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(defaultAllowedHosts('10.1.2.3')).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      '10.1.2.3',
    ]);
    expect(defaultAllowedHosts('fd00::5')).toContain('[fd00::5]');
  });
});
