import { runTriggerWords } from './alert-runs';

describe('alert run triggers in words', () => {
  it('names the schedule, Run now and the API test of every alert', () => {
    expect(runTriggerWords('schedule')).toBe('Scheduled run');
    expect(runTriggerWords('test')).toBe('Run now');
    expect(runTriggerWords('test-all')).toBe('Run of every alert (API)');
  });

  it('shows a trigger it does not know as the server wrote it', () => {
    expect(runTriggerWords('webhook')).toBe('webhook');
  });
});
