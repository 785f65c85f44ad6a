import { createServer } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackServer } from '../../main/core/loopback/loopback-server.js';
import { CallbackPaste } from '../../main/core/sign-in/callback-paste.js';
import { waitForCallbackOrPaste } from '../../main/core/sign-in/wait-for-callback.js';

/** A free loopback port outside 8400-8404, so this test needs no lock. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A GET as the browser sends it; resolves with the status, or the connection error's code. */
function get(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.end();
  });
}

const STATE = 'state-xyz';
let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<LoopbackServer> {
  server = await LoopbackServer.start({ state: STATE, ports: [await freePort()], resultGraceMs: 0 });
  return server;
}

describe('waitForCallbackOrPaste', () => {
  it('a paste first: the paste wins and the loopback server closes', async () => {
    const loopback = await start();
    const paste = new CallbackPaste();
    const race = waitForCallbackOrPaste(loopback, STATE, new AbortController().signal, paste);
    expect(paste.submit(`${loopback.redirectUri}?code=pasted&state=${STATE}`)).toEqual({ accepted: true });
    const outcome = await race;
    expect(outcome.kind === 'code' && outcome.code).toBe('pasted');
    expect(await get(`${loopback.redirectUri}?code=late&state=${STATE}`)).toBe('ECONNREFUSED');
  });

  it('the browser first: the callback wins and the paste stops waiting', async () => {
    const loopback = await start();
    const paste = new CallbackPaste();
    const race = waitForCallbackOrPaste(loopback, STATE, new AbortController().signal, paste);
    expect(await get(`${loopback.redirectUri}?code=browser&state=${STATE}`)).toBe(302);
    const outcome = await race;
    expect(outcome.kind === 'code' && outcome.code).toBe('browser');
    expect(paste.ended.aborted).toBe(true);
    expect(paste.submit(`${loopback.redirectUri}?code=pasted&state=${STATE}`).accepted).toBe(false);
  });

  it('refused pastes leave the loopback server waiting for the browser', async () => {
    const loopback = await start();
    const paste = new CallbackPaste();
    const race = waitForCallbackOrPaste(loopback, STATE, new AbortController().signal, paste);
    expect(paste.submit(`${loopback.redirectUri}?code=c&state=another-attempt`).accepted).toBe(false);
    expect(paste.submit('not an address').accepted).toBe(false);
    expect(await get(`${loopback.redirectUri}?code=browser&state=${STATE}`)).toBe(302);
    const outcome = await race;
    expect(outcome.kind === 'code' && outcome.code).toBe('browser');
  });

  it('a cancel ends both with the reason', async () => {
    const loopback = await start();
    const paste = new CallbackPaste();
    const cancel = new AbortController();
    const race = waitForCallbackOrPaste(loopback, STATE, cancel.signal, paste);
    cancel.abort(new Error('stop'));
    await expect(race).rejects.toThrow('stop');
    expect(paste.ended.aborted).toBe(true);
  });
});
