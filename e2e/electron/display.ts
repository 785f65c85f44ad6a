import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export type Display =
  | { available: true; env: Record<string, string>; close(): Promise<void> }
  | { available: false; reason: string };

/**
 * A display for Electron: the desktop's own, else a private Xvfb on Linux. Xvfb's `-displayfd`
 * writes the display number once the server accepts clients, so nothing waits on a timer.
 */
export async function openDisplay(env: NodeJS.ProcessEnv = process.env): Promise<Display> {
  if (process.platform !== 'linux' || env['DISPLAY'] || env['WAYLAND_DISPLAY']) {
    return { available: true, env: {}, close: async () => undefined };
  }
  if (spawnSync('Xvfb', ['-help'], { stdio: 'ignore' }).error) {
    return { available: false, reason: 'no display and no Xvfb (apt-get install xvfb)' };
  }
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const number = await readDisplayNumber(xvfb);
  return {
    available: true,
    env: { DISPLAY: `:${number}` },
    close: () =>
      new Promise((resolve) => {
        if (xvfb.exitCode !== null) return resolve();
        xvfb.once('exit', () => resolve());
        xvfb.kill('SIGTERM');
      }),
  };
}

function readDisplayNumber(xvfb: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let errors = '';
    const fd = xvfb.stdio[3];
    xvfb.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    fd?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready:\n${errors}`)));
  });
}
