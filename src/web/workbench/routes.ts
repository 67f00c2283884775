import type { Component } from "vue";
import CampaignsScreen from "./screens/campaigns";
import CeremonyScreen from "./screens/ceremony";
import CountyScreen from "./screens/county";
import DirectoriesScreen from "./screens/directories";
import HomeScreen from "./screens/home";
import InspectionEntryScreen from "./screens/inspection-entry";
import InspectionsScreen from "./screens/inspections";
import ItemListScreen from "./screens/item-list";
import JointInvitationsScreen from "./screens/joint-invitations";
import JointPlanScreen from "./screens/joint-plan";
import JointPlansScreen from "./screens/joint-plans";
import JointTeamsScreen from "./screens/joint-teams";
import PlanScreen from "./screens/plan";
import PlansScreen from "./screens/plans";
import PublicDrawScreen from "./screens/public-draw";
import PublicResultScreen from "./screens/public-result";
import QueueScreen from "./screens/queue";
import ResultCodesScreen from "./screens/result-codes";
import ResultFeedbackScreen from "./screens/result-feedback";
import TaskScreen from "./screens/task";
import TaskBuilderScreen from "./screens/task-builder";
import VisitCheckScreen from "./screens/visit-check";
import WitnessScreen from "./screens/witness";

/**
 * Every screen of the workbench, once: its hash path, its title, who may open it and where it sits in the menu.
 * `roles` empty = any signed-in user; `coordinator` = only the 联席会议办公室; `anonymous` = no sign-in needed.
 */
export interface ScreenRoute {
  path: string;
  title: string;
  component: Component;
  roles?: string[];
  coordinator?: boolean;
  anonymous?: boolean;
  /** Shown in the menu under this group (screens reached from another screen have none). */
  menu?: "计划" | "审核" | "检查" | "联合" | "公示";
  /** Full-screen views (the draw ceremony on a projector) hide the menu. */
  fullScreen?: boolean;
}

const PLANNING = ["ADMIN", "PLANNER"];

export const ROUTES: ScreenRoute[] = [
  { path: "/", title: "首页", component: HomeScreen },
  { path: "/items", title: "事项清单", component: ItemListScreen, roles: PLANNING, menu: "计划" },
  { path: "/directories", title: "名录库", component: DirectoriesScreen, roles: PLANNING, menu: "计划" },
  { path: "/plans", title: "年度抽查计划", component: PlansScreen, roles: [...PLANNING, "SUPERVISOR"], menu: "计划" },
  {
    path: "/campaigns",
    title: "专项检查",
    component: CampaignsScreen,
    roles: [...PLANNING, "SUPERVISOR"],
    menu: "计划",
  },
  { path: "/result-codes", title: "结果类别", component: ResultCodesScreen, roles: ["ADMIN"], menu: "计划" },
  { path: "/plans/:id", title: "计划详情", component: PlanScreen, roles: [...PLANNING, "SUPERVISOR"] },
  { path: "/plans/:id/new-task", title: "新建抽查任务", component: TaskBuilderScreen, roles: PLANNING },
  { path: "/tasks/:id", title: "抽查任务", component: TaskScreen, roles: [...PLANNING, "SUPERVISOR"] },
  {
    path: "/tasks/:id/ceremony",
    title: "摇号现场",
    component: CeremonyScreen,
    roles: [...PLANNING, "SUPERVISOR"],
    fullScreen: true,
  },
  // The witness's own device (QR code on the ceremony screen); the server checks who may witness.
  { path: "/tasks/:id/witness", title: "现场监督人确认", component: WitnessScreen, roles: ["SUPERVISOR"] },
  { path: "/queue", title: "待审核事项", component: QueueScreen, roles: ["SUPERVISOR"], menu: "审核" },
  { path: "/inspections", title: "我的检查任务", component: InspectionsScreen, roles: ["INSPECTOR"], menu: "检查" },
  { path: "/inspections/:id", title: "检查记录", component: InspectionEntryScreen, roles: ["INSPECTOR"] },
  { path: "/feedback", title: "结果反馈", component: ResultFeedbackScreen, roles: ["INSPECTOR"], menu: "检查" },
  { path: "/joint", title: "联合抽查计划", component: JointPlansScreen, coordinator: true, menu: "联合" },
  { path: "/joint/plans/:id", title: "联合抽查计划详情", component: JointPlanScreen, coordinator: true },
  { path: "/county", title: "全县视图", component: CountyScreen, coordinator: true, menu: "联合" },
  {
    path: "/joint/invitations",
    title: "联合抽查邀请",
    component: JointInvitationsScreen,
    roles: [...PLANNING, "SUPERVISOR"],
    menu: "联合",
  },
  // Each target's mixed team and 随行专家 of a drawn joint task; a department's supervisor approves 回避 there.
  {
    path: "/joint/tasks/:id/teams",
    title: "联合检查组",
    component: JointTeamsScreen,
    roles: [...PLANNING, "SUPERVISOR"],
  },
  { path: "/public/results/:id", title: "抽查结果公示", component: PublicResultScreen, anonymous: true },
  { path: "/public/draws/:id", title: "抽取核验", component: PublicDrawScreen, anonymous: true },
  { path: "/visit", title: "检查核验", component: VisitCheckScreen, anonymous: true, menu: "公示" },
  { path: "/visit/:code", title: "检查核验", component: VisitCheckScreen, anonymous: true },
];
