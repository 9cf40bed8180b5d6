import { parseLabDuration } from './lab-clock';
import { LabClockCommandSchema } from './lab-clock-command';

const DAY = 86_400_000;

describe('parseLabDuration', () => {
  it.each([
    ['+60d', 60 * DAY],
    ['60d', 60 * DAY],
    ['-2h', -2 * 3_600_000],
    ['90m', 90 * 60_000],
    ['1d12h', 36 * 3_600_000],
    ['2w', 14 * DAY],
    ['1.5d', 36 * 3_600_000],
    ['P60D', 60 * DAY],
    ['PT1H30M', 90 * 60_000],
    ['-P2W', -14 * DAY],
    ['P1DT12H', 36 * 3_600_000],
  ])('reads %s', (text, expected) => {
    expect(parseLabDuration(text)).toBe(expected);
  });

  it('reads a number as seconds', () => {
    expect(parseLabDuration(3600)).toBe(3_600_000);
    expect(parseLabDuration(-60)).toBe(-60_000);
  });

  it.each(['', '60', 'd', '+60x', 'P1Y', 'P1M', 'P', 'PT', '60 days', '1d 2h', '--1d'])(
    'refuses %j',
    (text) => {
      expect(parseLabDuration(text)).toBeUndefined();
    },
  );
});

describe('LabClockCommandSchema', () => {
  it('turns each body into its command', () => {
    expect(LabClockCommandSchema.parse({ advance: '+60d' })).toEqual({
      kind: 'advance',
      milliseconds: 60 * DAY,
    });
    expect(LabClockCommandSchema.parse({ set: '2027-01-01T00:00:00Z' })).toEqual({
      kind: 'set',
      at: new Date('2027-01-01T00:00:00Z'),
    });
    expect(LabClockCommandSchema.parse({ set: '2027-01-01' })).toEqual({
      kind: 'set',
      at: new Date('2027-01-01T00:00:00Z'),
    });
    expect(LabClockCommandSchema.parse({ freeze: true })).toEqual({ kind: 'freeze' });
    expect(LabClockCommandSchema.parse({ resume: true })).toEqual({ kind: 'resume' });
    expect(LabClockCommandSchema.parse({ reset: true })).toEqual({ kind: 'reset' });
  });

  it.each([
    [{}, /exactly one/],
    [{ freeze: true, reset: true }, /exactly one.*freeze, reset/],
    [{ advance: '60 days' }, /advance.*ISO-8601 duration/],
    [{ advance: '+200000d' }, /100 years/],
    [{ set: 'next tuesday' }, /ISO-8601/],
    [{ freeze: false }, /freeze/],
    [{ jump: '+1d' }, /jump/],
  ])('refuses %j with a message that says why', (body, message) => {
    const result = LabClockCommandSchema.safeParse(body);
    expect(result.success).toBe(false);
    const text = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    expect(text).toMatch(message);
  });
});
