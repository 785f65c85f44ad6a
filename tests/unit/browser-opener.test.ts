import { describe, expect, it } from 'vitest';
import { browserCommands } from '../../main/headless/browser-opener.js';

const url = 'https://idp.example/authorize?a=1&b=2';

describe('browserCommands', () => {
  it('uses the platform opener when BROWSER is unset', () => {
    expect(browserCommands(url, {}, 'linux')).toEqual([['xdg-open', url]]);
    expect(browserCommands(url, {}, 'darwin')).toEqual([['open', url]]);
    expect(browserCommands(url, {}, 'win32')).toEqual([['rundll32', 'url.dll,FileProtocolHandler', url]]);
  });

  it('tries each BROWSER entry first, substituting %s or appending the URL', () => {
    const env = { BROWSER: "firefox --new-tab:'/opt/my browser/run' --url=%s" };
    expect(browserCommands(url, env, 'linux')).toEqual([
      ['firefox', '--new-tab', url],
      ['/opt/my browser/run', `--url=${url}`],
      ['xdg-open', url],
    ]);
  });
});

describe('a BROWSER entry as a command line', () => {
  it('honours quotes and drops empty input', () => {
    const [first] = browserCommands(url, { BROWSER: `a "b c" 'd e' ""` }, 'linux');
    expect(first).toEqual(['a', 'b c', 'd e', '', url]);
    expect(browserCommands(url, { BROWSER: '   ' }, 'linux')).toEqual([['xdg-open', url]]);
  });
});
