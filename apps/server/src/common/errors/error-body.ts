import { HttpException } from '@nestjs/common';
import { AppError, type ErrorCode } from './app-error';
import { httpErrorCode, INTERNAL_ERROR_CODE } from './error-codes';

/** Keyfactor's error body; both fields are PascalCase on the wire. */
export interface ErrorBody {
  ErrorCode: ErrorCode;
  Message: string;
}

export interface ErrorResponse {
  httpStatus: number;
  body: ErrorBody;
  /** True when the error is a bug (or a server-side failure) whose details belong in the log only. */
  isServerFault: boolean;
}

const GENERIC_SERVER_MESSAGE = 'An unexpected error occurred. The server log has the details.';

/** Maps anything thrown while handling a request to the status and body the client receives. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof AppError) {
    return fromStatus(exception.httpStatus, exception.message, exception.code);
  }
  if (exception instanceof HttpException) {
    return fromStatus(exception.getStatus(), httpExceptionMessage(exception));
  }
  const clientError = asExposedClientError(exception);
  if (clientError) {
    return fromStatus(clientError.status, clientError.message);
  }
  return serverFault();
}

function fromStatus(httpStatus: number, message: string, code?: ErrorCode): ErrorResponse {
  if (httpStatus >= 500 || httpStatus < 400) {
    return serverFault(httpStatus >= 500 ? httpStatus : 500);
  }
  return {
    httpStatus,
    body: { ErrorCode: code ?? httpErrorCode(httpStatus), Message: message },
    isServerFault: false,
  };
}

function serverFault(httpStatus = 500): ErrorResponse {
  return {
    httpStatus,
    body: {
      ErrorCode: httpStatus === 500 ? INTERNAL_ERROR_CODE : httpErrorCode(httpStatus),
      Message: GENERIC_SERVER_MESSAGE,
    },
    isServerFault: true,
  };
}

/** Nest puts either a string or `{ message: string | string[] }` in an HttpException's response. */
function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  if (typeof response === 'object' && 'message' in response) {
    const { message } = response;
    if (typeof message === 'string') {
      return message;
    }
    if (Array.isArray(message) && message.every((item) => typeof item === 'string')) {
      return message.join('; ');
    }
  }
  return exception.message;
}

/**
 * Express middleware (the body parser) reports client mistakes as `http-errors` objects: a 4xx
 * `status` and `expose: true` mean the message was written for the client. Nest only converts the
 * JSON syntax error itself, so "body too large" (413) and "unsupported charset" (415) arrive here raw.
 */
function asExposedClientError(exception: unknown): { status: number; message: string } | undefined {
  if (!(exception instanceof Error) || !('status' in exception) || !('expose' in exception)) {
    return undefined;
  }
  const { status, expose } = exception;
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) {
    return undefined;
  }
  return { status, message: exception.message };
}
