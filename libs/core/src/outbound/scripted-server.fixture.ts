import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One scripted answer; `delayMs` holds the answer back (to provoke timeouts). */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 for OutboundHttp's specs: each path answers from its script in order, repeating
 * the last answer when the script runs out (200 `{}` for an unscripted path), and records what it received.
 */
export class ScriptedServer {
  readonly received: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const script = this.scripts.get(path) ?? [];
      const answer = (script.length > 1 ? script.shift() : script[0]) ?? { status: 200, body: {} };
      setTimeout(() => {
        if (res.destroyed) return;
        const json = answer.body !== undefined && typeof answer.body !== 'string';
        res.writeHead(answer.status, { ...(json ? { 'content-type': 'application/json' } : {}), ...answer.headers });
        res.end(answer.body === undefined ? undefined : json ? JSON.stringify(answer.body) : String(answer.body));
      }, answer.delayMs ?? 0);
    });
  });

  static async start(): Promise<ScriptedServer> {
    const scripted = new ScriptedServer();
    await new Promise<void>((resolve) => scripted.server.listen(0, '127.0.0.1', resolve));
    return scripted;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  script(path: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(path, answers);
  }

  hits(path: string): ReceivedRequest[] {
    return this.received.filter((r) => new URL(r.url, 'http://x').pathname === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
