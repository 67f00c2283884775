import { ElButton, ElCard, ElDatePicker, ElTag } from "element-plus";
import QRCode from "qrcode";
import { defineComponent, onMounted, ref } from "vue";
import { act } from "./format";
import { gql } from "./session";

interface Booking {
  status: string;
  bookableFrom: string;
  bookableTo: string;
  proposedDate: string | null;
  counterDate: string | null;
  agreedDate: string | null;
}

const BOOKING: Record<string, string> = {
  UNSCHEDULED: "企业尚未预约",
  PROPOSED: "企业已提出，待检查组答复",
  CONTESTED: "已另提时间，待企业答复",
  AGREED: "已商定",
};

/** The check page a code opens (same URL as printed on the notice, src/domain/firm/codes.ts). */
export const visitCheckUrl = (verifyCode: string) => `${location.origin}/workbench#/visit/${verifyCode}`;

/**
 * On the inspector's assignment: the QR code the firm scans to check the visit (扫码核验), and the firm's proposed
 * visit time (双预约) with accept / propose another. The agreed date is the visit date.
 */
export default defineComponent({
  props: { assignmentId: { type: String, required: true } },
  setup(props) {
    const code = ref("");
    const qr = ref("");
    const booking = ref<Booking | null>(null);
    const other = ref("");
    const load = async () => {
      const r = await gql<{ assignment: { verifyCode: string; visitBooking: Booking } }>(
        `query($id: ID!) { assignment(id: $id) { verifyCode visitBooking { status bookableFrom bookableTo proposedDate counterDate agreedDate } } }`,
        { id: props.assignmentId },
      );
      code.value = r.assignment.verifyCode;
      booking.value = r.assignment.visitBooking;
      qr.value = await QRCode.toDataURL(visitCheckUrl(code.value), { margin: 1, width: 160 });
    };
    onMounted(() => act(load));
    const answer = (mutation: string, extra: Record<string, string>, done: string) =>
      act(async () => {
        const args = Object.keys(extra)
          .map((k) => `, ${k}: $${k}`)
          .join("");
        await gql(
          `mutation($id: ID!${Object.keys(extra)
            .map((k) => `, $${k}: String!`)
            .join("")}) { ${mutation}(assignmentId: $id${args}) { status } }`,
          { id: props.assignmentId, ...extra },
        );
        await load();
      }, done);
    return () => {
      const b = booking.value;
      return (
        <ElCard class="wb-card" shadow="never" header="扫码核验与预约" data-section="visit-code">
          {qr.value && <img src={qr.value} alt="核验二维码" width="160" height="160" data-qr="" />}
          <p>
            核验码：
            <span class="wb-mono" data-verify-code={code.value}>
              {code.value.match(/.{1,4}/g)?.join("-")}
            </span>
          </p>
          <p class="wb-muted">请企业扫码核验本次检查；企业可凭通知书上的办事码预约检查时间。</p>
          {b && (
            <div class="wb-record">
              <p>
                预约：<ElTag data-booking-status={b.status}>{BOOKING[b.status] ?? b.status}</ElTag>
                {b.agreedDate && <b data-visit-date=""> 检查日期 {b.agreedDate}</b>}
                {!b.agreedDate && b.proposedDate && ` 企业提出 ${b.proposedDate}`}
                {b.counterDate && ` 检查组另提 ${b.counterDate}`}
              </p>
              {b.status === "PROPOSED" && (
                <div class="wb-field">
                  <ElButton
                    type="success"
                    onClick={() => answer("acceptFirmVisitDate", {}, "已接受企业提出的时间")}
                    data-action="accept-firm-date"
                  >
                    接受
                  </ElButton>
                  <ElDatePicker
                    modelValue={other.value}
                    onUpdate:modelValue={(v: string) => (other.value = v)}
                    valueFormat="YYYY-MM-DD"
                    type="date"
                    placeholder="另提日期"
                    data-field="other-date"
                  />
                  <ElButton
                    onClick={() => answer("proposeOtherFirmVisitDate", { date: other.value }, "已另提时间")}
                    data-action="propose-other-date"
                  >
                    另提时间
                  </ElButton>
                </div>
              )}
            </div>
          )}
        </ElCard>
      );
    };
  },
});
