/** The part of autocannon's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string;
    headers?: Record<string, string>;
    connections?: number;
    duration?: number;
    /** Stop after this many requests (instead of a duration). */
    amount?: number;
    /** Called once per connection: e.g. one token per connection. With `workers`, the path of a module that
     * default-exports that function (a function cannot cross into the worker thread). */
    setupClient?: ((client: { setHeaders(headers: Record<string, string>): void }) => void) | string;
    /** Run the load in this many worker threads, off the calling thread's event loop. */
    workers?: number;
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    errors: number;
    non2xx: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
