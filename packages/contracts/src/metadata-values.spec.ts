import {
  MAX_BIG_TEXT_LENGTH,
  MAX_METADATA_VALUE_LENGTH,
  type MetadataFieldDefinition,
  type MetadataProblem,
  mergeMetadata,
} from './metadata-values';

function field(
  name: string,
  dataType: number,
  extra: Partial<MetadataFieldDefinition> = {},
): MetadataFieldDefinition {
  return {
    name,
    dataType,
    validation: null,
    message: null,
    enrollment: 0,
    options: null,
    defaultValue: null,
    ...extra,
  };
}

const FIELDS: MetadataFieldDefinition[] = [
  field('AppCode', 1, { validation: '[A-Z]{3}-\\d{2}', message: 'Use ABC-12.' }),
  field('Note', 1),
  field('Count', 2),
  field('Expires', 3),
  field('Approved', 4),
  field('Tier', 5, { options: 'Gold, Silver ,Bronze' }),
  field('Story', 6),
  field('Email-Contact', 7),
];

/** Merges one value into an empty original and returns what happened to it. */
function one(name: string, value: unknown): { value?: string; problem?: MetadataProblem } {
  const result = mergeMetadata(FIELDS, {}, { [name]: value });
  if (result.ok) return { value: result.values[name] };
  return { problem: result.problems[0] };
}

