import { FIELDS } from '../test-support/fixtures';
import {
  dateEditsAsText,
  initialMetadataValue,
  metadataInputs,
  problemsByField,
} from './metadata-inputs';

describe('metadata inputs', () => {
  it('draws each DataType with its own input and hides Hidden fields', () => {
    expect(metadataInputs(FIELDS).map((input) => [input.name, input.kind, input.required])).toEqual(
      [
        ['Email-Contact', 'email', true],
        ['AppOwner', 'text', false],
        ['CostCenter', 'number', false],
        ['DecommissionDate', 'date', false],
        ['PCI', 'checkbox', false],
        ['Environment', 'select', false],
        ['Notes', 'textarea', false],
      ],
    );
  });

  it('splits multiple-choice options as the server does', () => {
    const environment = metadataInputs(FIELDS).find((input) => input.name === 'Environment');
    expect(environment?.options).toEqual(['Production', 'Staging', 'Development']);
  });

  it('starts from the certificate value, matched without regard to case', () => {
    const email = FIELDS[0]!;
    expect(initialMetadataValue(email, { 'email-contact': 'a@b.cd' })).toBe('a@b.cd');
    const pci = FIELDS[4]!;
    expect(initialMetadataValue(pci, { PCI: 'TRUE' })).toBe('true');
    expect(initialMetadataValue(pci, {})).toBe('false');
  });

  it('edits a date-time as text so its time is not lost', () => {
    expect(dateEditsAsText('2027-01-01')).toBe(false);
    expect(dateEditsAsText('')).toBe(false);
    expect(dateEditsAsText('2027-01-01T10:00:00Z')).toBe(true);
  });

  it('groups problems by field', () => {
    expect(
      problemsByField([
        { field: 'A', reason: 'required', message: 'one' },
        { field: 'A', reason: 'invalid-type', message: 'two' },
        { field: 'B', reason: 'required', message: 'three' },
      ]),
    ).toEqual({ A: ['one', 'two'], B: ['three'] });
  });
});
