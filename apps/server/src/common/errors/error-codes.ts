import { type ErrorCode } from './app-error';

/**
 * Codes for failures that happen before a module sees the request (unknown route, unreadable body,
 * unexpected bug). Keyfactor does not publish its codes, so certlab reserves the `0xA011F` block for
 * these and puts the HTTP status in the last three digits (`0xA011F404`): readable at a glance and
 * clear of module codes such as the vendor's `0xA0110007`.
 */
export function httpErrorCode(httpStatus: number): ErrorCode {
  const status =
    Number.isInteger(httpStatus) && httpStatus >= 400 && httpStatus <= 599 ? httpStatus : 500;
  return `0xA011F${status}`;
}

export const INTERNAL_ERROR_CODE = httpErrorCode(500);
