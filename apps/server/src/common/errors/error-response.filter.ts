import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONSOLE_CLIENT_HEADER, CONSOLE_CLIENT_VALUE, SESSION_COOKIE } from '@certlab/contracts';
import { toErrorResponse } from './error-body';

/**
 * The one place where errors become HTTP responses (house rule 2). Registered as a global filter,
 * so it also answers Nest's own errors: unknown routes, unreadable or oversized bodies.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorResponseFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const http = host.switchToHttp();
    const response: unknown = http.getResponse();
    const { httpStatus, body, isServerFault } = toErrorResponse(exception);

    if (isServerFault) {
      const request: unknown = http.getRequest();
      this.logger.error(
        `${httpAdapter.getRequestMethod(request)} ${httpAdapter.getRequestUrl(request)} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    // A streaming handler may have started its answer already: a JSON body cannot follow, so cut
    // the response short rather than leave the client waiting.
    if (httpAdapter.isHeadersSent(response)) {
      httpAdapter.end(response);
      return;
    }
    // RFC 7235: a 401 names the scheme the client should use. Not to the console, where the
    // browser would answer it with its own Basic dialog over the sign-in page.
    if (httpStatus === 401 && !fromConsole(http.getRequest()))
      httpAdapter.setHeader(response, 'WWW-Authenticate', 'Basic realm="certlab", charset="UTF-8"');
    httpAdapter.reply(response, body, httpStatus);
  }
}

/** The console names itself on every call and carries its session cookie. */
function fromConsole(request: {
  headers?: Record<string, string | string[] | undefined>;
}): boolean {
  const headers = request.headers ?? {};
  const client = headers[CONSOLE_CLIENT_HEADER.toLowerCase()];
  const cookie = headers.cookie;
  return (
    client === CONSOLE_CLIENT_VALUE ||
    (typeof cookie === 'string' && cookie.includes(`${SESSION_COOKIE}=`))
  );
}
