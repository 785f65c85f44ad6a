import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_API_HOST,
  defaultCredentialsPath,
  normalizeApiHost,
} from '../../main/core/credentials/index.js';
import { UserFacingError } from '../../main/core/errors.js';

describe('DEFAULT_API_HOST', () => {
  it('is the CLI default', () => {
    expect(DEFAULT_API_HOST).toBe('https://api.pipecat.daily.co');
  });
});

describe('normalizeApiHost', () => {
  it.each([
    ['https://api.pipecat.daily.co', 'https://api.pipecat.daily.co'],
    ['https://api.pipecat.daily.co/', 'https://api.pipecat.daily.co'],
    ['  https://API.Pipecat.Daily.co:443//  ', 'https://api.pipecat.daily.co'],
    ['https://staging.qa.pipecat.cloud', 'https://staging.qa.pipecat.cloud'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['https://example.com/api/', 'https://example.com/api'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeApiHost(input)).toBe(expected);
  });

  it.each([
    '',
    'api.pipecat.daily.co',
    'ftp://example.com',
    'https://example.com/?x=1',
    'https://u:p@example.com',
  ])('refuses %j with a UserFacingError', (input) => {
    expect(() => normalizeApiHost(input)).toThrow(UserFacingError);
    expect(() => normalizeApiHost(input)).toThrow(/is not a plain http\(s\) URL/);
  });
});

describe('defaultCredentialsPath', () => {
  it('uses PIPECAT_CONFIG_PATH when set', () => {
    expect(defaultCredentialsPath({ PIPECAT_CONFIG_PATH: '/x/creds.toml' }, '/home/u')).toBe('/x/creds.toml');
  });

  it('falls back to ~/.config/pipecatcloud/pipecatcloud.toml, also when the variable is empty', () => {
    const expected = path.join('/home/u', '.config', 'pipecatcloud', 'pipecatcloud.toml');
    expect(defaultCredentialsPath({}, '/home/u')).toBe(expected);
    expect(defaultCredentialsPath({ PIPECAT_CONFIG_PATH: '' }, '/home/u')).toBe(expected);
  });
});
