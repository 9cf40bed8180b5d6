import { AlertInputSchema, type AlertView } from '@certlab/contracts';
import { AUTHORITIES, TEMPLATES } from '../test-support/fixtures';
import {
  alertFormFromView,
  emptyAlertForm,
  splitRecipients,
  toAlertInput,
  toCollectionInput,
  validateAlertForm,
  validateCollectionForm,
} from './alert-form';

const view: AlertView = {
  id: 3,
  displayName: 'Expiring soon',
  subject: '{cn} expires',
  message: 'Renew {cn} before {certnotafterdate}',
  warningDays: 45,
  collection: { id: 2, name: 'All', query: '' },
  recipients: ['{certemail}', 'pki@jdk.cms'],
  renewal: { enabled: true, template: 'WebServerECDSA', caConfiguration: null },
  createdAt: '2026-01-01T00:00:00Z',
};

describe('alert form', () => {
  it('round-trips an alert into the input the server takes', () => {
    const input = toAlertInput(alertFormFromView(view));
    expect(input).toEqual({
      displayName: 'Expiring soon',
      subject: '{cn} expires',
      message: 'Renew {cn} before {certnotafterdate}',
      warningDays: 45,
      collectionId: 2,
      recipients: ['{certemail}', 'pki@jdk.cms'],
      renewal: { enabled: true, template: 'WebServerECDSA', caConfiguration: null },
    });
    expect(AlertInputSchema.safeParse(input).success).toBe(true);
  });

  it('sends no handler template or CA while the handler is off', () => {
    const form = { ...alertFormFromView(view), renewalEnabled: false };
    expect(toAlertInput(form).renewal).toEqual({
      enabled: false,
      template: null,
      caConfiguration: null,
    });
  });

  it('splits recipients on lines, commas and semicolons', () => {
    expect(splitRecipients('a@x.com, b@x.com\n\n c@x.com;')).toEqual([
      'a@x.com',
      'b@x.com',
      'c@x.com',
    ]);
  });

  it('names missing and wrong fields', () => {
    const problems = validateAlertForm(
      { ...emptyAlertForm(), warningDays: '0' },
      TEMPLATES,
      AUTHORITIES,
    );
    expect(problems.displayName).toBe('displayName must not be empty');
    expect(problems.collectionId).toBe('Choose the collection the alert watches.');
    expect(problems.warningDays).toBe('Warning days must be a whole number from 1 to 36500.');
  });

  it('refuses a handler template the handler CA does not offer', () => {
    const form = {
      ...alertFormFromView(view),
      template: 'WebServerECDSA',
      caConfiguration: 'CA1.jdk.com\\jdk-CA1',
    };
    expect(validateAlertForm(form, TEMPLATES, AUTHORITIES).caConfiguration).toBe(
      'CA1.jdk.com\\jdk-CA1 does not offer the template WebServerECDSA.',
    );
    expect(validateAlertForm(alertFormFromView(view), TEMPLATES, AUTHORITIES)).toEqual({});
  });
});

describe('collection form', () => {
  it('accepts an empty query (every certificate) and refuses an empty name', () => {
    expect(validateCollectionForm({ name: 'All', description: '', query: '' })).toEqual({});
    expect(validateCollectionForm({ name: ' ', description: '', query: '' }).name).toBe(
      'name must not be empty',
    );
    expect(toCollectionInput({ name: 'a', description: 'b', query: 'c' })).toEqual({
      name: 'a',
      description: 'b',
      query: 'c',
    });
  });
});
