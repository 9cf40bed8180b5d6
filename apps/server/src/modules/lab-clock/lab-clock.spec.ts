import { LabClock } from './lab-clock';

describe('LabClock', () => {
  let real = Date.parse('2026-12-01T00:00:00Z');
  const clock = () => new LabClock(() => real);

  it('reads real time until a state is adopted', () => {
    const lab = clock();
    expect(lab.now().toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(lab.isVirtual()).toBe(false);

    lab.adopt({ mode: 'offset', offsetMs: 1000 }, { notify: false });
    real += 500;
    expect(lab.now().toISOString()).toBe('2026-12-01T00:00:01.500Z');
    expect(lab.isVirtual()).toBe(true);
  });

  it('tells listeners the new time after a change, until they unsubscribe', () => {
    const lab = clock();
    const heard: string[] = [];
    const unsubscribe = lab.onChange((now) => {
      heard.push(now.toISOString());
    });
    lab.adopt({ mode: 'frozen', frozenAt: new Date('2027-01-01T00:00:00Z') }, { notify: true });
    lab.adopt({ mode: 'system' }, { notify: false });
    unsubscribe();
    lab.adopt({ mode: 'frozen', frozenAt: new Date('2028-01-01T00:00:00Z') }, { notify: true });

    expect(heard).toEqual(['2027-01-01T00:00:00.000Z']);
  });

  it('keeps going when a listener throws or rejects', async () => {
    const lab = clock();
    const reached = jest.fn();
    lab.onChange(() => {
      throw new Error('sync failure');
    });
    lab.onChange(() => Promise.reject(new Error('async failure')));
    lab.onChange(reached);
    const logged = jest
      .spyOn((lab as unknown as { logger: { error: () => void } }).logger, 'error')
      .mockImplementation(() => undefined);

    lab.adopt({ mode: 'offset', offsetMs: 0 }, { notify: true });
    await new Promise((resolve) => setImmediate(resolve));

    expect(reached).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledTimes(2);
  });
});
