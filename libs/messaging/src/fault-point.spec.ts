/** FAULT_REDELIVER is read once, at load, like FAULT_POINT: each case loads the module afresh. */
function loadWith(share: string | undefined): typeof import('./fault-point') {
  const before = process.env['FAULT_REDELIVER'];
  if (share === undefined) delete process.env['FAULT_REDELIVER'];
  else process.env['FAULT_REDELIVER'] = share;
  try {
    let loaded!: typeof import('./fault-point');
    jest.isolateModules(() => {
      loaded = jest.requireActual<typeof import('./fault-point')>('./fault-point');
    });
    return loaded;
  } finally {
    if (before === undefined) delete process.env['FAULT_REDELIVER'];
    else process.env['FAULT_REDELIVER'] = before;
  }
}

describe('FAULT_REDELIVER', () => {
  it('never redelivers when unset (production)', () => {
    const { redeliveryFault } = loadWith(undefined);
    expect(Array.from({ length: 1_000 }, redeliveryFault).some(Boolean)).toBe(false);
  });

  it('redelivers about the given share of runs', () => {
    const { redeliveryFault } = loadWith('0.1');
    const hits = Array.from({ length: 10_000 }, redeliveryFault).filter(Boolean).length;
    expect(hits).toBeGreaterThan(700);
    expect(hits).toBeLessThan(1_300);
  });

  it('refuses a value that is not a probability', () => {
    expect(() => loadWith('10')).toThrow(/FAULT_REDELIVER/);
    expect(() => loadWith('x')).toThrow(/FAULT_REDELIVER/);
  });
});
