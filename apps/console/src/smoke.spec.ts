import { certificateState } from '@certlab/contracts';

test('contracts load in the console tests', () => {
  expect(
    certificateState(
      { notAfter: '2030-01-01T00:00:00Z', revokedAt: null },
      new Date('2029-12-15T00:00:00Z'),
    ),
  ).toBe('expiring');
});
