import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPortOwners } from '../../main/core/doctor/port-owners.js';
import { checkPorts, type PortProber } from '../../main/core/doctor/ports.js';

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
// 0x20D1 = 8401 listening (0A) with inode 4242; 0x20D2 = 8402 connected (01), not listening.
const TCP = [
  HEADER,
  '   0: 0100007F:20D1 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0',
  '   1: 0100007F:20D2 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0',
].join('\n');

const probeBusy =
  (...busy: number[]): PortProber =>
  async (port) =>
    busy.includes(port) ? 'busy' : 'free';

describe('checkPorts', () => {
  it('is ok when every sign-in port is free', async () => {
    const result = await checkPorts({ probe: probeBusy(), owners: async () => new Map() });
    expect(result).toMatchObject({ verdict: 'ok', detail: '127.0.0.1:8400-8404 are free.' });
    expect(result.fix).toBeUndefined();
  });

  it('warns about some busy ports, naming the holder or saying unknown', async () => {
    const result = await checkPorts({
      probe: probeBusy(8401, 8403),
      owners: async () => new Map([[8401, 'python3 (pid 77)']]),
    });
    expect(result.verdict).toBe('warn');
    expect(result.detail).toContain('8401 (held by python3 (pid 77))');
    expect(result.detail).toContain('8403 (held by unknown)');
    expect(result.fix).toMatch(/^Stop the programs/);
  });

  it('fails when every port is busy, and survives an owner lookup that throws', async () => {
    const result = await checkPorts({
      probe: probeBusy(8400, 8401, 8402, 8403, 8404),
      owners: () => Promise.reject(new Error('no /proc')),
    });
    expect(result.verdict).toBe('fail');
    expect(result.detail).toMatch(/^Every sign-in port is busy: .*sign-in cannot start\.$/);
  });
});

describe('findPortOwners', () => {
  let proc: string | undefined;
  afterEach(async () => {
    if (proc) await rm(proc, { recursive: true, force: true });
  });

  it('maps a socket inode to the process holding it, through a /proc-shaped tree', async () => {
    proc = await mkdtemp(path.join(tmpdir(), 'doctor-proc-'));
    await mkdir(path.join(proc, 'net'));
    await writeFile(path.join(proc, 'net', 'tcp'), TCP);
    await mkdir(path.join(proc, '321', 'fd'), { recursive: true });
    await writeFile(path.join(proc, '321', 'comm'), 'sleepy-server\n');
    await symlink('socket:[4242]', path.join(proc, '321', 'fd', '5'));
    await symlink('/dev/null', path.join(proc, '321', 'fd', '0'));
    await mkdir(path.join(proc, 'self'));
    expect(await findPortOwners([8401], proc)).toEqual(new Map([[8401, 'sleepy-server (pid 321)']]));
    expect(await findPortOwners([8404], proc)).toEqual(new Map());
  });

  it('keeps listening sockets on the asked ports only', async () => {
    proc = await mkdtemp(path.join(tmpdir(), 'doctor-proc-'));
    await mkdir(path.join(proc, 'net'));
    await writeFile(path.join(proc, 'net', 'tcp'), TCP);
    await mkdir(path.join(proc, '321', 'fd'), { recursive: true });
    await writeFile(path.join(proc, '321', 'comm'), 'sleepy-server\n');
    // It holds both sockets: 8401 listening, 8402 only connected.
    await symlink('socket:[4242]', path.join(proc, '321', 'fd', '5'));
    await symlink('socket:[4343]', path.join(proc, '321', 'fd', '6'));
    expect([...(await findPortOwners([8401, 8402], proc)).keys()]).toEqual([8401]);
    expect(await findPortOwners([8400], proc)).toEqual(new Map());
  });

  it('finds nothing, without throwing, where there is no /proc', async () => {
    expect(await findPortOwners([8401], path.join(tmpdir(), 'no-such-proc-for-doctor'))).toEqual(new Map());
  });
});
