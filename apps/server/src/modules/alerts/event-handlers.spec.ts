import { checkParameters, findHandler, parameterValue, RENEWAL_HANDLER_ID } from './event-handlers';

const renewal = findHandler(RENEWAL_HANDLER_ID);

describe('the event handler registry', () => {
  it('knows the renewal handler by its fixed id and nothing else', () => {
    expect(renewal.displayName).toBe('Renewal');
    expect(() => findHandler(2)).toThrow(/Registered event handler 2 does not exist/);
  });

  it('spells keys as the handler does and reads empty values as unset', () => {
    const parameters = checkParameters(renewal, [
      { key: 'template', value: 'Web', type: 'Value' },
      { key: 'CACONFIGURATION', value: '  ', type: 'Value' },
      { key: 'Url', value: 'https://command/KeyfactorApi', type: 'Renewal URL' },
    ]);
    expect(parameters.map((parameter) => parameter.key)).toEqual([
      'Template',
      'CAConfiguration',
      'Url',
    ]);
    expect(parameterValue(parameters, 'Template')).toBe('Web');
    expect(parameterValue(parameters, 'CAConfiguration')).toBeUndefined();
  });

  it('refuses unknown or repeated keys, and parameters without a handler', () => {
    expect(() => checkParameters(renewal, [{ key: 'Colour', value: 'x', type: 'Value' }])).toThrow(
      /Colour/,
    );
    expect(() =>
      checkParameters(renewal, [
        { key: 'Template', value: 'a', type: 'Value' },
        { key: 'TEMPLATE', value: 'b', type: 'Value' },
      ]),
    ).toThrow(/more than once/);
    expect(() =>
      checkParameters(undefined, [{ key: 'Template', value: 'a', type: 'Value' }]),
    ).toThrow(/without a RegisteredEventHandler/);
    expect(checkParameters(undefined, [])).toEqual([]);
  });
});
