import { HttpErrorResponse } from '@angular/common/http';

/** A failed API call, reduced to what the UI shows: a status (0 = unreachable) and a message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unreachable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

function bodyMessage(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return message.trim();
  }
  return undefined;
}

/** Maps whatever HttpClient threw to an ApiError, preferring the API's own `{ message }`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0)
      return new ApiError(0, 'No response (network error, or blocked by CORS)');
    const message = bodyMessage(error.error) ?? `HTTP ${error.status} ${error.statusText}`.trim();
    return new ApiError(error.status, message);
  }
  return new ApiError(0, error instanceof Error ? error.message : String(error));
}
