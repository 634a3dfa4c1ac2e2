import { isHttpError } from '@immich/sdk';

/**
 * The message a person should read: Immich's `{message}` body of an HTTP error, else the error's own.
 * SDK calls made with fetchText (runAssetJobs) carry the body as text, so it is parsed here.
 */
export function errorMessage(error: unknown): string {
  if (isHttpError(error)) {
    let data: unknown = error.data;
    if (typeof data === 'string') {
      const text = data;
      try {
        data = JSON.parse(text);
      } catch {
        return text.trim() || `HTTP ${error.status}`;
      }
    }
    const message = (data as { message?: unknown } | null)?.message;
    if (typeof message === 'string' && message) return message;
    if (Array.isArray(message)) return message.join('; ');
    return `HTTP ${error.status}`;
  }
  return error instanceof Error ? error.message : String(error);
}
