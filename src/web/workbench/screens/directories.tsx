import {
  ElAlert,
  ElButton,
  ElInput,
  ElPagination,
  ElProgress,
  ElTable,
  ElTableColumn,
  ElTabPane,
  ElTabs,
  ElTag,
} from "element-plus";
import { defineComponent, onMounted, onUnmounted, reactive, ref, watch } from "vue";
import { neutralizeFormula } from "../../../exchange/formula";
import EnumSelect from "../enum-select";
import { act, downloadBase64, downloadBlob, fileToBase64 } from "../format";
import { label } from "../labels";
import { gql } from "../session";

interface Entry {
  id: string;
  riskClass: string | null;
  tags: string[];
  subLibraries: string[];
  subject: { name: string; creditCode: string | null; address: string | null; kind: string; status: string };
}
interface Person {
  id: string;
  name: string;
  certificateNo: string;
  enforcementCategories: string[];
  subLibraries: string[];
  status: string;
  leaderEligible: boolean;
}
interface Job {
  id: string;
  status: string;
  phase: string | null;
  rowsRead: number;
  totalRows: number | null;
  inserted: number | null;
  updated: number | null;
  rejected: number | null;
  error: string | null;
  rejections: Array<{ row: number; column: string; reason: string }>;
}

const JOB_FIELDS =
  "id status phase rowsRead totalRows inserted updated rejected error rejections { row column reason }";
const PAGE = 20;
/** Share of the bar each phase ends at: reading and checking rows is most of the work. */
const PHASE_END: Record<string, number> = { VALIDATE: 70, MATCH: 85, WRITE: 99 };

