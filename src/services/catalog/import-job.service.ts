import type { DataSource } from "typeorm";
import { ctx, currentTenantId, type Principal } from "../../context/request-context";
import { runInTenantTransaction } from "../../db/tenant-transaction";
import { isUuid } from "../../domain/ids";
import { LiveTopic } from "../../domain/live/topics";
import { ImportJobEntity } from "../../entities/catalog/import-job.entity";
import { notFound } from "../../errors";
import type { Logger } from "../../logger";
import type { ExchangeKind, FileFormat, ImportMode } from "../../schema/catalog/catalog.enum";
import { now } from "../../time";
import { audit } from "../audit/audit.service";
import { liveEvents } from "../live/live-events.service";
import { importService, rowsOf } from "./import.service";
import type { ImportOutcome, ImportPhase } from "./import.types";

/** The job row keeps the first rejections; the count is complete. */
export const IMPORT_JOB_MAX_REJECTIONS = 1000;
/** Progress is written at most this often (and at every phase change). */
const PROGRESS_INTERVAL_MS = 1000;

export interface ImportJobStart {
  kind: ExchangeKind;
  mode: ImportMode;
  format: FileFormat;
  bytes: number;
  /** The file's rows, already read (a broken file is rejected before a job exists). */
  table: string[][];
}

/**
 * 导入任务: imports that run in the background so that a client can watch them. startImport records a RUNNING job
 * in the caller's transaction and, after COMMIT, runs the same import as importFile in a tenant transaction of its
 * own (all-or-nothing as ever). Progress goes to the job row in short separate transactions (the import's own
 * transaction is invisible until it commits), throttled to one per second, each also published as a TASK_PROGRESS
 * live event on the department's dashboard feed.
 */
export const importJobService = {
  async start(input: ImportJobStart, app: { db: DataSource; log: Logger }): Promise<ImportJobEntity> {
    const c = ctx();
    const principal = c.principal;
    const [row] = await c.manager.query(
      `INSERT INTO import_job (tenant_id, kind, mode, format, bytes, started_by)
       VALUES ($1, $2, $3, $4, $5, app_user_id()) RETURNING id`,
      [currentTenantId(), input.kind, input.mode, input.format, input.bytes],
    );
    const job = await importJobService.get(row.id);
    await audit.record({
      action: "import_job.start",
      entityType: "import_job",
      entityId: job.id,
      summary: { kind: input.kind, mode: input.mode, format: input.format, bytes: input.bytes },
    });
    // Not awaited: the response goes out now; runJob records its own outcome (and never rejects).
    c.afterCommit.push(() => {
      void runJob(app, principal, job.id, input);
    });
    return job;
  },

  async get(id: string): Promise<ImportJobEntity> {
    if (!isUuid(id)) throw notFound("导入任务");
    const job = await ctx().manager.findOne(ImportJobEntity, { where: { id, tenantId: currentTenantId() } });
    if (!job) throw notFound("导入任务");
    return job;
  },
};

/** Column (snake_case, from this file only) → value. */
type JobPatch = Record<string, unknown>;
/** What a TASK_PROGRESS tick carries (small: the rejections stay in the job row). */
const TICK_FIELDS = ["status", "phase", "rows_read", "inserted", "updated", "rejected"];
const pick = (o: JobPatch, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));

async function runJob(
  app: { db: DataSource; log: Logger },
  principal: Principal,
  jobId: string,
  input: ImportJobStart,
): Promise<void> {
  const { db, log } = app;
  let chain = Promise.resolve();
  const write = (patch: JobPatch, publish: boolean) => {
    chain = chain
      .then(() =>
        runInTenantTransaction(
          db,
          `import-job:${jobId}`,
          principal,
          async () => {
            const sets = Object.keys(patch).map((k, i) => `${k} = $${i + 2}`);
            await ctx().manager.query(
              `UPDATE import_job SET ${[...sets, "updated_at = now()"].join(", ")} WHERE id = $1`,
              [jobId, ...Object.values(patch)],
            );
            if (publish)
              await liveEvents.publish({
                topic: LiveTopic.TASK_PROGRESS,
                payload: { kind: "IMPORT", importJobId: jobId, ...pick(patch, TICK_FIELDS) },
              });
          },
          log,
        ),
      )
      .catch((e) => log.warn("import job progress not recorded", { jobId, error: String(e) }));
    return chain;
  };
  let lastAt = 0;
  let lastPhase: ImportPhase | undefined;
  const onProgress = (p: { rows: number; phase?: ImportPhase }) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - lastAt < PROGRESS_INTERVAL_MS) return;
    lastAt = now;
    lastPhase = p.phase;
    void write({ phase: p.phase ?? "VALIDATE", rows_read: p.rows }, true);
  };
  let outcome: ImportOutcome;
  try {
    outcome = await runInTenantTransaction(
      db,
      `import-job:${jobId}`,
      principal,
      () => importService.importRows(input.kind, rowsOf(input.table), input.mode === "ALL_OR_NOTHING", onProgress),
      log,
    );
  } catch (e) {
    log.error("import job failed", { jobId, error: String(e) });
    await write(
      {
        status: "FAILED",
        phase: null,
        error: "导入失败（系统错误），未写入任何数据；请稍后重试或联系管理员",
        finished_at: now(),
      },
      true,
    );
    await recordFailure(db, log, principal, jobId);
    return;
  }
  await write(
    {
      status: outcome.committed ? "SUCCEEDED" : "REJECTED",
      phase: null,
      rows_read: outcome.totalRows,
      total_rows: outcome.totalRows,
      inserted: outcome.inserted,
      updated: outcome.updated,
      rejected: outcome.rejections.length,
      rejections: JSON.stringify(outcome.rejections.slice(0, IMPORT_JOB_MAX_REJECTIONS)),
      finished_at: now(),
    },
    true,
  );
}

/** A failed job leaves an audit event (the import's own audit event was rolled back with it). */
async function recordFailure(db: DataSource, log: Logger, principal: Principal, jobId: string): Promise<void> {
  await runInTenantTransaction(
    db,
    `import-job:${jobId}`,
    principal,
    () => audit.record({ action: "import.failed", entityType: "import_job", entityId: jobId, summary: {} }),
    log,
  ).catch((e) => log.warn("import job failure not audited", { jobId, error: String(e) }));
}
