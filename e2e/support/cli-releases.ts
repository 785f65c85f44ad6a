/** The Pipecat Cloud CLI releases the tests run, each installed as users install it. */
export interface CliRelease {
  /** Names the venv in the cache, together with a hash of `requirements`. */
  name: string;
  /**
   * The whole dependency set, frozen with `pip freeze` from a clean install: the CLI's output
   * (rich, typer, click) and HTTP stack (aiohttp) must not drift under the tests between runs.
   */
  requirements: readonly string[];
  /** The console script the tests run, from the venv's `bin/`. */
  script: string;
  /** Arguments that make `script` print `expectedVersionLine`: the proof that the venv works. */
  versionArgs: readonly string[];
  expectedVersionLine: string;
}

export const PIPECAT_AI_CLI_VERSION = '1.3.0';
export const PIPECATCLOUD_VERSION = '1.4.0';
/** The last release that installs a `pcc` script (1.0 and later are `pipecat cloud` only). */
export const LEGACY_PCC_VERSION = '0.7.2';

/** Shared by both generations at the versions pip resolved for each. */
const COMMON = [
  'aiohappyeyeballs==2.7.1',
  'aiohttp==3.14.5',
  'aiosignal==1.4.0',
  'annotated-doc==0.0.7',
  'annotated-types==0.8.0',
  'anyio==4.16.0',
  'attrs==26.1.0',
  'click==8.5.1',
  'fastapi==0.165.0',
  'frozenlist==1.8.0',
  'h11==0.16.0',
  'idna==3.20',
  'loguru==0.7.3',
  'markdown-it-py==4.3.0',
  'mdurl==0.1.2',
  'multidict==7.2.1',
  'opentelemetry-api==1.45.3',
  'prompt_toolkit==3.0.53',
  'propcache==0.5.4',
  'pydantic==2.14.4',
  'pydantic_core==2.50.5',
  'Pygments==2.21.0',
  'python-dotenv==1.2.4',
  'questionary==2.1.1',
  'shellingham==1.5.4',
  'starlette==1.10.0',
  'synchronicity==0.12.7',
  'toml==0.10.2',
  'typer==0.29.2',
  'typing-inspection==0.4.5',
  'typing_extensions==4.16.0',
  'uvicorn==0.55.0',
  'wcwidth==0.9.4',
  'yarl==1.25.1',
];

/** Today's CLI: `pipecat cloud …` (and `pc cloud …`), pipecat-ai-cli mounting pipecatcloud. */
export const CURRENT_CLI: CliRelease = {
  name: `pipecat-ai-cli-${PIPECAT_AI_CLI_VERSION}-pipecatcloud-${PIPECATCLOUD_VERSION}`,
  requirements: [
    `pipecat-ai-cli==${PIPECAT_AI_CLI_VERSION}`,
    `pipecatcloud==${PIPECATCLOUD_VERSION}`,
    ...COMMON,
    // pipecat-ai-cli's own: it pins rich<14, and scaffolds projects with jinja2 and ruff.
    'Jinja2==3.1.6',
    'MarkupSafe==3.0.4',
    'rich==13.9.4',
    'ruff==0.17.6',
  ],
  script: 'pipecat',
  versionArgs: ['cloud', '--version'],
  expectedVersionLine: `ᓚᘏᗢ Pipecat Cloud Client Version: ${PIPECATCLOUD_VERSION}`,
};

/** The previous generation, for users who still run `pcc …`; same credentials file format. */
export const LEGACY_PCC: CliRelease = {
  name: `pipecatcloud-${LEGACY_PCC_VERSION}`,
  requirements: [`pipecatcloud==${LEGACY_PCC_VERSION}`, ...COMMON, 'rich==15.0.0'],
  script: 'pcc',
  versionArgs: ['--version'],
  expectedVersionLine: `ᓚᘏᗢ Pipecat Cloud Client Version: ${LEGACY_PCC_VERSION}`,
};
