import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { AUTHORITIES, certificateDetail, FIELDS, TEMPLATES } from '../../test-support/fixtures';
import { MetadataFields } from './MetadataFields';
import { RenewFormView } from './RenewDialog';

const choices = { templates: TEMPLATES, authorities: AUTHORITIES, fields: FIELDS };

afterEach(cleanup);

function renderForm(onSubmit = jest.fn()) {
  render(
    <RenewFormView
      certificate={certificateDetail()}
      choices={choices}
      onSubmit={onSubmit}
      busy={false}
      error={null}
    />,
  );
  return onSubmit;
}

describe('metadata fields in the renew dialog', () => {
  it('draws one typed input per DataType, named by the field, and leaves Hidden fields out', () => {
    render(<MetadataFields fields={FIELDS} values={{}} problems={{}} onChange={() => undefined} />);
    expect(screen.getByLabelText('Email-Contact')).toHaveProperty('type', 'email');
    expect(screen.getByLabelText('AppOwner')).toHaveProperty('type', 'text');
    expect(screen.getByLabelText('CostCenter')).toHaveProperty('type', 'number');
    expect(screen.getByLabelText('DecommissionDate')).toHaveProperty('type', 'date');
    expect(screen.getByLabelText('PCI')).toHaveProperty('type', 'checkbox');
    expect(screen.getByLabelText('Environment').tagName).toBe('SELECT');
    expect(screen.getByLabelText('Notes').tagName).toBe('TEXTAREA');
    expect(screen.queryByLabelText('InternalId')).toBeNull();
  });

  it('offers the multiple-choice options and marks Required', () => {
    render(<MetadataFields fields={FIELDS} values={{}} problems={{}} onChange={() => undefined} />);
    const options = within(screen.getByLabelText('Environment'))
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(options).toEqual(['(none)', 'Production', 'Staging', 'Development']);
    expect(screen.getByLabelText('Email-Contact').getAttribute('aria-required')).toBe('true');
    expect(screen.getByLabelText('AppOwner').getAttribute('aria-required')).toBeNull();
  });

  it('shows the hint as placeholder and the description as the described-by text', () => {
    render(<MetadataFields fields={FIELDS} values={{}} problems={{}} onChange={() => undefined} />);
    const owner = screen.getByLabelText('AppOwner');
    expect(owner.getAttribute('placeholder')).toBe('Platform Team');
    const described = owner.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(described)?.textContent).toBe('AppOwner description');
  });
});

describe('the renew form', () => {
  it('starts from the certificate: template, CA, its store ticked, its metadata filled', () => {
    renderForm();
    expect(screen.getByLabelText<HTMLSelectElement>('Template').value).toBe('UserServer');
    expect(screen.getByLabelText<HTMLSelectElement>('Certificate authority').value).toBe(
      'CA1.jdk.com\\jdk-CA1',
    );
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', {
        name: '192.168.41.171-/home/pi/cherry/cherrystore',
      }).checked,
    ).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Email-Contact').value).toBe('pi@cherry.lab');
  });

  it('offers only the CAs the chosen template names', () => {
    renderForm();
    fireEvent.change(screen.getByLabelText('Template'), { target: { value: 'WebServerECDSA' } });
    const cas = within(screen.getByLabelText('Certificate authority'))
      .getAllByRole('option')
      .map((option) => option.getAttribute('value'));
    expect(cas).toEqual(['CA2.cherry.lab\\cherry-CA2-EC']);
  });

  it('shows mergeMetadata’s message next to the field and blocks submitting until it is fixed', () => {
    const onSubmit = renderForm();
    const email = screen.getByLabelText('Email-Contact');
    fireEvent.change(email, { target: { value: 'nope' } });
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const errorId = (email.getAttribute('aria-describedby') ?? '').split(' ')[0] ?? '';
    expect(document.getElementById(errorId)?.textContent).toBe(
      "Metadata field 'Email-Contact' takes an email address; got 'nope'.",
    );
    const submit = screen.getByRole<HTMLButtonElement>('button', { name: 'Renew certificate' });
    expect(submit.disabled).toBe(true);
    fireEvent.submit(submit.closest('form') as HTMLFormElement);
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(email, { target: { value: 'a.b@example.com' } });
    expect(email.getAttribute('aria-invalid')).toBeNull();
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Renew certificate' }));
    });
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        metadata: expect.objectContaining({ 'Email-Contact': 'a.b@example.com' }),
      }),
    );
  });

  it('says a required field is required when emptied', () => {
    renderForm();
    fireEvent.change(screen.getByLabelText('Email-Contact'), { target: { value: '' } });
    expect(screen.getByText("Metadata field 'Email-Contact' is required.")).toBeTruthy();
  });

  it('shows the classic API request with the chosen stores and the changed metadata', () => {
    renderForm();
    fireEvent.change(screen.getByLabelText('CostCenter'), { target: { value: '4711' } });
    const request = screen.getByLabelText('Classic API request').textContent ?? '';
    expect(request).toContain('POST /CMSApi/CertEnroll/3/Renew');
    expect(request).toContain('"CertStores": [\n    "6d14c2be-76d6-4777-8247-72dcd1c9ab1a"\n  ]');
    expect(request).toContain('"CostCenter": "4711"');
  });
});
