import { ApiError, errorMessage, failureTitle } from './client';

describe('failures in words', () => {
  it('names a refusal only when the server answered', () => {
    const refused = new ApiError(400, '0xA0110803', 'Certificate 16 was not issued by a lab CA.');
    const unreachable = new ApiError(0, 'network', 'The server could not be reached.');
    expect(failureTitle(refused, 'The server refused the renewal')).toBe(
      'The server refused the renewal',
    );
    expect(failureTitle(unreachable, 'The server refused the renewal')).toBe(
      'No answer from the server',
    );
    expect(errorMessage(refused)).toBe('Certificate 16 was not issued by a lab CA.');
  });
});
