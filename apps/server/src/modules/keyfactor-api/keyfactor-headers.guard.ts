import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { KeyfactorApiErrors } from './keyfactor-api.errors';

/** `x-keyfactor-api-version` values Command's v1 clients send. */
const SUPPORTED_API_VERSION = /^1(\.0)?$/;

/**
 * The headers every `/KeyfactorAPI` call must carry. A guard on the Keyfactor controllers, so it
 * runs after the global auth guard: a caller without valid credentials or permission gets 401/403
 * first and learns nothing about the dialect; only an authorised caller gets these 400s.
 */
@Injectable()
export class KeyfactorHeadersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { headers } = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const requestedWith = single(headers['x-keyfactor-requested-with']);
    if (requestedWith === undefined || requestedWith.trim() === '') {
      throw KeyfactorApiErrors.missingRequestedWith(
        "The 'x-keyfactor-requested-with' header is required on Keyfactor API requests (APIClient or XMLHttpRequest).",
      );
    }
    const version = single(headers['x-keyfactor-api-version']);
    if (version !== undefined && !SUPPORTED_API_VERSION.test(version.trim())) {
      throw KeyfactorApiErrors.unsupportedApiVersion(
        `API version '${version}' is not supported; certlab serves version 1 (send 1 or 1.0, or leave the header out).`,
      );
    }
    return true;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
