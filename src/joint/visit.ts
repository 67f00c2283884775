import type { DateWindow, IsoDate } from "./iso-date";

/**
 * PROPOSED  — the coordinator proposed a date; waiting for every participant to accept;
 * CONTESTED — a participant proposed another date; the coordinator must resolve;
 * AGREED    — one date for everyone (一次上门);
 * COMPLETE  — every participant has published its part (谁检查、谁公示) or recorded why not.
 */
export type VisitStatus = "PROPOSED" | "CONTESTED" | "AGREED" | "COMPLETE";

export type ParticipantResponse =
  | { readonly kind: "PENDING" }
  | { readonly kind: "ACCEPTED" }
  | { readonly kind: "COUNTER_PROPOSED"; readonly date: IsoDate };

/** One joint visit to one target: a plain, JSON-serialisable value changed only through the transitions. */
export interface JointVisit {
  readonly visitId: string;
  readonly targetId: string;
  /** Proposes and resolves the date: the initiating department or the 联席会议办公室. */
  readonly coordinatorId: string;
  /** Departments taking part; the coordinator is one of them when it also inspects. */
  readonly participantIds: readonly string[];
  /** The task window every date must fall in. */
  readonly window: DateWindow;
  readonly status: VisitStatus;
  /** The coordinator's proposal; kept after a resolution to another date. */
  readonly proposedDate: IsoDate;
  /** Set once AGREED. */
  readonly agreedDate: IsoDate | null;
  /** Keyed by participant id. */
  readonly responses: Readonly<Record<string, ParticipantResponse>>;
  /**
   * Participants whose part is settled, in the order they were: published, or recorded why not (then also in
   * `notPublished`).
   */
  readonly publishedBy: readonly string[];
  /** Participants that recorded why their part is not published, with the reason (absent when none did). */
  readonly notPublished?: Readonly<Record<string, string>>;
}

export type VisitAction = "ACCEPT" | "PROPOSE_OTHER_DATE" | "RESOLVE" | "PUBLISH";

export type VisitError =
  | {
      readonly code: "WRONG_STATE";
      readonly visitId: string;
      readonly status: VisitStatus;
      readonly action: VisitAction;
    }
  | { readonly code: "NOT_PARTICIPANT"; readonly visitId: string; readonly actorId: string }
  | { readonly code: "NOT_COORDINATOR"; readonly visitId: string; readonly actorId: string }
  | {
      readonly code: "DATE_OUTSIDE_WINDOW";
      readonly visitId: string;
      readonly date: IsoDate;
      readonly window: DateWindow;
    }
  | { readonly code: "INVALID_DATE"; readonly visitId: string; readonly value: string }
  | { readonly code: "INVALID_WINDOW"; readonly visitId: string; readonly window: DateWindow }
  /** A joint visit needs at least two departments. */
  | { readonly code: "TOO_FEW_PARTICIPANTS"; readonly visitId: string; readonly count: number }
  /** Recording why a part is not published needs the reason. */
  | { readonly code: "REASON_REQUIRED"; readonly visitId: string };

export interface VisitProposal {
  readonly visitId: string;
  readonly targetId: string;
  readonly coordinatorId: string;
  readonly participantIds: readonly string[];
  readonly window: DateWindow;
  readonly date: IsoDate;
}
