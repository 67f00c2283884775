export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __JC_PG__?: { stop(): Promise<void> } }).__JC_PG__;
  if (pg) await pg.stop();
}
