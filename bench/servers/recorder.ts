import type pg from 'pg';

export interface RecordedQuery {
  /** A named (prepared) statement's name: the bare route must prepare the same ones. */
  name?: string;
  text: string;
  values: unknown[];
}

/**
 * Notes every statement a pool sends while recording is on, so the benchmark can check
 * that Atrium and the bare route issue the same SQL. Off, it costs one boolean test.
 */
export function recordQueries(pool: pg.Pool) {
  let recording: RecordedQuery[] | undefined;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (recording) {
      const [config, values] = args;
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      const params =
        (Array.isArray(values) ? values : (config as { values?: unknown[] } | undefined)?.values) ?? [];
      recording.push({
        name: typeof config === 'string' ? undefined : (config as { name?: string }).name,
        text,
        values: params.map((value) => (value instanceof Date ? value.toISOString() : value)),
      });
    }
    return query(...args);
  };
  return {
    start() {
      recording = [];
    },
    stop(): RecordedQuery[] {
      const recorded = recording ?? [];
      recording = undefined;
      return recorded;
    },
  };
}

/** Child-process side of the recorder: the parent sends 'record:start' and 'record:stop'. */
export function answerRecordRequests(recorder: ReturnType<typeof recordQueries>) {
  process.on('message', (message: unknown) => {
    if (message === 'record:start') {
      recorder.start();
      process.send?.({ type: 'record:started' });
    } else if (message === 'record:stop') {
      process.send?.({ type: 'recorded', queries: recorder.stop() });
    }
  });
}
