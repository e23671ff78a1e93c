import autocannon from 'autocannon';
import { addSpent, type CpuSpent, type CpuUse, cpuSpent, cpuUse, noSpent, snapshot } from './cpu.ts';

export interface LoadOptions {
  port: number;
  paths: string[];
  /** Instead of GETs of `paths`: POSTs to `path` (or the next `path()`) of JSON bodies, a new one from `body()` for each request. */
  post?: { path: string | (() => string); body: () => string };
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

/**
 * What one server did in a scenario, gathered over one or more slices of load: latencies one
 * by one (autocannon's own histogram has 1 ms steps and no p95), errors, time and CPU.
 */
export class Measurement {
  private values = new Float64Array(1 << 16);
  private length = 0;
  private seconds = 0;
  private errors = 0;
  private non2xx = 0;
  private spent: CpuSpent = noSpent;
  private withCpu = false;

  addLatency(value: number) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  addSlice(slice: { seconds: number; errors: number; non2xx: number; spent?: CpuSpent }) {
    this.seconds += slice.seconds;
    this.errors += slice.errors;
    this.non2xx += slice.non2xx;
    if (slice.spent) {
      this.withCpu = true;
      this.spent = addSpent(this.spent, slice.spent);
    }
  }

  result(): LoadResult {
    const sorted = this.values.slice(0, this.length).sort();
    const percentile = (p: number) =>
      this.length ? sorted[Math.min(this.length - 1, Math.ceil((p / 100) * this.length) - 1)]! : Number.NaN;
    return {
      requests: this.length,
      rps: this.seconds ? this.length / this.seconds : 0,
      p50: percentile(50),
      p95: percentile(95),
      p99: percentile(99),
      errors: this.errors,
      non2xx: this.non2xx,
      cpu: this.withCpu ? cpuUse(this.spent, this.length) : undefined,
    };
  }
}

function request(options: LoadOptions): autocannon.Request {
  const { paths, post } = options;
  if (post) {
    // Its own headers object: autocannon writes each body's Content-Length into it.
    const headers = { ...options.headers, 'content-type': 'application/json' };
    return {
      method: 'POST',
      setupRequest: (request) => {
        request.path = typeof post.path === 'function' ? post.path() : post.path;
        request.headers = headers;
        request.body = post.body();
        return request;
      },
    };
  }
  let next = 0;
  return {
    method: 'GET',
    setupRequest: (request) => {
      request.path = paths[next++ % paths.length]!;
      return request;
    },
  };
}

/**
 * Runs autocannon against one server for `seconds`, each request taking the next path of
 * the list in turn (shared by all connections), so no two consecutive requests ask the
 * same thing and no cache, in Atrium or in PostgreSQL, sees a single query; or, with
 * `post`, each request a new body. Adds what it saw to `into` when given (a warm-up passes
 * none).
 */
export async function load(options: LoadOptions, into?: Measurement): Promise<void> {
  const before = into && options.cpu && snapshot(options.cpu.serverPid, options.cpu.dataDir);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${options.port}`,
        connections: options.connections,
        duration: options.seconds,
        headers: options.headers,
        requests: [request(options)],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    if (into)
      instance.on('response', (_client, _status, _bytes, responseTime) => into.addLatency(responseTime));
  });
  into?.addSlice({
    seconds: result.duration,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    spent:
      before && options.cpu
        ? cpuSpent(before, snapshot(options.cpu.serverPid, options.cpu.dataDir))
        : undefined,
  });
}
