/** What the build decides (apps/extension/build.ts defines these; see its `defines`). */
declare const __STOFLOW_VERSION__: string;
declare const __STOFLOW_DEFAULT_SERVER__: string;
declare const __STOFLOW_TEST_VINTED_ORIGINS__: readonly string[];

export const VERSION: string = __STOFLOW_VERSION__;
export const DEFAULT_SERVER: string = __STOFLOW_DEFAULT_SERVER__;
/**
 * Loopback origins a test build accepts as Vinted sites, so the browser suite can run the fake Vinted server.
 * Always empty in a release build: the build refuses to write one that lists any.
 */
export const TEST_VINTED_ORIGINS: readonly string[] = __STOFLOW_TEST_VINTED_ORIGINS__;
