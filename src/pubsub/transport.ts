import type { Logger } from "../logger";
import type { LiveEnvelope } from "./delivery";
import { decodeChunk, encodeChunks } from "./envelope-codec";

/** What every transport (memory, postgres, redis) offers: an EventTarget, readiness, gap signals, close. */
export interface SharedEventTarget extends EventTarget {
  /** Resolves when the instance is listening (so nothing published afterwards is missed). */
  ready(): Promise<void>;
  /** Called after a reconnect: notifications sent while disconnected are lost. */
  onGap(handler: () => void): void;
  close(): Promise<void>;
}

/** The live-event channel between instances: routing keys only; subscribers load payloads by cursor. */
export interface LiveTransport {
  /** Hands committed events to every instance (this one included). Never throws: failures are logged. */
  publish(envelopes: LiveEnvelope[]): void;
  onEnvelopes(handler: (batch: LiveEnvelope[]) => void): void;
  onGap(handler: () => void): void;
}

/**
 * One path for all three transports: envelopes are encoded in small chunks and dispatched as events of one
 * type on the shared EventTarget; every instance (including the publisher) listens on that type. The memory
 * target delivers in-process, the postgres target by NOTIFY, the redis one by PUBLISH; behaviour is the same.
 */
export function eventTargetTransport(target: SharedEventTarget, eventType: string, log: Logger): LiveTransport {
  return {
    publish(envelopes) {
      for (const chunk of encodeChunks(envelopes)) {
        try {
          target.dispatchEvent(new CustomEvent(eventType, { detail: chunk }));
        } catch (e) {
          log.error("live transport publish failed", { error: String(e), events: chunk.e.length });
        }
      }
    },
    onEnvelopes(handler) {
      target.addEventListener(eventType, (event) => {
        try {
          const batch = decodeChunk((event as CustomEvent).detail);
          if (batch.length) handler(batch);
        } catch (e) {
          // A listener must never throw: on Node's EventTarget that would become an uncaught exception.
          log.error("live transport listener failed", { error: String(e) });
        }
      });
    },
    onGap: (handler) => target.onGap(handler),
  };
}

/** PUBSUB=memory: one process; events are dispatched synchronously after COMMIT. */
export function memoryEventTarget(): SharedEventTarget {
  const target = new EventTarget() as SharedEventTarget;
  target.ready = () => Promise.resolve();
  target.onGap = () => undefined;
  target.close = () => Promise.resolve();
  return target;
}