describe('mergeMetadata', () => {
  describe('per DataType', () => {
    it.each<[string, unknown, string]>([
      ['AppCode', 'ABC-12', 'ABC-12'],
      ['Note', 'anything at all', 'anything at all'],
      ['Count', '42', '42'],
      ['Count', '-7', '-7'],
      ['Count', '+007', '7'],
      ['Count', ' 12 ', '12'],
      ['Count', 42, '42'],
      ['Count', '-0', '0'],
      ['Count', String(Number.MAX_SAFE_INTEGER), String(Number.MAX_SAFE_INTEGER)],
      ['Expires', '2026-02-28', '2026-02-28'],
      ['Expires', '2024-02-29', '2024-02-29'],
      ['Expires', '2026-05-01T10:30:00Z', '2026-05-01T10:30:00Z'],
      ['Expires', '2026-05-01T10:30:00.123+02:00', '2026-05-01T10:30:00.123+02:00'],
      ['Approved', 'TRUE', 'true'],
      ['Approved', 'False', 'false'],
      ['Approved', true, 'true'],
      ['Approved', false, 'false'],
      ['Tier', 'Silver', 'Silver'],
      ['Tier', ' Bronze ', 'Bronze'],
      ['Email-Contact', 'a.b@example.com', 'a.b@example.com'],
      ['Email-Contact', 'ops+pki@sub.example.co.uk', 'ops+pki@sub.example.co.uk'],
    ])('accepts %s = %j as %j', (name, value, expected) => {
      expect(one(name, value)).toEqual({ value: expected });
    });

    it.each<[string, unknown, MetadataProblem['reason']]>([
      ['AppCode', 'abc-12', 'regex-mismatch'],
      ['AppCode', 'ABC-123', 'regex-mismatch'],
      ['AppCode', 'xABC-12', 'regex-mismatch'],
      ['Count', '4.5', 'invalid-type'],
      ['Count', '12abc', 'invalid-type'],
      ['Count', '9007199254740993', 'invalid-type'],
      ['Count', 4.5, 'invalid-type'],
      ['Count', Number.NaN, 'invalid-type'],
      ['Expires', '2026-02-30', 'invalid-type'],
      ['Expires', '2025-02-29', 'invalid-type'],
      ['Expires', '2026-13-01', 'invalid-type'],
      ['Expires', '2026-05-01T24:00:00Z', 'invalid-type'],
      ['Expires', '01/05/2026', 'invalid-type'],
      ['Expires', 'tomorrow', 'invalid-type'],
      ['Approved', 'yes', 'invalid-type'],
      ['Approved', 1, 'invalid-type'],
      ['Tier', 'gold', 'not-an-option'],
      ['Tier', 'Platinum', 'not-an-option'],
      ['Email-Contact', 'no-at-sign.example.com', 'invalid-type'],
      ['Email-Contact', 'two@@example.com', 'invalid-type'],
      ['Email-Contact', '@example.com', 'invalid-type'],
      ['Email-Contact', 'a@localhost', 'invalid-type'],
      ['Email-Contact', 'a b@example.com', 'invalid-type'],
      ['Email-Contact', 'a@example..com', 'invalid-type'],
      ['Note', 12, 'invalid-type'],
      ['Note', true, 'invalid-type'],
      ['Note', { nested: 'object' }, 'invalid-type'],
      ['Note', ['a', 'b'], 'invalid-type'],
      ['Count', { value: 1 }, 'invalid-type'],
    ])('rejects %s = %j as %s', (name, value, reason) => {
      expect(one(name, value).problem).toEqual({
        field: name,
        reason,
        message: expect.any(String),
      });
    });

    it('caps BigText at 64 KiB and every other type at 4 KiB', () => {
      expect(one('Story', 'x'.repeat(MAX_BIG_TEXT_LENGTH)).value).toHaveLength(MAX_BIG_TEXT_LENGTH);
      expect(one('Story', 'x'.repeat(MAX_BIG_TEXT_LENGTH + 1)).problem?.reason).toBe(
        'invalid-type',
      );
      expect(one('Note', 'x'.repeat(MAX_METADATA_VALUE_LENGTH)).value).toHaveLength(
        MAX_METADATA_VALUE_LENGTH,
      );
      expect(one('Note', 'x'.repeat(MAX_METADATA_VALUE_LENGTH + 1)).problem?.reason).toBe(
        'invalid-type',
      );
      expect(one('Email-Contact', `a@${'x'.repeat(250)}.com`).problem?.reason).toBe('invalid-type');
    });

    it("uses the field's message for a regex mismatch, and a generic one without it", () => {
      expect(one('AppCode', 'nope').problem?.message).toBe('Use ABC-12.');
      const fields = [field('Code', 1, { validation: '\\d+' })];
      const result = mergeMetadata(fields, {}, { Code: 'x' });
      expect(result).toEqual({
        ok: false,
        problems: [
          { field: 'Code', reason: 'regex-mismatch', message: expect.stringContaining('\\d+') },
        ],
      });
    });

    it('treats an invalid regex in the definition as no match, without throwing', () => {
      const fields = [field('Broken', 1, { validation: '([a-z' })];

      const result = mergeMetadata(fields, {}, { Broken: 'abc' });

      expect(result).toEqual({
        ok: false,
        problems: [
          {
            field: 'Broken',
            reason: 'regex-mismatch',
            message: expect.stringContaining('invalid validation pattern'),
          },
        ],
      });
    });

    it('never hands an over-long value to a catastrophic validation regex', () => {
      const fields = [field('Evil', 1, { validation: '(a+)+b' })];
      const started = Date.now();

      const result = mergeMetadata(fields, {}, { Evil: 'a'.repeat(MAX_METADATA_VALUE_LENGTH + 1) });

      expect(result).toEqual({
        ok: false,
        problems: [
          {
            field: 'Evil',
            reason: 'invalid-type',
            message: expect.stringContaining(String(MAX_METADATA_VALUE_LENGTH)),
          },
        ],
      });
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('rejects every value of a MultipleChoice field without options', () => {
      const result = mergeMetadata([field('Empty', 5)], {}, { Empty: 'a' });
      expect(result).toEqual({
        ok: false,
        problems: [
          { field: 'Empty', reason: 'not-an-option', message: expect.stringContaining('none') },
        ],
      });
    });
  });

  describe('merge', () => {
    it('starts from the original and overlays the overrides', () => {
      const result = mergeMetadata(
        FIELDS,
        { Note: 'old', Count: '1' },
        { Count: '2', Tier: 'Gold' },
      );
      expect(result).toEqual({ ok: true, values: { Note: 'old', Count: '2', Tier: 'Gold' } });
    });

    it('matches names case-insensitively and keys the result by the canonical name', () => {
      const result = mergeMetadata(
        FIELDS,
        { note: 'old' },
        { 'EMAIL-contact': 'a.b@example.com', aPPcODE: 'XYZ-99' },
      );
      expect(result).toEqual({
        ok: true,
        values: { AppCode: 'XYZ-99', Note: 'old', 'Email-Contact': 'a.b@example.com' },
      });
    });

    it.each([null, '', '   '])('clears an original value when the override is %j', (cleared) => {
      const result = mergeMetadata(FIELDS, { Note: 'old', Count: '3' }, { Note: cleared });
      expect(result).toEqual({ ok: true, values: { Count: '3' } });
    });

    it('ignores an override that is undefined', () => {
      expect(mergeMetadata(FIELDS, { Note: 'old' }, { Note: undefined })).toEqual({
        ok: true,
        values: { Note: 'old' },
      });
    });

    it('canonicalises and validates the original values too', () => {
      expect(mergeMetadata(FIELDS, { Approved: 'TRUE', Count: '007' }, {})).toEqual({
        ok: true,
        values: { Count: '7', Approved: 'true' },
      });
      const result = mergeMetadata(FIELDS, { Count: 'seven' }, {});
      expect(result.ok).toBe(false);
    });

    it('drops original values of fields that no longer exist', () => {
      expect(mergeMetadata(FIELDS, { Gone: 'x', Note: 'kept' }, {})).toEqual({
        ok: true,
        values: { Note: 'kept' },
      });
    });

    it('rejects an unknown field name', () => {
      expect(mergeMetadata(FIELDS, {}, { Nope: 'x' })).toEqual({
        ok: false,
        problems: [
          { field: 'Nope', reason: 'unknown-field', message: expect.stringContaining('Nope') },
        ],
      });
    });

    it('treats __proto__ as an ordinary unknown name', () => {
      const overrides = JSON.parse('{"__proto__": "x"}') as Record<string, unknown>;
      expect(mergeMetadata(FIELDS, {}, overrides)).toEqual({
        ok: false,
        problems: [{ field: '__proto__', reason: 'unknown-field', message: expect.any(String) }],
      });
    });

    it('rejects the same field given twice in different cases', () => {
      const result = mergeMetadata(FIELDS, {}, { Note: 'a', NOTE: 'b' });
      expect(result).toEqual({
        ok: false,
        problems: [
          { field: 'Note', reason: 'invalid-type', message: expect.stringContaining('twice') },
        ],
      });
    });

    it('collects every problem, not only the first', () => {
      const result = mergeMetadata(
        FIELDS,
        {},
        { Nope: 'x', Count: 'x', Tier: 'x', AppCode: 'x', Approved: 'x' },
      );

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((p) => [p.field, p.reason])).toEqual([
        ['Nope', 'unknown-field'],
        ['AppCode', 'regex-mismatch'],
        ['Count', 'invalid-type'],
        ['Approved', 'invalid-type'],
        ['Tier', 'not-an-option'],
      ]);
    });
  });

  describe('required and defaults', () => {
    const fields = [
      field('Owner', 1, { enrollment: 1 }),
      field('Site', 5, { options: 'east,west', defaultValue: 'east' }),
      field('Secret', 1, { enrollment: 2, defaultValue: 'hidden-default' }),
      field('Plain', 1),
    ];

    it('is satisfied by the original value when the request does not repeat it', () => {
      expect(mergeMetadata(fields, { Owner: 'alice' }, { Plain: 'x' })).toEqual({
        ok: true,
        values: { Owner: 'alice', Site: 'east', Secret: 'hidden-default', Plain: 'x' },
      });
    });

    it('fails when neither original nor request has a value', () => {
      expect(mergeMetadata(fields, {}, {})).toEqual({
        ok: false,
        problems: [
          { field: 'Owner', reason: 'required', message: expect.stringContaining('Owner') },
        ],
      });
    });

    it('fails when the request clears the original value', () => {
      const result = mergeMetadata(fields, { Owner: 'alice' }, { owner: null });
      expect(result).toEqual({
        ok: false,
        problems: [{ field: 'Owner', reason: 'required', message: expect.any(String) }],
      });
    });

    it('is checked before defaults, so a default does not satisfy Required', () => {
      const result = mergeMetadata(
        [field('Owner', 1, { enrollment: 1, defaultValue: 'nobody' })],
        {},
        {},
      );
      expect(result).toEqual({
        ok: false,
        problems: [{ field: 'Owner', reason: 'required', message: expect.any(String) }],
      });
    });

    it('applies defaults only to fields still empty, hidden ones included', () => {
      expect(mergeMetadata(fields, { Owner: 'a', Site: 'west' }, {})).toEqual({
        ok: true,
        values: { Owner: 'a', Site: 'west', Secret: 'hidden-default' },
      });
      expect(mergeMetadata(fields, { Owner: 'a', Site: 'west' }, { Site: '' })).toEqual({
        ok: true,
        values: { Owner: 'a', Site: 'east', Secret: 'hidden-default' },
      });
    });

    it('reports a default value that does not fit its own field', () => {
      const result = mergeMetadata([field('Count', 2, { defaultValue: 'many' })], {}, {});
      expect(result).toEqual({
        ok: false,
        problems: [
          {
            field: 'Count',
            reason: 'invalid-type',
            message: expect.stringMatching(/^Default value: /),
          },
        ],
      });
    });
  });
});
