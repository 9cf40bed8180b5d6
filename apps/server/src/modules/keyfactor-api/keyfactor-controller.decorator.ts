import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { KeyfactorHeadersGuard } from './keyfactor-headers.guard';

/** URL prefix of the Keyfactor API dialect; the vendor document's `servers` end in it. */
export const KEYFACTOR_API_PREFIX = 'KeyfactorAPI';

/**
 * A controller of the `/KeyfactorAPI` dialect: its path under the prefix ('' when its handlers
 * name whole paths), the dialect's header check, its docs tag.
 */
export function KeyfactorController(
  path: string,
  tag = path.split('/')[0] ?? path,
): ClassDecorator {
  return applyDecorators(
    Controller([KEYFACTOR_API_PREFIX, path].filter((part) => part !== '').join('/')),
    UseGuards(KeyfactorHeadersGuard),
    ApiTags(`Keyfactor API: ${tag}`),
    ApiHeader({
      name: 'x-keyfactor-requested-with',
      required: true,
      description: 'APIClient or XMLHttpRequest',
    }),
    ApiHeader({ name: 'x-keyfactor-api-version', required: false, description: '1 or 1.0' }),
  );
}
