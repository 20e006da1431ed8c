import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { infrastructureError, usageError } from '../../shared/exit-codes';

/**
 * Where an export goes, written with back-pressure (a slow pipe or disk slows the read, memory
 * stays flat). A file is written as `<file>.partial` and renamed when complete, so a failed or
 * interrupted export never leaves a file that looks whole.
 */
export interface ExportSink {
  write(text: string): Promise<void>;
  /** Flushes and, for a file, renames it into place. */
  complete(): Promise<void>;
  /** Removes a partial file after a failure. */
  abandon(): Promise<void>;
  readonly description: string;
}

/** Text is buffered up to this size before one write, so a row is not one syscall. */
const chunkSizeMax = 64 * 1024;

/** Refuses an `--out` whose folder is missing or not writable before any reading starts. */
export function checkOutFile(outFile: string): void {
  const folder = path.dirname(path.resolve(outFile));
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw usageError(`--out ${outFile}: folder ${folder} does not exist or is not writable`);
  }
}

export function openSink(outFile: string | undefined): ExportSink {
  if (outFile === undefined) return streamSink(process.stdout, 'stdout', async () => undefined);
  const partial = `${outFile}.partial`;
  const file = fs.createWriteStream(partial, { flags: 'w' });
  const sink = streamSink(file, outFile, async (settled) => {
    file.end();
    await settled('finish');
    await fs.promises.rename(partial, outFile);
  });
  return {
    ...sink,
    abandon: async () => {
      file.destroy();
      await fs.promises.rm(partial, { force: true });
    },
  };
}

/** Resolves on `event`, or rejects with the stream's error, even one emitted earlier. */
type Settled = (event: 'drain' | 'finish') => Promise<void>;

function streamSink(
  stream: Writable,
  description: string,
  finish: (settled: Settled) => Promise<void>,
): ExportSink {
  let buffered = '';
  let failure: Error | null = null;
  const failed = (): Error => {
    const error = failure as Error & { code?: string };
    return error.code === 'EPIPE'
      ? infrastructureError(`${description} was closed before the export finished`)
      : infrastructureError(`cannot write to ${description}: ${error.message}`);
  };
  const waiters = new Set<(error: Error) => void>();
  stream.on('error', (error) => {
    failure = error;
    for (const reject of waiters) reject(failed());
  });
  const settled: Settled = (event) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failed());
      waiters.add(reject);
      stream.once(event, () => {
        waiters.delete(reject);
        resolve();
      });
    });
  const flush = async (): Promise<void> => {
    if (failure) throw failed();
    if (buffered === '') return;
    const text = buffered;
    buffered = '';
    if (!stream.write(text)) await settled('drain');
  };
  return {
    description,
    async write(text) {
      buffered += text;
      if (buffered.length >= chunkSizeMax) await flush();
    },
    async complete() {
      await flush();
      await finish(settled);
      if (failure) throw failed();
    },
    abandon: async () => undefined,
  };
}
