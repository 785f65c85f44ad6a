import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
// electron-builder's own JSON schema (draft-07), shipped in the package that does the building.
const SCHEMA_FILE = require.resolve('app-builder-lib/scheme.json');

type Config = Record<string, unknown> & {
  files: Array<string | Record<string, unknown>>;
  mac: Record<string, unknown>;
  win: Record<string, unknown>;
  linux: Record<string, unknown>;
  electronFuses: Record<string, unknown>;
};

function loadConfig(): Config {
  return parse(readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8')) as Config;
}

let compiled: ((data: unknown) => ErrorObject[]) | undefined;

/** Compiled once: the schema is large, compiling it takes a second or two. */
function schemaValidator(): (data: unknown) => ErrorObject[] {
  compiled ??= compileSchema();
  return compiled;
}

function compileSchema(): (data: unknown) => ErrorObject[] {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $schema: string };
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  // Strict, and no type coercion (electron-builder coerces; we would rather see a wrong type).
  // `typeof` is an ajv-keywords keyword the schema uses for options that are functions in JS configs.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword('typeof');
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}

const describeErrors = (errors: ErrorObject[]): string =>
  errors.map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`).join('\n');

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<unknown>;
  validateConfiguration(
    config: unknown,
    debugLogger: { isEnabled: boolean; add(k: string, v: unknown): void },
  ): Promise<void>;
}
const builderConfig = require('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const quietLogger = { isEnabled: false, add: () => undefined };

// Compiling electron-builder's schema and loading its config code take a few seconds on CI.
describe('electron-builder.yml', { timeout: 60_000 }, () => {
  it("matches electron-builder's own JSON schema", () => {
    const errors = schemaValidator()(loadConfig());
    expect(describeErrors(errors)).toBe('');
  });

  it('the schema check catches mistakes: an unknown fuse, a misspelt key, a wrong type', () => {
    const validate = schemaValidator();
    const config = loadConfig();
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).not.toEqual(
      [],
    );
    expect(validate({ ...config, electronFuse: {} })).not.toEqual([]);
    expect(validate({ ...config, asar: 'yes' })).not.toEqual([]);
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntime: 'true' } })).not.toEqual([]);
  });

  it('electron-builder itself finds the file and accepts it, as `electron-builder` would', async () => {
    const config = await builderConfig.getConfig(REPO, null, null);
    expect(config).toMatchObject({ appId: 'co.daily.pipecat.tray' });
    await expect(builderConfig.validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
    await expect(
      builderConfig.validateConfiguration(
        { ...(config as object), electronFuses: { runAsNod: false } },
        quietLogger,
      ),
    ).rejects.toThrow(/does not match the API schema/);
  });

  it('names the app and ships only the compiled app, in an asar', () => {
    const config = loadConfig();
    expect(config['appId']).toBe('co.daily.pipecat.tray');
    expect(config['productName']).toBe('Pipecat Cloud Tray');
    expect(config['asar']).toBe(true);
    const included = config.files.filter(
      (entry): entry is string => typeof entry === 'string' && !entry.startsWith('!'),
    );
    expect(included.sort()).toEqual([
      'dist/main/**/*',
      'dist/preload/**/*',
      'dist/renderer/**/*',
      'package.json',
    ]);
    expect(config.files).toContain('!**/*.map');
    // The package's entry point is inside what ships.
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toMatch(/^dist\/main\//);
  });

  it('sets the Electron fuses: no run-as-node, app only from a checked asar, no inspector, no NODE_OPTIONS', () => {
    expect(loadConfig().electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('macOS: dmg and zip, no Dock icon, hardened runtime with the entitlements in build/', () => {
    const { mac } = loadConfig();
    expect(mac['target']).toEqual(['dmg', 'zip']);
    expect(mac['extendInfo']).toEqual({ LSUIElement: true });
    expect(mac['hardenedRuntime']).toBe(true);
    expect(mac['entitlements']).toBe('build/entitlements.mac.plist');
    expect(mac['entitlementsInherit']).toBe('build/entitlements.mac.plist');
    const plist = readFileSync(path.join(REPO, 'build/entitlements.mac.plist'), 'utf8');
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
    // Nothing the app does not use.
    expect(plist).not.toMatch(/device\.(camera|audio-input)|disable-library-validation/);
  });

  it('Windows: an NSIS installer; Linux: AppImage and deb in Development', () => {
    const { win, linux } = loadConfig();
    expect(win['target']).toEqual(['nsis']);
    expect(linux['target']).toEqual(['AppImage', 'deb']);
    expect(linux['category']).toBe('Development');
    expect(linux['maintainer']).toMatch(/<[^@\s]+@[^@\s]+>$/); // the deb refuses to build without one
  });

  it('every icon and resource it names exists in build/', () => {
    const config = loadConfig();
    for (const file of [config.mac['icon'], config.win['icon'], config.linux['icon']]) {
      expect(typeof file).toBe('string');
      expect(existsSync(path.join(REPO, file as string)), String(file)).toBe(true);
    }
    const resources = config['extraResources'] as Array<{ from: string; to: string }>;
    expect(resources).toEqual([expect.objectContaining({ from: 'build/tray', to: 'tray' })]);
    expect(existsSync(path.join(REPO, 'build/tray/tray.png'))).toBe(true);
  });
});
