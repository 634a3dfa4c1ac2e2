import { isHttpError } from '@immich/sdk';

/** The message a person should read: Immich's `{message}` body of an HTTP error, else the error's own. */
export function errorMessage(error: unknown): string {
  if (isHttpError(error)) {
    const message = error.data?.message;
    if (typeof message === 'string' && message) return message;
    if (Array.isArray(message)) return message.join('; ');
    return `HTTP ${error.status}`;
  }
  return error instanceof Error ? error.message : String(error);
}
