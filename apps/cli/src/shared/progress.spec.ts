import { startProgress } from './progress';

function target(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => writes.push(text) };
}

describe('progress on stderr', () => {
  it('redraws one line on a terminal, at most every 100 ms, and ends it once', () => {
    const out = target(true);
    let now = 0;
    const progress = startProgress({
      label: 'verify',
      total: 200,
      unit: 'events',
      enabled: true,
      target: out,
      now: () => now,
    });
    progress.update(10);
    now = 150;
    progress.update(100);
    progress.finish();
    progress.finish();
    expect(out.writes).toEqual([
      '\r\x1b[2Kverify [############------------] 50% 100 events of 200',
      '\r\x1b[2Kverify [############------------] 50% 100 events of 200\n',
    ]);
  });

  it('writes whole lines elsewhere, at most every 2 s', () => {
    const out = target(false);
    let now = 0;
    const progress = startProgress({
      label: 'export',
      total: null,
      unit: 'events',
      enabled: true,
      target: out,
      now: () => now,
    });
    progress.update(1);
    now = 2_500;
    progress.update(5_000);
    progress.finish('(12 exported)');
    expect(out.writes).toEqual(['export: 5,000 events\n', 'export: 5,000 events (12 exported)\n']);
  });

  it('writes nothing when disabled', () => {
    const out = target(true);
    const progress = startProgress({
      label: 'x',
      total: 1,
      unit: 'events',
      enabled: false,
      target: out,
    });
    progress.update(1);
    progress.finish();
    expect(out.writes).toEqual([]);
  });
});
