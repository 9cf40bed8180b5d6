import { type IncomingMessage, type ServerResponse } from 'node:http';
import { LAB_CLOCK_HEADER, LAB_TIME_HEADER } from '@certlab/contracts';
import { type Clock } from '../../common/clock';

/**
 * Express middleware: every response says what time the server reads (`X-Certlab-Time`) and,
 * while the lab clock is virtual, `X-Certlab-Clock: virtual`. The headers are set as the response
 * head goes out, not when the request arrives, so a long poll or a clock change reports the time
 * of its answer. Registered before the body parser and the router, so errors carry them too.
 */
export function labClockHeaders(clock: Clock) {
  return (_request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    // Node calls writeHead for every response, explicit or implicit (`end()` without it).
    response.writeHead = (...args: unknown[]) => {
      if (!response.headersSent) {
        response.setHeader(LAB_TIME_HEADER, clock.now().toISOString());
        if (clock.isVirtual()) response.setHeader(LAB_CLOCK_HEADER, 'virtual');
        else response.removeHeader(LAB_CLOCK_HEADER);
      }
      return writeHead(...args);
    };
    next();
  };
}
