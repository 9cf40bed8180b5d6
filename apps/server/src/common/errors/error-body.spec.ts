import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error';
import { toErrorResponse } from './error-body';

class TemplateNotFoundError extends AppError {
  constructor(name: string) {
    super('0xA0110021', 404, `Template '${name}' was not found.`);
  }
}

describe('toErrorResponse', () => {
  it('uses an AppError code, status and message as given', () => {
    expect(toErrorResponse(new TemplateNotFoundError('WebServer'))).toEqual({
      httpStatus: 404,
      body: { ErrorCode: '0xA0110021', Message: "Template 'WebServer' was not found." },
      isServerFault: false,
    });
  });

  it('maps Nest HTTP exceptions to their status, joining validation messages', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x')).body).toEqual({
      ErrorCode: '0xA011F404',
      Message: 'Cannot GET /x',
    });
    expect(
      toErrorResponse(new BadRequestException(['Subject is required', 'Lookup is required'])).body
        .Message,
    ).toBe('Subject is required; Lookup is required');
  });

  it('passes client errors from express middleware through (body too large)', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
    });

    expect(toErrorResponse(tooLarge)).toMatchObject({
      httpStatus: 413,
      body: { ErrorCode: '0xA011F413' },
    });
  });

  it.each([
    ['a plain Error', new Error('SQLITE_CANTOPEN: /var/lib/certlab/db.sqlite')],
    ['a thrown string', 'boom'],
    [
      'an unexposed status error',
      Object.assign(new Error('ECONNREFUSED 10.0.0.5'), { status: 400, expose: false }),
    ],
    ['a 5xx HttpException', new HttpException('pool exhausted at db.ts:42', 503)],
  ])('hides the details of %s behind a generic 5xx', (_label, exception) => {
    const response = toErrorResponse(exception);

    expect(response.isServerFault).toBe(true);
    expect(response.httpStatus).toBeGreaterThanOrEqual(500);
    expect(response.body.Message).not.toMatch(/SQLITE|ECONNREFUSED|boom|db\.ts/);
  });
});
