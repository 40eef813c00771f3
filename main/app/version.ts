import packageJson from '../../package.json';

/** The app's version, from package.json, for the places that run without Electron's app.getVersion(). */
export const appVersion: string = packageJson.version;
