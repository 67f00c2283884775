import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { SAFE_SEARCH_PATH } from "../../src/db/migrations/sql";
import { transactionSettings } from "../../src/db/tenant-transaction";
import { clockFrom, resetClock, setClock } from "../../src/time";
import { startTestServer, type TestServer } from "../helpers/harness";
import {
  approveAndDraw,
  confirm,
  createJointPlanAndTask,
  JOINT_TEST_CLOCK,
  type JointSetup,
  seedJointDepartments,
} from "../helpers/joint-fixture";

/**
 * The database floor (issue 10 §3), as the runtime role (NOSUPERUSER, NOBYPASSRLS, not the owner), in SQL:
 * - every SECURITY DEFINER function pins SAFE_SEARCH_PATH and none is executable by PUBLIC (listed from pg_proc, so
 *   a function added later cannot forget it), and each one is probed here with temporary objects named like the
 *   tables it reads: it must still read the real tables;
 * - the policies allow exactly what the API allows: a participant cannot rewrite another department's team members,
 *   complete a visit, move its participation to another coordinator, raise app.live_delivery itself, or write
 *   JOINT_PROGRESS / PUBLIC_RESULT events it has no business writing.
 */
let s: TestServer;
let setup: JointSetup;
let taskId: string;
let visitId: string;
let invitingTaskId: string;
let t: (code: string) => string;

