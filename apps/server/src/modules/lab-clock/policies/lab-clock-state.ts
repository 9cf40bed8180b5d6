import { type LabClockCommand, type LabClockMode, type LabClockView } from '@certlab/contracts';

/**
 * What the lab clock reads, as a function of real time:
 * - `system`: real time;
 * - `offset`: real time plus `offsetMs` (it keeps running);
 * - `frozen`: `frozenAt`, whatever the real time.
 */
export type LabClockState =
  { mode: 'system' } | { mode: 'offset'; offsetMs: number } | { mode: 'frozen'; frozenAt: Date };

export const SYSTEM_TIME: LabClockState = { mode: 'system' };

export function clockReading(state: LabClockState, realNowMs: number): Date {
  switch (state.mode) {
    case 'system':
      return new Date(realNowMs);
    case 'offset':
      return new Date(realNowMs + state.offsetMs);
    case 'frozen':
      return new Date(state.frozenAt);
  }
}

/**
 * The state after a command. Advancing or setting a frozen clock moves it and leaves it frozen;
 * resuming continues from the frozen instant (time never jumps on resume), as an offset.
 */
export function nextClockState(
  state: LabClockState,
  command: LabClockCommand,
  realNowMs: number,
): LabClockState {
  switch (command.kind) {
    case 'advance':
      return state.mode === 'frozen'
        ? { mode: 'frozen', frozenAt: new Date(state.frozenAt.getTime() + command.milliseconds) }
        : {
            mode: 'offset',
            offsetMs: (state.mode === 'offset' ? state.offsetMs : 0) + command.milliseconds,
          };
    case 'set':
      return state.mode === 'frozen'
        ? { mode: 'frozen', frozenAt: new Date(command.at) }
        : { mode: 'offset', offsetMs: command.at.getTime() - realNowMs };
    case 'freeze':
      return state.mode === 'frozen'
        ? state
        : { mode: 'frozen', frozenAt: clockReading(state, realNowMs) };
    case 'resume':
      return state.mode === 'frozen'
        ? { mode: 'offset', offsetMs: state.frozenAt.getTime() - realNowMs }
        : state;
    case 'reset':
      return SYSTEM_TIME;
  }
}

/** The wire view of a state at a real instant. */
export function clockView(state: LabClockState, realNowMs: number): LabClockView {
  const mode: LabClockMode = state.mode;
  return {
    now: clockReading(state, realNowMs).toISOString(),
    realNow: new Date(realNowMs).toISOString(),
    virtual: mode !== 'system',
    mode,
    ...(state.mode === 'offset' ? { offsetSeconds: state.offsetMs / 1000 } : {}),
    ...(state.mode === 'frozen' ? { frozenAt: state.frozenAt.toISOString() } : {}),
  };
}