/** The error report a clerk opens in Excel: 行号, 列, 原因 (UTF-8 with BOM; formula-like cells neutralised). */
export function rejectionCsv(rows: Job["rejections"]): Blob {
  const q = (raw: string) => {
    const s = neutralizeFormula(raw);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = ["行号,列,原因", ...rows.map((r) => [String(r.row), q(r.column), q(r.reason)].join(","))];
  return new Blob([`\uFEFF${lines.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" });
}

/**
 * 名录库: the target directory (检查对象名录库) and the inspector directory (执法检查人员名录库) — search, export as
 * CSV/XLSX, and import in the background with a progress bar from the import job and a downloadable error report.
 */
export default defineComponent({
  setup() {
    const tab = ref("SUBJECTS");
    const search = ref("");
    const page = ref(1);
    const entries = ref<{ items: Entry[]; total: number }>({ items: [], total: 0 });
    const people = ref<{ items: Person[]; total: number }>({ items: [], total: 0 });
    const imp = reactive({ kind: "SUBJECTS", mode: "ALL_OR_NOTHING", file: null as File | null, estimate: 0 });
    const job = ref<Job | null>(null);
    let poll: ReturnType<typeof setInterval> | undefined;
    onUnmounted(() => clearInterval(poll));

    const load = async () => {
      const vars = { f: search.value.trim() ? { search: search.value.trim() } : null, o: (page.value - 1) * PAGE };
      if (tab.value === "SUBJECTS")
        entries.value = (
          await gql<{ directoryEntries: typeof entries.value }>(
            `query($f: DirectoryFilter, $o: Int!) { directoryEntries(filter: $f, limit: ${PAGE}, offset: $o) { total
              items { id riskClass tags subLibraries subject { name creditCode address kind status } } } }`,
            vars,
          )
        ).directoryEntries;
      else
        people.value = (
          await gql<{ inspectors: typeof people.value }>(
            `query($f: InspectorFilter, $o: Int!) { inspectors(filter: $f, limit: ${PAGE}, offset: $o) { total
              items { id name certificateNo enforcementCategories subLibraries status leaderEligible } } }`,
            vars,
          )
        ).inspectors;
    };
    onMounted(() => act(load));
    watch([tab, page], () => act(load));

    const exportAs = (format: "CSV" | "XLSX") =>
      act(async () => {
        const r = await gql<{ exportDirectory: { fileName: string; mimeType: string; contentBase64: string } }>(
          `query($f: FileFormat!, $k: ExchangeKind!) { exportDirectory(format: $f, kind: $k) { fileName mimeType contentBase64 } }`,
          { f: format, k: tab.value },
        );
        downloadBase64(r.exportDirectory.fileName, r.exportDirectory.mimeType, r.exportDirectory.contentBase64);
      });

    const pick = async (ev: Event) => {
      const f = (ev.target as HTMLInputElement).files?.[0] ?? null;
      imp.file = f;
      // A CSV's rows are its line breaks (a close estimate for the bar); an XLSX is only known once read.
      imp.estimate = f && /\.csv$/i.test(f.name) ? (await f.text()).split("\n").length - 2 : 0;
    };
    const start = () =>
      act(async () => {
        if (!imp.file) throw new Error("请选择要导入的 CSV 或 XLSX 文件");
        const format = /\.xlsx$/i.test(imp.file.name) ? "XLSX" : /\.csv$/i.test(imp.file.name) ? "CSV" : null;
        if (!format) throw new Error("只能导入 .csv 或 .xlsx 文件");
        const r = await gql<{ startImport: Job }>(
          `mutation($i: ImportFileInput!) { startImport(input: $i) { ${JOB_FIELDS} } }`,
          {
            i: { kind: imp.kind, format, mode: imp.mode, contentBase64: await fileToBase64(imp.file) },
          },
        );
        job.value = r.startImport;
        clearInterval(poll);
        poll = setInterval(async () => {
          if (!job.value) return;
          const j = (
            await gql<{ importJob: Job }>(`query($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`, {
              id: job.value.id,
            })
          ).importJob;
          job.value = j;
          if (j.status !== "RUNNING") {
            clearInterval(poll);
            await load();
          }
        }, 400);
      });

    const percent = (j: Job) => {
      if (j.status !== "RUNNING") return 100;
      const end = PHASE_END[j.phase ?? "VALIDATE"] ?? 0;
      if (j.phase === "VALIDATE" || !j.phase)
        return imp.estimate ? Math.min(end, Math.round((j.rowsRead / imp.estimate) * end)) : 5;
      return end;
    };

    const importPanel = () => (
      <div class="wb-section" data-import="">
        <h3>导入</h3>
        <div class="wb-toolbar">
          <EnumSelect
            enumName="ExchangeKind"
            values={["SUBJECTS", "INSPECTORS", "ITEMS"]}
            modelValue={imp.kind}
            onUpdate:modelValue={(v: string) => (imp.kind = v)}
            class="wb-select"
          />
          <EnumSelect
            enumName="ImportMode"
            modelValue={imp.mode}
            onUpdate:modelValue={(v: string) => (imp.mode = v)}
            class="wb-select-wide"
          />
          <input type="file" accept=".csv,.xlsx" onChange={pick} data-field="import-file" />
          <ElButton type="primary" onClick={start} data-action="import">
            开始导入
          </ElButton>
        </div>
        <p class="wb-muted">CSV 可为 UTF-8 或 Excel 默认的 GBK 编码；列名见导出文件的表头。</p>
        {job.value && (
          <div class="wb-progress" data-job={job.value.status}>
            <ElProgress
              percentage={percent(job.value)}
              status={
                job.value.status === "SUCCEEDED" ? "success" : job.value.status === "RUNNING" ? undefined : "exception"
              }
              striped={job.value.status === "RUNNING"}
              stripedFlow
            />
            <p>
              {label("ImportJobStatus", job.value.status)}
              {job.value.phase && job.value.status === "RUNNING" ? ` · ${label("ImportPhase", job.value.phase)}` : ""} ·
              已读 {job.value.rowsRead} 行{job.value.totalRows !== null && ` / 共 ${job.value.totalRows} 行`}
              {job.value.inserted !== null &&
                ` · 新增 ${job.value.inserted}，更新 ${job.value.updated ?? 0}，错误 ${job.value.rejected ?? 0}`}
            </p>
            {job.value.error && <ElAlert type="error" title={job.value.error} closable={false} />}
            {job.value.rejections.length > 0 && (
              <>
                <ElButton
                  onClick={() => job.value && downloadBlob("导入错误报告.csv", rejectionCsv(job.value.rejections))}
                  data-action="error-report"
                >
                  下载错误报告（行号、列、原因）
                </ElButton>
                <ElTable data={job.value.rejections.slice(0, 20)} border size="small" data-rejections="">
                  <ElTableColumn prop="row" label="行号" width="80" />
                  <ElTableColumn prop="column" label="列" width="160" />
                  <ElTableColumn prop="reason" label="原因" />
                </ElTable>
              </>
            )}
          </div>
        )}
      </div>
    );

    return () => (
      <div class="wb-screen">
        <h2>名录库</h2>
        <ElTabs
          modelValue={tab.value}
          onUpdate:modelValue={(v: string | number) => {
            tab.value = String(v);
            page.value = 1;
          }}
        >
          <ElTabPane label="检查对象名录库" name="SUBJECTS" />
          <ElTabPane label="执法检查人员名录库" name="INSPECTORS" />
        </ElTabs>
        <div class="wb-toolbar">
          <ElInput
            modelValue={search.value}
            onUpdate:modelValue={(v: string) => (search.value = v)}
            placeholder={tab.value === "SUBJECTS" ? "名称或统一社会信用代码" : "姓名或执法证号"}
            class="wb-search"
            onChange={() => act(load)}
          />
          <ElButton onClick={() => act(load)}>查询</ElButton>
          <ElButton onClick={() => exportAs("XLSX")} data-action="export-xlsx">
            导出 Excel
          </ElButton>
          <ElButton onClick={() => exportAs("CSV")}>导出 CSV</ElButton>
        </div>
        {tab.value === "SUBJECTS" ? (
          <ElTable data={entries.value.items} border size="small" data-directory="">
            <ElTableColumn label="名称" minWidth="220">
              {{ default: ({ row }: { row: Entry }) => row.subject.name }}
            </ElTableColumn>
            <ElTableColumn label="统一社会信用代码" width="200">
              {{ default: ({ row }: { row: Entry }) => row.subject.creditCode ?? "" }}
            </ElTableColumn>
            <ElTableColumn label="类型" width="110">
              {{ default: ({ row }: { row: Entry }) => label("SubjectKind", row.subject.kind) }}
            </ElTableColumn>
            <ElTableColumn label="状态" width="90">
              {{ default: ({ row }: { row: Entry }) => label("SubjectStatus", row.subject.status) }}
            </ElTableColumn>
            <ElTableColumn label="风险等级" width="90">
              {{ default: ({ row }: { row: Entry }) => row.riskClass ?? "" }}
            </ElTableColumn>
            <ElTableColumn label="行业标签" minWidth="160">
              {{
                default: ({ row }: { row: Entry }) =>
                  row.tags.map((t) => (
                    <ElTag key={t} size="small">
                      {t}
                    </ElTag>
                  )),
              }}
            </ElTableColumn>
            <ElTableColumn label="地址" minWidth="200">
              {{ default: ({ row }: { row: Entry }) => row.subject.address ?? "" }}
            </ElTableColumn>
          </ElTable>
        ) : (
          <ElTable data={people.value.items} border size="small" data-directory="">
            <ElTableColumn prop="name" label="姓名" width="120" />
            <ElTableColumn prop="certificateNo" label="执法证号" width="180" />
            <ElTableColumn label="执法类别" minWidth="160">
              {{ default: ({ row }: { row: Person }) => row.enforcementCategories.join("、") }}
            </ElTableColumn>
            <ElTableColumn label="子库" minWidth="140">
              {{ default: ({ row }: { row: Person }) => row.subLibraries.join("、") }}
            </ElTableColumn>
            <ElTableColumn label="状态" width="90">
              {{ default: ({ row }: { row: Person }) => label("InspectorStatus", row.status) }}
            </ElTableColumn>
            <ElTableColumn label="可任组长" width="90">
              {{ default: ({ row }: { row: Person }) => (row.leaderEligible ? "是" : "否") }}
            </ElTableColumn>
          </ElTable>
        )}
        <ElPagination
          layout="total, prev, pager, next"
          total={tab.value === "SUBJECTS" ? entries.value.total : people.value.total}
          pageSize={PAGE}
          currentPage={page.value}
          {...{ "onUpdate:current-page": (v: number) => (page.value = v) }}
        />
        {importPanel()}
      </div>
    );
  },
});
