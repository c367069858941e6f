/**
 * autocannon `setupClient` for the claim-throughput run. autocannon loads it inside its worker thread (a function
 * cannot cross threads), so the tokens arrive through the environment the thread inherits: one plugin token per
 * connection, each connection its own paired extension.
 */
interface CannonClient {
  setHeaders(headers: Record<string, string>): void;
}

const tokens = JSON.parse(process.env.BENCH_PLUGIN_TOKENS ?? '[]') as string[];
let next = 0;

function setupClient(client: CannonClient): void {
  if (tokens.length === 0) throw new Error('BENCH_PLUGIN_TOKENS is empty');
  client.setHeaders({ authorization: `Bearer ${tokens[next++ % tokens.length]}` });
}

// autocannon `require`s this file and calls what it gets.
export = setupClient;
