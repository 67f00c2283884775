/**
 * What a clerk reads when a write lost a race to an identical one (PostgreSQL unique violation 23505), by the
 * constraint that refused it. The services check these before writing; this is the answer when two requests passed
 * that check at the same moment. Messages never repeat the refused values (they may be personal numbers).
 */
export const UNIQUE_MESSAGES: Readonly<Record<string, string>> = {
  tenant_code_key: "部门代码已被使用",
  app_user_tenant_id_username_key: "本部门已有该登录名的用户",
  inspector_tenant_id_certificate_no_key: "该执法证号已在本部门执法检查人员名录中",
  inspector_id_number_key: "该身份证号的人员已在本部门执法检查人员名录中（一人一档）",
  inspector_user_key: "该用户已关联其他执法检查人员",
  inspector_share_inspector_id_partner_tenant_id_sub_library_key: "该人员已在对方的这个子库中",
  directory_entry_tenant_id_subject_id_key: "该检查对象已在本部门名录库中",
  check_item_list_version_id_code_key: "该抽查事项编码已在清单中",
  item_list_version_one_draft: "本部门已有清单草稿，请继续编辑或先发布",
  joint_item_entry_tenant_id_industry_check_item_id_key: "该事项已在此行业的联合清单中",
  joint_member_unit_tenant_id_name_key: "该成员单位已在名单中",
  joint_member_unit_tenant_id_member_tenant_id_key: "该部门已是成员单位",
  joint_participation_task_id_tenant_id_key: "该部门已在此联合抽查任务中",
  inspection_campaign_tenant_id_name_key: "本部门已有同名专项",
  result_code_tenant_name: "已有同名的结果类别",
  result_code_mapping_one_to_one: "该省级平台代码已对应本部门的另一结果类别（一一对应）",
  draw_one_open_per_task: "该任务已有一次抽取，请刷新后查看",
  draw_lock_one_open_per_task: "该任务已有未使用的锁定，请刷新后查看",
  joint_draw_one_open_per_task: "该联合抽查任务已有一次抽取，请刷新后查看",
};

/** The generic answer for a unique violation of a constraint not in the table. */
export const DUPLICATE_MESSAGE = "该记录已存在（可能是重复提交），请刷新后重试";
