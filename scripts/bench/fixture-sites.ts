import { startFixtureServer, type FixtureServer } from '../demo/site-server.ts';

/** The realistic fixture sites (test/fixtures/sites/) the benchmarks scan, each served on 127.0.0.1. */
export const BENCH_SITES = ['wordpress-style', 'react-spa'] as const;

export interface BenchSites {
  /** One server per site, in BENCH_SITES order. */
  readonly servers: readonly FixtureServer[];
  close(): Promise<void>;
}

export async function startBenchSites(): Promise<BenchSites> {
  const servers = await Promise.all(BENCH_SITES.map((site) => startFixtureServer({ site })));
  return {
    servers,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
