/**
 * Every error leaves as JSON `{statusCode, error, message}`. User input errors are 4xx with a message
 * saying what to fix (zod issues, query syntax, malformed JSON); only real faults are 500.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { SearchQueryError } from '../../search/query';

interface Issue { path: PropertyKey[]; message: string }

@Catch()
export class LensExceptionFilter implements ExceptionFilter {
  constructor(private readonly log: (line: string) => void = (line) => console.error(line)) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void }; headersSent?: boolean }>();
    const { status, message } = this.describe(exception);
    if (status >= 500) this.log(`request failed: ${exception instanceof Error ? exception.stack : String(exception)}`);
    if (response.headersSent) return;
    response.status(status).json({ statusCode: status, error: errorName(status), message });
  }

  private describe(exception: unknown): { status: number; message: string | string[] } {
    if (exception instanceof ZodValidationException) {
      const error = exception.getZodError() as { issues?: Issue[] };
      const issues = (error.issues ?? []).map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
      return { status: 400, message: issues.length ? issues : 'Validation failed' };
    }
    if (exception instanceof SearchQueryError) return { status: 400, message: exception.message };
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? (body as { message: string | string[] }).message : exception.message;
      return { status: exception.getStatus(), message };
    }
    // body-parser: malformed JSON, too large, wrong charset
    const http = exception as { status?: number; type?: string; message?: string };
    if (typeof http?.status === 'number' && http.status >= 400 && http.status < 500) {
      return { status: http.status, message: http.type === 'entity.parse.failed' ? `Malformed JSON body: ${http.message}` : String(http.message) };
    }
    return { status: 500, message: 'Internal server error' };
  }
}

function errorName(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 415: 'Unsupported Media Type' } as Record<number, string>)[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
