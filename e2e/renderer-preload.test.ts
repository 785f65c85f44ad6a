/**
 * The preload as shipped (dist/preload/preload.cjs), run the way a sandboxed Electron renderer
 * runs it: one classic script whose `require` knows only 'electron'. No Electron binary here, so
 * contextBridge and ipcRenderer are recording fakes; what is proven is the bundle's shape (no
 * import, no other require) and the API it exposes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, STATE_CHANNEL, type TrayApi } from '../main/ipc/contract.js';

const PRELOAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/preload/preload.cjs');

type Handler = (event: unknown, ...args: unknown[]) => void;

interface Loaded {
  exposed: { name: string; api: TrayApi }[];
  required: string[];
  invoked: { channel: string; args: unknown[] }[];
  handlers: Map<string, Set<Handler>>;
}

async function loadPreload(): Promise<Loaded> {
  const loaded: Loaded = { exposed: [], required: [], invoked: [], handlers: new Map() };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      loaded.invoked.push({ channel, args });
      return { ok: true };
    },
    on: (channel: string, handler: Handler) => {
      const set = loaded.handlers.get(channel) ?? new Set();
      set.add(handler);
      loaded.handlers.set(channel, set);
    },
    removeListener: (channel: string, handler: Handler) => loaded.handlers.get(channel)?.delete(handler),
    send: () => {
      throw new Error('the preload must only invoke');
    },
  };
  const contextBridge = {
    exposeInMainWorld: (name: string, api: TrayApi) => loaded.exposed.push({ name, api }),
  };
  const require = (name: string): unknown => {
    loaded.required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return { contextBridge, ipcRenderer };
  };
  const module = { exports: {} };
  runInNewContext(
    await readFile(PRELOAD, 'utf8'),
    { require, module, exports: module.exports },
    { filename: PRELOAD },
  );
  return loaded;
}

describe('the preload bundle', () => {
  it('is a classic script that requires nothing but electron', async () => {
    const source = await readFile(PRELOAD, 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
    expect([...source.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])).toEqual([
      'electron',
    ]);
    expect((await loadPreload()).required).toEqual(['electron']);
  });

  it('exposes exactly one object, pipecatTray, with one method per channel plus onState', async () => {
    const { exposed } = await loadPreload();
    expect(exposed.map((entry) => entry.name)).toEqual(['pipecatTray']);
    const api = exposed[0]?.api as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(INVOKE_CHANNELS), 'onState'].sort());
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each method on its own channel with its arguments, and returns main’s answer', async () => {
    const { exposed, invoked } = await loadPreload();
    const api = exposed[0]?.api as TrayApi;
    await expect(api.switchOrganization('second-org')).resolves.toEqual({ ok: true });
    await api.setEnvironment('custom', 'https://api.example.com');
    await api.getState();
    await api.closeWindow();
    expect(invoked).toEqual([
      { channel: INVOKE_CHANNELS.switchOrganization, args: ['second-org'] },
      { channel: INVOKE_CHANNELS.setEnvironment, args: ['custom', 'https://api.example.com'] },
      { channel: INVOKE_CHANNELS.getState, args: [] },
      { channel: INVOKE_CHANNELS.closeWindow, args: [] },
    ]);
  });

  it('onState hands the listener the view only (never the IPC event), and unsubscribes', async () => {
    const { exposed, handlers } = await loadPreload();
    const api = exposed[0]?.api as TrayApi;
    const seen: unknown[][] = [];
    const stop = api.onState((...args: unknown[]) => seen.push(args));
    const view = { status: 'signed_out', apiHost: 'https://api.example.com' };
    const event = { sender: { send: () => undefined } };
    for (const handler of handlers.get(STATE_CHANNEL) ?? []) handler(event, view);
    expect(seen).toEqual([[view]]);

    stop();
    expect(handlers.get(STATE_CHANNEL)?.size).toBe(0);
  });
});
