/*
 * How an alert run is named on screen. The server records what started it as `schedule`
 * (the alert schedule), `test` (Run now in the console, the Keyfactor Test of one alert) or
 * `test-all` (the Keyfactor TestAll); the console says that in words.
 */

const TRIGGER_WORDS: Readonly<Record<string, string>> = {
  schedule: 'Scheduled run',
  test: 'Run now',
  'test-all': 'Run of every alert (API)',
};

/** `Run now`, `Scheduled run`; an unknown trigger is shown as the server wrote it. */
export function runTriggerWords(trigger: string): string {
  return TRIGGER_WORDS[trigger] ?? trigger;
}
