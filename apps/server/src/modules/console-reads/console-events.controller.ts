import { type BeforeApplicationShutdown, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { type LiveEvent } from '@certlab/contracts';
import { Requires } from '../auth/permissions';
import { LiveEvents } from '../live-events/live-events.service';

/** Comment lines keep proxies and load balancers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Node's timers overflow past this; a longer session's stream ends early and reconnects. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How soon a browser reconnects after the stream drops. */
const RETRY_MS = 2_000;

interface StreamRequest extends Request {
  consoleSession?: { token: string; expiresAt: Date };
}

/**
 * `GET /api/events`: the console's live view as server-sent events (docs/console.md, "Live
 * updates"). Authenticated like every route; a console session's stream ends when the session
 * does (sign-out or expiry), and every stream ends when the server shuts down.
 */
@ApiTags('Console')
@Controller('api')
export class ConsoleEventsController implements BeforeApplicationShutdown {
  private readonly open = new Set<() => void>();

  constructor(private readonly events: LiveEvents) {}

  @Get('events')
  @Requires('read')
  @ApiOperation({ summary: 'Live change notifications for the console (text/event-stream)' })
  @ApiProduces('text/event-stream')
  stream(@Req() request: StreamRequest, @Res() response: Response): void {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    // nginx buffers proxied responses unless told not to.
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: ${RETRY_MS}\n: connected\n\n`);

    const session = request.consoleSession;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
      this.open.delete(end);
      response.end();
    };
    const unsubscribe = this.events.subscribe(
      (event: LiveEvent) =>
        response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
      session ? { session: session.token, onSessionEnd: end } : {},
    );
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    // Real time on purpose: the session's lifetime is real time.
    const expiry = session
      ? setTimeout(
          end,
          Math.min(MAX_TIMER_MS, Math.max(0, session.expiresAt.getTime() - Date.now())),
        )
      : undefined;
    this.open.add(end);
    request.on('close', end);
  }

  /**
   * Before the HTTP server closes: it waits for open connections, and a stream never ends by
   * itself, so a shutdown would wait for every console to go away.
   */
  beforeApplicationShutdown(): void {
    for (const end of [...this.open]) end();
  }
}
