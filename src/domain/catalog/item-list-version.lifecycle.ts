import { defineLifecycle } from "../lifecycle";

/**
 * 随机抽查事项清单的一个版本: a DRAFT is edited (its items added, changed, removed) and published once as the next
 * numbered version; a PUBLISHED version never changes again (the database refuses too: check_item's immutability
 * trigger) and is the only kind other departments may reference (the joint list, joint participations).
 */
export const itemListVersionLifecycle = defineLifecycle({
  name: "itemListVersion",
  thing: "清单版本",
  states: { DRAFT: "草稿", PUBLISHED: "已发布" },
  moves: {
    editItems: {
      label: "修改事项",
      from: ["DRAFT"],
      hint: { PUBLISHED: "已发布的清单版本不能修改；请新建草稿修改后发布新版本" },
      refusal: { rule: "PUBLISHED_VERSION_IMMUTABLE", field: "listVersionId" },
    },
    publish: { label: "发布", from: ["DRAFT"], to: "PUBLISHED" },
    reference: {
      label: "引用事项",
      from: ["PUBLISHED"],
      hint: { DRAFT: "只能引用已发布清单中的事项" },
      refusal: { field: "checkItemId" },
    },
  },
});

export type ItemListVersionMove = keyof typeof itemListVersionLifecycle.moves;
export type ItemListVersionStatus = keyof typeof itemListVersionLifecycle.states;
