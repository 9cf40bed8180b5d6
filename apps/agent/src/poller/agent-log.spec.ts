import { createAgentLog, formatLogLine, MAX_LOG_VALUE_LENGTH } from './agent-log';

const T = new Date('2026-03-01T12:00:00.000Z');

describe('formatLogLine', () => {
  it('writes time, event and key=value pairs on one line, quoting only where needed', () => {
    expect(
      formatLogLine(T, 'job', {
        id: '6f1c2a7e-0b3d-4c55-9a10-1f2e3d4c5b6a',
        op: 'Add',
        store: '/etc/ssl/web01.pem',
        status: 'Success',
        ms: 42,
        reported: true,
        skipped: undefined,
        message: 'Site /etc/ssl/web01.pem on server web01: certificate AB added',
      }),
    ).toBe(
      '2026-03-01T12:00:00.000Z job id=6f1c2a7e-0b3d-4c55-9a10-1f2e3d4c5b6a op=Add store=/etc/ssl/web01.pem status=Success ms=42 reported=true message="Site /etc/ssl/web01.pem on server web01: certificate AB added"\n',
    );
  });

  it('keeps one event on one line and quotes values that could be mistaken for fields', () => {
    const line = formatLogLine(T, 'hook', {
      stderr: 'line one\nline "two"',
      odd: 'a=b',
      empty: '',
    });

    expect(line.split('\n')).toEqual([
      '2026-03-01T12:00:00.000Z hook stderr="line one\\nline \\"two\\"" odd="a=b" empty=""',
      '',
    ]);
  });

  it('cuts very long values', () => {
    const line = formatLogLine(T, 'job', { message: 'x'.repeat(5_000) });

    expect(line.length).toBeLessThan(MAX_LOG_VALUE_LENGTH + 100);
    expect(line).toContain('x…');
  });
});

describe('createAgentLog', () => {
  it('sends routine events to stdout and problems to stderr', () => {
    const out: string[] = [];
    const err: string[] = [];
    const log = createAgentLog({ out: (t) => out.push(t), err: (t) => err.push(t) }, () => T);

    log.info('registered', { status: 'New' });
    log.warn('server-error', { error: 'ECONNREFUSED' });

    expect(out).toEqual(['2026-03-01T12:00:00.000Z registered status=New\n']);
    expect(err).toEqual(['2026-03-01T12:00:00.000Z server-error error=ECONNREFUSED\n']);
  });
});
