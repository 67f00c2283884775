/**
 * The department id of a task's 随行专家/辅助人员 config in a draw record, beside the department's own (its tenant id):
 * one convention for the service that writes the config, the draw that splits the teams and the printed record.
 */
export const expertsDrawId = (tenantId: string): string => `${tenantId}:experts`;

export const isExpertsDrawId = (departmentId: string): boolean => departmentId.endsWith(":experts");

/** The department (tenant id) an experts id belongs to. */
export const expertsDrawTenant = (departmentId: string): string => departmentId.slice(0, -":experts".length);
