/** Kept equal to package.json's version by a unit test, so the core needs no file reads to know it. */
export const APP_VERSION = '0.1.0';
const APP_NAME = 'PipecatCloudTray';
/** The API's CDN blocks default runtime agent strings: every request says who we are. */
export const USER_AGENT = `${APP_NAME}/${APP_VERSION}`;
