import autocannon from 'autocannon';
import { type CpuUse, cpuUse, snapshot } from './cpu.ts';

export interface LoadOptions {
  port: number;
  paths: string[];
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** To account CPU time per request: the server's pid and PostgreSQL's data directory. */
  cpu?: { serverPid?: number; dataDir: string };
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  cpu?: CpuUse;
}

/** Latencies kept one by one (autocannon's own histogram has 1 ms steps and no p95). */
class Latencies {
  private values = new Float64Array(1 << 16);
  private length = 0;
  add(value: number) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  get count() {
    return this.length;
  }
  percentile(p: number): number {
    if (!this.length) return Number.NaN;
    const sorted = this.values.slice(0, this.length).sort();
    return sorted[Math.min(this.length - 1, Math.ceil((p / 100) * this.length) - 1)]!;
  }
}

/**
 * Runs autocannon against one server for `seconds`, each request taking the next path of
 * the list in turn (shared by all connections), so no two consecutive requests ask the
 * same thing and no cache, in Atrium or in PostgreSQL, sees a single query.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const { paths } = options;
  const latencies = new Latencies();
  const before = options.cpu && snapshot(options.cpu.serverPid, options.cpu.dataDir);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${options.port}`,
        connections: options.connections,
        duration: options.seconds,
        headers: options.headers,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              request.path = paths[next++ % paths.length]!;
              return request;
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.add(responseTime));
  });
  const cpu =
    options.cpu &&
    before &&
    cpuUse(before, snapshot(options.cpu.serverPid, options.cpu.dataDir), latencies.count);
  return {
    cpu,
    requests: latencies.count,
    rps: latencies.count / result.duration,
    p50: latencies.percentile(50),
    p95: latencies.percentile(95),
    p99: latencies.percentile(99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
