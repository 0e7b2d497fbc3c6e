import { MinuteWindows } from './minute-windows';

describe('MinuteWindows', () => {
  it('exhausts a key after `limit` counts within a minute, and only that key', () => {
    const windows = new MinuteWindows(3);
    for (let i = 0; i < 3; i++) {
      expect(windows.exhausted('10.0.0.1', 1000)).toBe(false);
      expect(windows.record('10.0.0.1', 1000 + i)).toBe(i + 1);
    }
    expect(windows.exhausted('10.0.0.1', 2000)).toBe(true);
    expect(windows.exhausted('10.0.0.2', 2000)).toBe(false);
    expect(windows.resetsIn('10.0.0.1', 2000)).toBe(59_000);
    expect(windows.exhausted('10.0.0.1', 1000 + 60_000)).toBe(false);
  });

  it('starts a new window at the first count after the last one ended', () => {
    const windows = new MinuteWindows(2);
    windows.record('k', 0);
    windows.record('k', 1);
    expect(windows.record('k', 70_000)).toBe(1);
    expect(windows.resetsIn('k', 70_000)).toBe(60_000);
    expect(windows.resetsIn('other', 70_000)).toBe(0);
  });
});
