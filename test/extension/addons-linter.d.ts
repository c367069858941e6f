/** The part of Mozilla's addons-linter (the engine of `web-ext lint`) that the lint spec uses; it ships no types. */
declare module 'addons-linter' {
  export function createInstance(options: {
    config: Record<string, unknown> & { _: string[] };
    runAsBinary: boolean;
  }): { run(): Promise<unknown> };
}
