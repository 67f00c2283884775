import { ElCard, ElTag } from "element-plus";
import { defineComponent } from "vue";
import { visible } from "../app";
import { roleLabel, todayInChina } from "../format";
import { ROUTES } from "../routes";
import { session } from "../session";

const BLURB: Record<string, string> = {
  "/items": "维护随机抽查事项清单，发布新版本并查看版本差异",
  "/directories": "检查对象和执法检查人员名录库：导入、导出、查询",
  "/plans": "年度抽查计划与抽查任务，抽取预览与摇号",
  "/queue": "待审批的计划、任务和检查结果",
  "/inspections": "我的检查任务：现场记录、拍照取证、签字",
  "/joint": "部门联合抽查计划：发起、参与情况、重复检查合并",
  "/county": "全县视图：各部门计划、开展率、公示率、联合抽查",
  "/joint/invitations": "本部门收到的联合抽查邀请",
};

/** 首页: who is signed in (department, roles), today in Beijing time and the screens this user may open. */
export default defineComponent({
  setup() {
    return () => (
      <div class="wb-screen">
        <h2>
          您好，{session.me?.displayName}（{session.me?.tenant.name}）
        </h2>
        <p>
          今天是 {todayInChina()}（北京时间）。您的角色：
          {session.me?.roles.map((r) => (
            <ElTag key={r} class="wb-role">
              {roleLabel(r)}
            </ElTag>
          ))}
        </p>
        <div class="wb-grid">
          {ROUTES.filter((r) => r.menu && visible(r)).map((r) => (
            <a href={`#${r.path}`} class="wb-card-link" key={r.path} data-shortcut={r.path}>
              <ElCard shadow="hover" header={r.title}>
                {BLURB[r.path] ?? ""}
              </ElCard>
            </a>
          ))}
          <a href="/dashboard" class="wb-card-link">
            <ElCard shadow="hover" header="看板">
              部门进度、期限提醒和实时事件
            </ElCard>
          </a>
        </div>
      </div>
    );
  },
});
