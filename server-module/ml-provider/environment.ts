/**
 * How immich-lens reads an environment variable, for both hosts' configuration readers: a value that
 * cannot be used is a ConfigError naming the variable.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export type Env = Record<string, string | undefined>;

export interface EnvironmentVariable {
  name: string;
  /** the default as the README shows it */
  default: string;
  /** 'both': the Immich graft and the standalone host; 'standalone': the CLI / HTTP host only */
  host: 'both' | 'standalone';
  description: string;
}

/** A configuration value that cannot be used; `variable` names its source. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** A set variable's value; an empty value counts as unset. */
export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

export function integer(env: Env, name: string, min: number): number | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(name, `must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got "${value}"`);
  }
  return n;
}

export function directory(name: string, value: string): string {
  const dir = resolve(value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(name, `not a directory: ${value}`);
  return dir;
}

export function url(name: string, value: string, protocols: string[]): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `not a URL: "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `expected a ${protocols.join(' or ')}// URL, got "${value}"`);
}
