// The house layout (issue 17): which area each file of the four layer folders belongs to.
// move.mjs turns this table into `old path → new path` (rename rules below) and moves and re-points imports.
// A file is named by its bare name here (as it is on main before the move); a missing one is skipped.

/** src/services/<area>/<name>: files at src/services/ (and its old sub-folders) by area. */
export const services = {
  audit: ["audit-chain-reader", "audit-trail.service", "audit.service"],
  catalog: [
    "catalog-guards",
    "conflict.service",
    "directory.service",
    "export.service",
    "id-number-hash",
    "import-job.service",
    "import-types",
    "import.service",
    "inspector.service",
    "item-list.service",
    "subject-import",
    "subject-registry",
    "subject.service",
  ],
  county: ["county-report", "county.service", "credit-record.service"],
  draw: [
    "draw-people",
    "draw-record-html",
    "draw-record-sheet",
    "draw-runner",
    "draw-witness",
    "draw.service",
    "inspector-pool",
    "population",
    "stratum-counts",
  ],
  estimates: ["estimates/draw-design", "estimates/estimates.service", "estimates/export", "estimates/tallies"],
  firm: ["firm/department.service", "firm/firm.service", "firm/joint-parts", "firm/visit-codes", "firm/visit-history"],
  inspection: [
    "assignment-events",
    "deadline-alert.service",
    "follow-up.service",
    "inspection-forms-html",
    "inspection-report.service",
    "inspection.service",
    "printable-forms.service",
    "publication.service",
    "result-codes.service",
    "result-feedback.service",
    "result.service",
    "transfer-events",
  ],
  joint: [
    "joint-documents",
    "joint-draw.service",
    "joint-events",
    "joint-guards",
    "joint-item.service",
    "joint-items",
    "joint-plan.service",
    "joint-publication.service",
    "joint-record",
    "joint-recusal.service",
    "joint-report.service",
    "joint-visit.service",
    "joint-void.service",
  ],
  live: ["live-events.service", "live-subscriptions.service", "notice.service"],
  plan: [
    "campaign.service",
    "direct-assignment.service",
    "plan-revision.service",
    "plan-rounds",
    "plan.service",
    "task-preview.service",
    "task.service",
  ],
  shared: ["keyset", "like", "published-text"],
  system: ["auth.service", "calendar-admin.service", "calendar.service", "tenancy.service", "tenant-settings"],
};

/** src/resolvers/<area>/<name>.resolver.ts (index.ts stays: it merges the areas). */
export const resolvers = {
  audit: ["audit"],
  catalog: ["directory", "exchange", "inspector", "item-list"],
  county: ["county", "credit-record"],
  draw: ["draw"],
  estimates: ["estimate"],
  firm: ["firm"],
  inspection: [
    "assignment",
    "deadline-alert",
    "follow-up",
    "inspection-report",
    "inspection",
    "printable-form",
    "publication",
    "result",
  ],
  joint: ["joint-draw", "joint-plan", "joint-visit"],
  live: ["live"],
  plan: ["campaign", "plan-revision", "plan"],
  system: ["auth", "calendar", "system", "tenancy", "tenant-settings"],
};

/** src/schema/<area>/<name>; the schema's own machinery stays at src/schema/ (SCHEMA_ROOT). */
export const schema = {
  audit: ["audit.input", "audit.type"],
  catalog: [
    "catalog-enums",
    "directory-entry.type",
    "directory.input",
    "exchange.type",
    "import-job.type",
    "inspector.input",
    "inspector.type",
    "item-list.input",
    "item-list.type",
    "subject.type",
  ],
  county: ["county.type", "credit-record.type"],
  estimates: ["estimate.type"],
  firm: ["firm.type"],
  inspection: [
    "deadline-alert.type",
    "follow-up.type",
    "inspection.input",
    "inspection.type",
    "result-feedback.type",
    "result.type",
  ],
  joint: ["joint-checklist.type", "joint-team.type", "joint.input", "joint.type"],
  live: ["live-event.type", "live.input"],
  plan: ["campaign.type", "plan-revision.type", "plan.input", "plan.type", "task-preview.type"],
  system: [
    "api-key.type",
    "rule.type",
    "calendar.input",
    "calendar.type",
    "tenancy.input",
    "tenant-settings.type",
    "tenant.type",
    "user.type",
  ],
};
export const SCHEMA_ROOT = [
  "argument-guard",
  "build-schema",
  "coercion-messages",
  "date-time.scalar",
  "format-error",
  "limits",
  "pagination",
  "unique-messages",
];

/** src/entities/<area>/<name>.entity.ts; index.ts (the DataSource's list) and numeric.ts (a column transformer) stay. */
export const entities = {
  audit: ["audit-event"],
  catalog: [
    "check-item",
    "directory-entry",
    "import-job",
    "inspector-conflict",
    "inspector-share",
    "inspector",
    "item-list-version",
    "joint-item-entry",
    "subject-change",
    "subject-status-history",
    "subject",
  ],
  county: ["credit-record", "joint-member-unit"],
  draw: ["draw"],
  inspection: ["follow-up", "inspection-record", "inspection-result"],
  joint: [
    "joint-participation",
    "joint-plan-publication",
    "joint-plan",
    "joint-substitution",
    "joint-task",
    "joint-visit",
  ],
  live: ["live-event"],
  plan: ["plan", "task"],
  system: ["api-key", "calendar-day-override", "tenant", "user"],
};
export const ENTITIES_ROOT = ["index", "numeric"];

/**
 * The new base name of a service file: `<thing>.<role>`. A name already carrying a role keeps it; the suffixes
 * -events, -html, -guards, -types become the role; keyset and like are SQL helpers (.query); the rest do I/O
 * for their area and are services.
 */
export function serviceName(bare) {
  const name = bare.split("/").pop();
  if (/\.(service|query|events|html|guards|types)$/.test(name)) return name;
  const role = name.match(/^(.+)-(events|html|guards|types)$/);
  if (role) return `${role[1]}.${role[2]}`;
  if (name === "keyset" || name === "like") return `${name}.query`;
  return `${name}.service`;
}

/** catalog-enums.ts declares enums: catalog.enum.ts. */
export function schemaName(bare) {
  return bare === "catalog-enums" ? "catalog.enum" : bare;
}

/** [file, old text, new text]: edits beyond import paths (a test that reads the services folder reads it whole). */
export const fixups = [
  [
    "test/unit/live/event-labels.test.ts",
    "readdirSync(SERVICES)\n  .filter",
    'readdirSync(SERVICES, { recursive: true, encoding: "utf8" })\n  .filter',
  ],
];
