import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to its end, asynchronously (the fixture server lives in this process). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the CLI as a long-running process, collecting its stderr. */
export function startCli(args: string[], env: Record<string, string>): { child: ChildProcess; stderr: () => string; waitFor: (text: RegExp) => Promise<RegExpMatchArray>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const waiters: Array<{ text: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const match = stderr.match(waiter.text);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  return {
    child,
    stderr: () => stderr,
    exited,
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const match = stderr.match(text);
        if (match) return resolve(match);
        waiters.push({ text, resolve });
        void exited.then((code) => reject(new Error(`the CLI exited (${code}) before printing ${text}:\n${stderr}`)));
      }),
  };
}
