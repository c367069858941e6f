/* eslint-disable no-console -- the extension's one deliberate logger: its console is the browser's, seen only by whoever opens the extension's devtools */
/** Logs with a prefix, so the extension's lines stand out in a background console shared with the browser. */
export const log = {
  info: (message: string, ...details: unknown[]) => console.info(`[stoflow] ${message}`, ...details),
  warn: (message: string, ...details: unknown[]) => console.warn(`[stoflow] ${message}`, ...details),
  error: (message: string, ...details: unknown[]) => console.error(`[stoflow] ${message}`, ...details),
};
