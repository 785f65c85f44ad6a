import os from 'node:os';

export interface MachineInfo {
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  /** 1-minute load average when the run started: other work on the machine skews latency tails. */
  loadAverage: number;
}

/** What the reader needs to compare figures across machines. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: currentLoadAverage(),
  };
}

/** The 1-minute load average, two decimals. */
export function currentLoadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
