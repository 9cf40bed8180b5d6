import { ServerTime } from './server-time';

describe('ServerTime', () => {
  let local = Date.parse('2026-12-01T00:00:00.000Z');
  const time = () => new ServerTime(() => local);

  it('is local time until the server states its own', () => {
    expect(time().now()).toEqual({ at: new Date('2026-12-01T00:00:00.000Z'), source: 'local' });
  });

  it("keeps the server's offset and runs on with local time", () => {
    const serverTime = time();
    serverTime.observe('2027-01-30T00:00:00.000Z');
    local += 5_000;

    expect(serverTime.now()).toEqual({
      at: new Date('2027-01-30T00:00:05.000Z'),
      source: 'server',
    });
  });

  it('ignores malformed values and falls back to local time when the header goes away', () => {
    const serverTime = time();
    serverTime.observe('2027-01-30T00:00:00.000Z');
    for (const bad of ['tomorrow', '2027-01-30', 'Sat, 30 Jan 2027 00:00:00 GMT', ''])
      serverTime.observe(bad);
    expect(serverTime.now().source).toBe('server');

    serverTime.observe(null);
    expect(serverTime.now()).toEqual({ at: new Date(local), source: 'local' });
  });
});