beforeAll(async () => {
  // The fixture window is 2026-06-01 to 2026-09-30: draws and visit dates run before it (src/domain/plan/draw-rules).
  setClock(clockFrom(JOINT_TEST_CLOCK));
  s = await startTestServer({ poolSize: 4 });
  setup = await seedJointDepartments(s, 430_000);
  t = (code) => setup.tenants[code];
  const created = await createJointPlanAndTask(s, setup, [
    { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
    { code: "wy-samr", itemIds: [setup.items["SAMR-J01"]] },
    { code: "wy-emerg", itemIds: [setup.items["EMG-J01"]] },
  ]);
  taskId = created.task.id;
  for (const code of ["wy-drc", "wy-samr", "wy-emerg"]) expect((await confirm(s, code, taskId)).errors).toBeUndefined();
  expect((await approveAndDraw(s, taskId)).draw.errors).toBeUndefined();
  invitingTaskId = (
    await createJointPlanAndTask(s, setup, [
      { code: "wy-drc", itemIds: [setup.items["DRC-J01"]] },
      { code: "wy-emerg", itemIds: [] },
    ])
  ).task.id;
  const admin = await s.login("wy-samr", "admin");
  const visits = await s.gql(`query($t: ID!) { jointVisits(taskId: $t) { items { id } } }`, { t: taskId }, admin);
  visitId = visits.data!.jointVisits.items[0].id;
  const proposed = await s.gql(
    `mutation($i: JointVisitDateInput!) { proposeJointVisitDate(input: $i) { status } }`,
    { i: { visitId, date: "2026-06-15" } },
    admin,
  );
  expect(proposed.errors).toBeUndefined();
});
afterAll(async () => {
  await s.close();
  resetClock();
});

/** One transaction as the runtime role with a tenant's settings (and the clock); always rolled back. */
async function asRuntime<T>(code: string, fn: (c: Client) => Promise<T>, roles = "ADMIN,PLANNER", userId = "") {
  const c = new Client({ connectionString: s.db.appUrl });
  await c.connect();
  try {
    await c.query("BEGIN");
    await c.query(...transactionSettings(t(code), userId, roles));
    return await fn(c);
  } finally {
    await c.query("ROLLBACK").catch(() => undefined);
    await c.end();
  }
}

/** Runs `sql`, expecting it to fail; the transaction continues after it (savepoint). */
async function refused(c: Client, sql: string, params: unknown[] = []): Promise<string> {
  await c.query("SAVEPOINT probe");
  try {
    await c.query(sql, params);
  } catch (e) {
    await c.query("ROLLBACK TO SAVEPOINT probe");
    return String((e as Error).message);
  }
  await c.query("RELEASE SAVEPOINT probe");
  throw new Error(`expected to be refused: ${sql}`);
}

/** Creates a temporary view or table and lets anyone read it, as an attacker would (the definer then can). */
async function shadow(c: Client, create: string): Promise<void> {
  await c.query(create);
  const name = /^CREATE TEMP (?:VIEW|TABLE) (\w+)/.exec(create)![1];
  await c.query(`GRANT SELECT ON pg_temp.${name} TO PUBLIC`);
}

const lit = (uuid: string) => {
  if (!/^[0-9a-f-]{36}$/.test(uuid)) throw new Error(`not a uuid: ${uuid}`);
  return `'${uuid}'::uuid`;
};

/**
 * One shadowing probe per SECURITY DEFINER function: temporary objects named like the tables the function reads,
 * then the function must still answer from the real tables. Before the floor (search_path = public, so pg_temp first)
 * each probe below got the shadowed answer.
 */
/**
 * The shared registry's triggers (history, status history, the name-search copy, every department's sort key) as
 * the runtime role registers, lists and renames a subject: temp tables named like each table they write must stay
 * empty, and the real tables get the rows.
 */
const subjectWritesProbe = () =>
  asRuntime(
    "wy-tax",
    async (c) => {
      for (const table of ["subject_change", "subject_status_history", "directory_entry"])
        await shadow(c, `CREATE TEMP TABLE ${table} (LIKE public.${table})`);
      await shadow(c, `CREATE TEMP TABLE subject_name_search (subject_id uuid, name text)`);
      await shadow(c, `CREATE TEMP VIEW subject AS SELECT * FROM public.subject WHERE false`);
      const id = (
        await c.query(
          `INSERT INTO public.subject (kind, name, address) VALUES ('INDIVIDUAL_BUSINESS', '影子探针个体户', '五原县')
           RETURNING id`,
        )
      ).rows[0].id as string;
      await c.query("INSERT INTO public.directory_entry (tenant_id, subject_id) VALUES ($1, $2)", [t("wy-tax"), id]);
      await c.query(`UPDATE public.subject SET name = '影子探针个体户（更名）', status = 'UNREACHABLE' WHERE id = $1`, [
        id,
      ]);
      const real = async (sql: string) => Number((await c.query(sql, [id])).rows[0].n);
      expect(await real("SELECT count(*) AS n FROM public.subject_change WHERE subject_id = $1")).toBe(2);
      expect(await real("SELECT count(*) AS n FROM public.subject_status_history WHERE subject_id = $1")).toBe(1);
      expect(
        await real(
          "SELECT count(*) AS n FROM public.directory_entry WHERE subject_id = $1 AND subject_name = '影子探针个体户（更名）'",
        ),
      ).toBe(1);
      expect((await c.query("SELECT public.subject_ids_by_name('探针个体户（更名') AS id")).rows).toEqual([{ id }]);
      for (const table of ["subject_change", "subject_status_history", "subject_name_search", "directory_entry"])
        expect(Number((await c.query(`SELECT count(*) AS n FROM pg_temp.${table}`)).rows[0].n)).toBe(0);
    },
    "ADMIN",
  );

/**
 * The county roll-up's definers: a department that fakes the coordinator flag gets no roll-up, and the coordinator's
 * answer does not change when the runtime role shadows the tables it reads with made-up rows.
 */
const countyProbe = async (fn: string) => {
  const fakeTenant = (c: Client, code: string) =>
    shadow(
      c,
      `CREATE TEMP VIEW tenant AS SELECT ${lit(t(code))} AS id, '150821'::text AS region_code, true AS is_coordinator`,
    );
  await asRuntime("wy-tax", async (c) => {
    await fakeTenant(c, "wy-tax");
    expect(await refused(c, `SELECT * FROM ${fn}(2026)`)).toMatch(/coordinator/);
  });
  await asRuntime("wy-samr", async (c) => {
    const q = `SELECT count(*) AS n FROM ${fn}(2026)`;
    const real = (await c.query(q)).rows[0];
    await fakeTenant(c, "wy-samr");
    await shadow(
      c,
      `CREATE TEMP VIEW assignment AS SELECT ${lit(randomUUID())} AS id, ${lit(t("wy-tax"))} AS tenant_id,
        ${lit(randomUUID())} AS task_id, NULL::uuid AS draw_id, 'ASSIGNED'::text AS status, now() AS created_at,
        NULL::date AS inspected_on`,
    );
    expect((await c.query(q)).rows[0]).toEqual(real);
  });
};

/**
 * The plan search's copy (0341) as the runtime role creates a plan and a task and renames the task: a temp table named
 * like the copy stays empty, a temp view named like annual_plan does not stop the real plan from being found, and the
 * search finds the real rows.
 */
const planTextProbe = () =>
  asRuntime("wy-tax", async (c) => {
    await shadow(c, `CREATE TEMP TABLE plan_search_text (id uuid, plan_id uuid, text text)`);
    const planId = (
      await c.query(
        `INSERT INTO public.annual_plan (tenant_id, year, title, due_date, created_by)
         VALUES ($1, 2026, '影子计划探针', '2026-12-31', gen_random_uuid()) RETURNING id`,
        [t("wy-tax")],
      )
    ).rows[0].id as string;
    const taskId = (
      await c.query(
        `INSERT INTO public.inspection_task (tenant_id, plan_id, name, kind, item_ids, window_from, window_to,
           sampling_rule, team_rule, exclusions, created_by)
         VALUES ($1, $2, '影子任务探针', 'DIRECTED', '{}', '2026-03-01', '2026-11-30', '{}', '{}', '{}', gen_random_uuid())
         RETURNING id`,
        [t("wy-tax"), planId],
      )
    ).rows[0].id as string;
    await c.query(`UPDATE public.inspection_task SET name = '影子任务更名探针' WHERE id = $1`, [taskId]);
    await c.query(`UPDATE public.annual_plan SET title = '影子计划更名探针' WHERE id = $1`, [planId]);
    await shadow(c, `CREATE TEMP VIEW annual_plan AS SELECT * FROM public.annual_plan WHERE false`);
    for (const text of ["任务更名", "计划更名"])
      expect((await c.query("SELECT public.plan_ids_by_text($1) AS id", [text])).rows).toEqual([{ id: planId }]);
    expect((await c.query("SELECT public.plan_ids_by_text('任务探针') AS id")).rowCount).toBe(0);
    expect(Number((await c.query(`SELECT count(*) AS n FROM pg_temp.plan_search_text`)).rows[0].n)).toBe(0);
  });

const SHADOW_PROBES: Record<string, () => Promise<void>> = {
  // An uninvited department fakes a participation: the function must still say "not visible".
  joint_task_visible: () =>
    asRuntime("wy-tax", async (c) => {
      await shadow(
        c,
        `CREATE TEMP VIEW joint_participation AS
        SELECT ${lit(taskId)} AS task_id, ${lit(t("wy-tax"))} AS tenant_id, 'CONFIRMED'::text AS status,
               ${lit(t("wy-tax"))} AS coordinator_tenant_id`,
      );
      expect((await c.query(`SELECT joint_task_visible($1) AS v`, [taskId])).rows[0].v).toBe(false);
      expect(Number((await c.query(`SELECT count(*) AS n FROM public.joint_target`)).rows[0].n)).toBe(0);
    }),
  // An uninvited department fakes an approved task it initiates and a confirmed participant: no pool for it.
  joint_inspector_pool: () =>
    asRuntime("wy-tax", async (c) => {
      await shadow(
        c,
        `CREATE TEMP VIEW joint_task AS
        SELECT ${lit(taskId)} AS id, 'APPROVED'::text AS status, ${lit(t("wy-tax"))} AS initiating_tenant_id`,
      );
      await shadow(
        c,
        `CREATE TEMP VIEW joint_participation AS
        SELECT ${lit(taskId)} AS task_id, ${lit(t("wy-drc"))} AS tenant_id, 'CONFIRMED'::text AS status`,
      );
      expect(await refused(c, `SELECT joint_inspector_pool($1, $2, '2026-06-01', 0)`, [taskId, t("wy-drc")])).toMatch(
        /joint_inspector_pool/,
      );
    }),
  // A department that is not the coordinator fakes the coordinator flag.
  joint_overlap_pairs: () =>
    asRuntime("wy-tax", async (c) => {
      await shadow(c, `CREATE TEMP VIEW tenant AS SELECT ${lit(t("wy-tax"))} AS id, true AS is_coordinator`);
      expect(await refused(c, `SELECT * FROM joint_overlap_pairs('2000-01-01', '2100-01-01')`)).toMatch(
        /coordinator only/,
      );
    }),
  // Fake assignments must not enter the cross-department counts.
  subject_inspection_stats: () =>
    asRuntime("wy-tax", async (c) => {
      const q = `SELECT count(*) AS n, coalesce(sum(checks), 0) AS checks FROM subject_inspection_stats('2000-01-01')`;
      const real = (await c.query(q)).rows[0];
      const fake = randomUUID();
      await shadow(
        c,
        `CREATE TEMP VIEW assignment AS
        SELECT ${lit(fake)} AS subject_id, now() AS created_at, 'ASSIGNED'::text AS status`,
      );
      expect((await c.query(q)).rows[0]).toEqual(real);
      expect(
        (await c.query(`SELECT 1 FROM subject_inspection_stats('2000-01-01') WHERE subject_id = $1`, [fake])).rowCount,
      ).toBe(0);
    }),
  // A temporary live_event table must not be what the delivery loader returns.
  live_event_for_delivery: () =>
    asRuntime("wy-tax", async (c) => {
      await shadow(c, `CREATE TEMP TABLE live_event (LIKE public.live_event)`);
      await c.query(
        `INSERT INTO pg_temp.live_event (cursor, tenant_id, topic, payload, published_by_tenant, created_at)
         VALUES (987654321, $1, 'TASK_PROGRESS', '{"forged":true}', $1, now())`,
        [t("wy-tax")],
      );
      expect((await c.query(`SELECT * FROM live_event_for_delivery(ARRAY[987654321]::bigint[])`)).rowCount).toBe(0);
    }),
  // Fake assignments and subjects must not enter the public tallies.
  compliance_tallies: () =>
    asRuntime("wy-tax", async (c) => {
      const q = `SELECT count(*) AS n, coalesce(sum(drawn), 0) AS drawn FROM compliance_tallies(2026, false, NULL)`;
      const real = (await c.query(q)).rows[0];
      const [fakeSubject, fakeDraw] = [randomUUID(), randomUUID()];
      await shadow(
        c,
        `CREATE TEMP VIEW subject AS
        SELECT ${lit(fakeSubject)} AS id, 'A'::text AS industry_code, '150821'::text AS region_code`,
      );
      await shadow(
        c,
        `CREATE TEMP VIEW draw AS
        SELECT ${lit(fakeDraw)} AS id, 'VALID'::text AS status, '2000-01-01'::timestamptz AS public_after`,
      );
      await shadow(
        c,
        `CREATE TEMP VIEW assignment AS
        SELECT ${lit(randomUUID())} AS id, ${lit(t("wy-tax"))} AS tenant_id, ${lit(randomUUID())} AS task_id,
               ${lit(fakeDraw)} AS draw_id, 'A'::text AS stratum, ${lit(fakeSubject)} AS subject_id,
               'RANDOM'::text AS kind, 'ASSIGNED'::text AS status`,
      );
      expect((await c.query(q)).rows[0]).toEqual(real);
    }),
  subject_after_insert: subjectWritesProbe,
  subject_after_update: subjectWritesProbe,
  subject_name_search_sync: subjectWritesProbe,
  subject_name_sync: subjectWritesProbe,
  // A fake name copy must not answer the search.
  subject_ids_by_name: () =>
    asRuntime("wy-tax", async (c) => {
      const fake = randomUUID();
      await shadow(
        c,
        `CREATE TEMP VIEW subject_name_search AS SELECT ${lit(fake)} AS subject_id, '影子探针'::text AS name`,
      );
      expect((await c.query("SELECT public.subject_ids_by_name('影子探针') AS id")).rowCount).toBe(0);
    }),
  plan_search_text_plan: planTextProbe,
  plan_search_text_task: planTextProbe,
  // A fake copy naming a fake plan, and a fake plan table admitting it, must not answer the search.
  plan_ids_by_text: () =>
    asRuntime("wy-tax", async (c) => {
      const fake = randomUUID();
      await shadow(
        c,
        `CREATE TEMP VIEW plan_search_text AS SELECT ${lit(fake)} AS id, ${lit(fake)} AS plan_id, '影子探针'::text AS text`,
      );
      await shadow(c, `CREATE TEMP VIEW annual_plan AS SELECT ${lit(fake)} AS id`);
      expect((await c.query("SELECT public.plan_ids_by_text('影子探针') AS id")).rowCount).toBe(0);
    }),
  county_assignment_facts: () => countyProbe("county_assignment_facts"),
  county_item_coverage: () => countyProbe("county_item_coverage"),
  // A fake joint task naming the caller its initiator must not let it write parts into other departments.
  joint_parts_sync: () =>
    asRuntime("wy-tax", async (c) => {
      const fakeTask = randomUUID();
      await shadow(
        c,
        `CREATE TEMP VIEW joint_task AS
        SELECT ${lit(fakeTask)} AS id, ${lit(t("wy-tax"))} AS initiating_tenant_id, ${lit(t("wy-tax"))} AS tenant_id,
               '2026-06-01'::date AS window_from, '2026-09-30'::date AS window_to`,
      );
      await shadow(
        c,
        `CREATE TEMP VIEW joint_participation AS
        SELECT ${lit(fakeTask)} AS task_id, ${lit(t("wy-tax"))} AS tenant_id, 'CONFIRMED'::text AS status`,
      );
      expect(await refused(c, "SELECT joint_parts_sync($1)", [fakeTask])).toMatch(/a party of the joint task only/);
    }),
  // A fake open lock of the caller's, confirmed by a fake active supervisor of a fake designated body: still false.
  draw_witness_eligible: () =>
    asRuntime("wy-tax", async (c) => {
      const [lock, witness, body] = [randomUUID(), randomUUID(), randomUUID()];
      await shadow(
        c,
        `CREATE TEMP VIEW draw_lock AS
        SELECT ${lit(lock)} AS id, ${lit(t("wy-tax"))} AS tenant_id, 'OPEN'::text AS status,
               ${lit(witness)} AS witness_id, ${lit(body)} AS witness_tenant_id`,
      );
      await shadow(
        c,
        `CREATE TEMP VIEW app_user AS
        SELECT ${lit(witness)} AS id, ${lit(body)} AS tenant_id, true AS active, ARRAY['SUPERVISOR']::text[] AS roles`,
      );
      await shadow(
        c,
        `CREATE TEMP VIEW tenant AS
        SELECT id, true AS supervises_draws, '150821'::text AS region_code FROM public.tenant
        UNION ALL SELECT ${lit(body)}, true, '150821'`,
      );
      expect((await c.query("SELECT public.draw_witness_eligible($1, $2) AS ok", [lock, witness])).rows).toEqual([
        { ok: false },
      ]);
    }),
  // A fake code table must not turn a made-up code into a visit of another department.
  visit_code_lookup: () =>
    asRuntime("wy-tax", async (c) => {
      await shadow(
        c,
        `CREATE TEMP VIEW visit_code AS
        SELECT ${lit(t("wy-drc"))} AS tenant_id, ${lit(randomUUID())} AS assignment_id,
               'SHADOWCODE01'::text AS verify_code, 'SHADOWFIRMCODE01'::text AS firm_code`,
      );
      expect((await c.query("SELECT * FROM visit_code_lookup('SHADOWCODE01', false)")).rowCount).toBe(0);
      expect((await c.query("SELECT * FROM visit_code_lookup('SHADOWFIRMCODE01', true)")).rowCount).toBe(0);
    }),
};

describe("SECURITY DEFINER functions", () => {
  let definers: Array<{ name: string; config: string[] | null; publicExecute: boolean }>;
  beforeAll(async () => {
    const c = new Client({ connectionString: s.db.ownerUrl });
    await c.connect();
    try {
      definers = (
        await c.query(
          `SELECT p.proname AS name, p.proconfig AS config,
                  p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a
                                               WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') AS "publicExecute"
             FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef ORDER BY 1`,
        )
      ).rows;
    } finally {
      await c.end();
    }
  });

  test("every one pins the safe search_path (pg_temp last) and is not executable by PUBLIC", () => {
    expect(definers.length).toBeGreaterThanOrEqual(6);
    for (const d of definers) {
      expect({ name: d.name, config: d.config }).toEqual({ name: d.name, config: [`search_path=${SAFE_SEARCH_PATH}`] });
      expect({ name: d.name, publicExecute: d.publicExecute }).toEqual({ name: d.name, publicExecute: false });
    }
  });

  test("every one has a temp-object shadowing probe (a new definer needs one)", () => {
    expect(definers.map((d) => d.name).sort()).toEqual(Object.keys(SHADOW_PROBES).sort());
  });

  test.each(Object.keys(SHADOW_PROBES))("%s reads the real tables when the runtime role shadows them", async (name) => {
    await SHADOW_PROBES[name]();
  });
});

describe("policies allow exactly what the API allows (as the runtime role)", () => {
  test("a participant cannot remove another department's member from a joint team", async () => {
    await asRuntime("wy-emerg", async (c) => {
      const [target] = (
        await c.query(`SELECT id, team, member_ids FROM joint_target WHERE task_id = $1 AND status = 'ACTIVE'`, [
          taskId,
        ])
      ).rows;
      const drcMember =
        target.team.members.find((m: any) => m.departmentId === t("wy-drc") && m.role !== "LEADER") ??
        target.team.members.find((m: any) => m.departmentId === t("wy-drc"));
      expect(drcMember).toBeDefined();
      const team = { ...target.team, members: target.team.members.filter((m: any) => m.id !== drcMember.id) };
      const message = await refused(
        c,
        `UPDATE joint_target SET team = $2, member_ids = array_remove(member_ids, $3) WHERE id = $1`,
        [target.id, team, drcMember.id],
      );
      expect(message).toMatch(/joint targets/);
      // Nor relabel it as its own to drop it afterwards.
      const relabelled = {
        ...target.team,
        members: target.team.members.map((m: any) =>
          m.id === drcMember.id ? { ...m, departmentId: t("wy-emerg") } : m,
        ),
      };
      expect(await refused(c, `UPDATE joint_target SET team = $2 WHERE id = $1`, [target.id, relabelled])).toMatch(
        /joint targets/,
      );
      // Nor drop it from member_ids only (what myJointVisits reads).
      expect(
        await refused(c, `UPDATE joint_target SET member_ids = array_remove(member_ids, $2) WHERE id = $1`, [
          target.id,
          drcMember.id,
        ]),
      ).toMatch(/joint targets/);
    });
  });

  test("a participant cannot set a joint visit to COMPLETE, nor publish or answer for another department", async () => {
    await asRuntime("wy-emerg", async (c) => {
      const [v] = (await c.query(`SELECT state, participant_ids FROM joint_visit WHERE id = $1`, [visitId])).rows;
      expect(v.state.status).toBe("PROPOSED");
      const write = (state: object, status: string) =>
        refused(c, `UPDATE joint_visit SET state = $2, status = $3 WHERE id = $1`, [visitId, state, status]);
      expect(await write({ ...v.state, status: "COMPLETE" }, "COMPLETE")).toMatch(/joint visits/);
      expect(
        await write(
          { ...v.state, status: "COMPLETE", publishedBy: v.participant_ids, agreedDate: "2026-06-15" },
          "COMPLETE",
        ),
      ).toMatch(/joint visits/);
      expect(await refused(c, `UPDATE joint_visit SET status = 'COMPLETE' WHERE id = $1`, [visitId])).toMatch(
        /joint visits/,
      );
      // Accepting for every department at once.
      const responses = Object.fromEntries(v.participant_ids.map((id: string) => [id, { kind: "ACCEPTED" }]));
      expect(await write({ ...v.state, responses, status: "AGREED", agreedDate: "2026-06-15" }, "AGREED")).toMatch(
        /joint visits/,
      );
      // Its own answer is what the API does, and passes.
      const own = { ...v.state.responses, [t("wy-emerg")]: { kind: "ACCEPTED" } };
      const stillOpen = Object.values(own).some((r: any) => r.kind !== "ACCEPTED");
      await c.query(`UPDATE joint_visit SET state = $2, status = $3 WHERE id = $1`, [
        visitId,
        {
          ...v.state,
          responses: own,
          status: stillOpen ? "PROPOSED" : "AGREED",
          agreedDate: stillOpen ? null : "2026-06-15",
        },
        stillOpen ? "PROPOSED" : "AGREED",
      ]);
    });
  });

  test("a participant cannot move its participation to another coordinator, department or task", async () => {
    await asRuntime("wy-emerg", async (c) => {
      for (const set of [`coordinator_tenant_id = $2`, `tenant_id = $2`, `is_initiator = true`, `task_id = $3`])
        expect(
          await refused(
            c,
            `UPDATE joint_participation SET ${set} WHERE task_id = $1 AND tenant_id = $4 AND $2::uuid IS NOT NULL AND $3::uuid IS NOT NULL`,
            [taskId, t("wy-tax"), randomUUID(), t("wy-emerg")],
          ),
        ).toMatch(/permission denied/);
      // Its answer is closed once the task left INVITING (the API refuses the same).
      const changed = await c.query(
        `UPDATE joint_participation SET item_ids = '{}', status = 'INVITED' WHERE task_id = $1 AND tenant_id = $2`,
        [taskId, t("wy-emerg")],
      );
      expect(changed.rowCount).toBe(0);
    });
    await asRuntime("wy-tax", async (c) => {
      expect(
        Number((await c.query(`SELECT count(*) AS n FROM joint_target WHERE task_id = $1`, [taskId])).rows[0].n),
      ).toBe(0);
    });
  });

  test("while a task is open for answers, the coordinator cannot answer for a department, nor a department move its invitation", async () => {
    await asRuntime("wy-samr", async (c) => {
      expect(
        await refused(
          c,
          `UPDATE joint_participation SET status = 'CONFIRMED', confirmed_at = now(), item_ids = $3
            WHERE task_id = $1 AND tenant_id = $2`,
          [invitingTaskId, t("wy-emerg"), [setup.items["EMG-J01"]]],
        ),
      ).toMatch(/only the department itself/);
      // Proposing its items is the coordinator's part.
      const proposed = await c.query(
        `UPDATE joint_participation SET proposed_item_ids = $3 WHERE task_id = $1 AND tenant_id = $2`,
        [invitingTaskId, t("wy-emerg"), [setup.items["EMG-J01"]]],
      );
      expect(proposed.rowCount).toBe(1);
    });
    await asRuntime("wy-emerg", async (c) => {
      expect(
        await refused(c, `UPDATE joint_participation SET coordinator_tenant_id = $2 WHERE task_id = $1`, [
          invitingTaskId,
          t("wy-tax"),
        ]),
      ).toMatch(/permission denied/);
    });
  });

  test("setting app.live_delivery itself does not show other users' NOTICE events", async () => {
    const users = await asRuntime("wy-samr", async (c) =>
      Object.fromEntries(
        (await c.query(`SELECT username, id FROM app_user WHERE tenant_id = $1`, [t("wy-samr")])).rows.map((r) => [
          r.username,
          r.id,
        ]),
      ),
    );
    await asRuntime(
      "wy-samr",
      async (c) => {
        await c.query(
          `INSERT INTO live_event (cursor, tenant_id, user_id, topic, payload)
           VALUES (nextval('live_event_cursor_seq'), $1, $2, 'NOTICE', '{"secret":"for the admin only"}')`,
          [t("wy-samr"), users.admin],
        );
        const [{ cursor }] = (await c.query(`SELECT currval('live_event_cursor_seq')::bigint AS cursor`)).rows;
        const notices = `SELECT count(*) AS n FROM live_event WHERE topic = 'NOTICE' AND user_id <> $1`;
        expect(Number((await c.query(notices, [users.planner])).rows[0].n)).toBe(0);
        await c.query(`SELECT set_config('app.live_delivery', 'on', true)`);
        expect(Number((await c.query(notices, [users.planner])).rows[0].n)).toBe(0);
        // The delivery loader (definer) still loads it, to re-check its one recipient.
        expect((await c.query(`SELECT * FROM live_event_for_delivery(ARRAY[$1]::bigint[])`, [cursor])).rowCount).toBe(
          1,
        );
      },
      "PLANNER",
      users.planner,
    );
  });

  test("JOINT_PROGRESS goes only to a party of a joint task the writer takes part in; PUBLIC_RESULT only about its own publication", async () => {
    const insert = (tenantId: string | null, topic: string, payload: object) =>
      [
        `INSERT INTO live_event (cursor, tenant_id, topic, payload) VALUES (nextval('live_event_cursor_seq'), $1, $2, $3)`,
        [tenantId, topic, payload],
      ] as const;
    await asRuntime("wy-tax", async (c) => {
      for (const [sql, params] of [
        insert(t("wy-drc"), "JOINT_PROGRESS", { jointTaskId: taskId, event: "APPROVED" }),
        insert(t("wy-drc"), "JOINT_PROGRESS", { event: "APPROVED" }),
        insert(null, "PUBLIC_RESULT", { publicationId: randomUUID(), subjectName: "伪造的公示", version: 1 }),
      ])
        expect(await refused(c, sql, [...params])).toMatch(/row-level security/);
    });
    await asRuntime("wy-emerg", async (c) => {
      // A party of the task writes to the other parties …
      const [ok, okParams] = insert(t("wy-drc"), "JOINT_PROGRESS", { jointTaskId: taskId, event: "CONFIRMED" });
      await c.query(ok, [...okParams]);
      // … never to a department outside it, nor with another task's id.
      const [sql, params] = insert(t("wy-tax"), "JOINT_PROGRESS", { jointTaskId: taskId, event: "CONFIRMED" });
      expect(await refused(c, sql, [...params])).toMatch(/row-level security/);
      const [sql2, params2] = insert(t("wy-drc"), "JOINT_PROGRESS", { jointTaskId: randomUUID() });
      expect(await refused(c, sql2, [...params2])).toMatch(/row-level security/);
      // Another department's publication is not its to announce.
      const [sql3, params3] = insert(null, "PUBLIC_RESULT", { publicationId: randomUUID(), version: 1 });
      expect(await refused(c, sql3, [...params3])).toMatch(/row-level security/);
    });
  });
});
