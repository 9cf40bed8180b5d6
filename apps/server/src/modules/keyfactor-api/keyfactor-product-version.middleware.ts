import { Injectable, type NestMiddleware } from '@nestjs/common';
import { readAppVersion } from '../../common/app-version';

/** Command names its version in this header; Go clients read it (renew-reference.md section 10). */
export const PRODUCT_VERSION_HEADER = 'x-keyfactor-product-version';

/**
 * Middleware rather than an interceptor so every `/KeyfactorAPI` answer carries the header,
 * including the 401/403/400s that guards produce before any interceptor would run.
 */
@Injectable()
export class KeyfactorProductVersionMiddleware implements NestMiddleware {
  private readonly version = readAppVersion();

  use(
    _request: unknown,
    response: { setHeader(name: string, value: string): unknown },
    next: () => void,
  ): void {
    response.setHeader(PRODUCT_VERSION_HEADER, this.version);
    next();
  }
}
