import { readCsv } from "./csv";
import { readXlsx } from "./xlsx";

export * from "./columns";
export * from "./csv";
export * from "./csv-records";
export * from "./formula";
export * from "./inspector-columns";
export * from "./item-columns";
export * from "./subject-columns";
export * from "./xlsx";
export * from "./xlsx-sheets";

export type FileFormat = "CSV" | "XLSX";

/** Rows of cells of an uploaded file. */
export async function readTable(format: FileFormat, buffer: Buffer): Promise<string[][]> {
  return format === "CSV" ? readCsv(buffer) : readXlsx(buffer);
}

/** CSV or XLSX by the file name's extension. */
export function formatOfFileName(name: string): FileFormat | undefined {
  const ext = name.toLowerCase().split(".").pop();
  return ext === "csv" ? "CSV" : ext === "xlsx" ? "XLSX" : undefined;
}
export * from "./text-encoding";
