import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { EntityManager } from "typeorm";
import { transactionOf } from "./tenant-transaction";

/**
 * The pg client under a transaction's EntityManager (for COPY, which TypeORM does not wrap), with the transaction
 * open. The caller must not run other queries on the manager until its COPY has ended (one query per client).
 */
export async function pgClientOf(manager: EntityManager): Promise<PoolClient> {
  const qr = manager.queryRunner;
  if (!qr) throw new Error("COPY needs a transaction-bound EntityManager");
  await transactionOf(manager).open();
  return (await (qr as unknown as { connect(): Promise<PoolClient> }).connect()) as PoolClient;
}

const SPECIAL = /[\\\t\n\r]/;

/** One value in COPY text format. */
export function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** A text[] literal in COPY text format. */
export function copyTextArray(values: readonly string[]): string {
  return copyText(`{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`);
}

/** Writes lines into `COPY <target> FROM STDIN` (text format), batching and honouring backpressure. */
export class CopyWriter {
  private buffer: string[] = [];
  private finished: Promise<void>;
  private failure: Error | undefined;
  rows = 0;

  private constructor(private readonly stream: NodeJS.WritableStream) {
    this.finished = new Promise((resolve, reject) => {
      stream.on("finish", () => resolve());
      stream.on("error", (e: Error) => {
        this.failure = e;
        reject(e);
      });
    });
    this.finished.catch(() => undefined);
  }

  static open(client: PoolClient, target: string): CopyWriter {
    return new CopyWriter(client.query(copyFrom(`COPY ${target} FROM STDIN`)) as never);
  }

  /** Queues one row; returns a promise only when a full chunk went out (await it to honour backpressure). */
  write(fields: readonly string[]): Promise<void> | undefined {
    this.buffer.push(fields.join("\t"));
    this.rows++;
    return this.buffer.length >= 5000 ? this.flush() : undefined;
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.buffer.length) return;
    const chunk = `${this.buffer.join("\n")}\n`;
    this.buffer = [];
    if (!this.stream.write(chunk)) await once(this.stream as never, "drain");
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.finished;
  }
}

/** `COPY <target> FROM STDIN` (text format) of prepared lines: one string of whole lines, or a stream of them. */
export async function copyLines(
  client: PoolClient,
  target: string,
  source: string | NodeJS.ReadableStream,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  if (typeof source === "string") {
    const done = new Promise<void>((resolve, reject) => {
      stream.on("finish", () => resolve());
      stream.on("error", reject);
    });
    stream.end(source);
    await done;
  } else await pipeline(source, stream);
}
