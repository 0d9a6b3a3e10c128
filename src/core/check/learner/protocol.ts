/**
 * The wire between the judge and the learner process: length-prefixed frames, each a 4-byte
 * big-endian length and that many bytes of UTF-8 JSON. Not Node's built-in IPC, whose own
 * control messages (NODE_HANDLE_ACK, …) a learner could forge to throw inside the parent's
 * Node. The reader never throws: a frame too large, a length that is not one, or bytes that
 * are not JSON end the stream with a `problem`, which the judge counts as the learner's fault.
 */

export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

export type FrameEvent = { message: unknown } | { problem: string };

export class FrameReader {
  private buffered: Buffer[] = [];
  private size = 0;
  private broken = false;

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** The whole messages that `chunk` completes; after a problem, nothing more. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.broken) return [];
    this.buffered.push(chunk);
    this.size += chunk.length;
    const events: FrameEvent[] = [];
    let data = this.buffered.length === 1 ? (this.buffered[0] as Buffer) : Buffer.concat(this.buffered);
    while (data.length >= 4) {
      const length = data.readUInt32BE(0);
      if (length > this.maxFrameBytes) return this.fail(events, `a message of ${length} bytes, over the limit of ${this.maxFrameBytes}`);
      if (data.length < 4 + length) break;
      const text = data.subarray(4, 4 + length).toString('utf8');
      data = data.subarray(4 + length);
      try {
        events.push({ message: JSON.parse(text) as unknown });
      } catch {
        return this.fail(events, `a message that is not JSON (${JSON.stringify(text.slice(0, 40))})`);
      }
    }
    this.buffered = data.length > 0 ? [data] : [];
    this.size = data.length;
    return events;
  }

  /** Bytes of an unfinished frame when the stream ended: garbage, or a cut-off message. */
  get pendingBytes(): number {
    return this.size;
  }

  private fail(events: FrameEvent[], problem: string): FrameEvent[] {
    this.broken = true;
    this.buffered = [];
    this.size = 0;
    events.push({ problem });
    return events;
  }
}

/** Judge → learner process. */
export type JudgeMessage =
  | { t: 'load'; entry: string }
  /** Started ahead of its job: load the provided libraries now (no learner code yet). */
  | { t: 'prepare' }
  /** Are you there? Answered with `ready` (a process started ahead, before its job). */
  | { t: 'ping' }
  | { t: 'call'; call: number; name: string; args: unknown; client?: { baseURL: string; maxRetries: number }; clock?: { proof: string } }
  /** The answer to a `sleep`: the judge's time and the proof of it; `stop` when the call's virtual time is up. */
  | { t: 'time'; call: number; now: number; proof?: string; stop?: true }
  /** `receipt`: a secret the learner process echoes in a `received` frame once it has settled the promise. */
  | { t: 'settled'; invocation: number; ok: true; value: unknown; receipt?: string }
  | { t: 'settled'; invocation: number; ok: false; error: { name: string; message: string } };

/**
 * The request header on which the learner process sends the judge's latest proof of virtual
 * time (see virtualClock.ts), so the simulator can stamp the request with the time it stands for.
 */
export const CLOCK_HEADER = 'x-ai-practice-clock';

/** How a lent function travels: `{ "$function": n }` in place of the function. */
export const FUNCTION_HANDLE = '$function';
/** How a lent zod schema travels: `{ "$zodSchema": <its JSON Schema> }`. */
export const ZOD_SCHEMA = '$zodSchema';

export const LIMITS = {
  name: 200,
  message: 4000,
  stack: 8000,
  /** An error's own plain fields (`reason`, `attempts`…): how many, a name's and a text's length. */
  fields: 20,
  fieldName: 64,
  fieldText: 500,
} as const;

/** A field an error may carry as data: a short text, a number, true or false, or null. */
export type ErrorField = string | number | boolean | null;

/**
 * An exception as plain data, cut to the sizes the judge accepts; an API error keeps its status
 * and body. The learner process describes what the learner's code threw with it, and the judge
 * what a harness's own function (a baseline) threw.
 */
export function errorAsData(error: unknown): { name: string; message: string; stack?: string; status?: number; body?: unknown; fields?: Record<string, ErrorField> } {
  if (!(error instanceof Error)) return { name: 'Error', message: `a non-Error was thrown: ${String(error)}`.slice(0, LIMITS.message) };
  const api = error as Error & { status?: unknown; error?: unknown };
  let body: unknown;
  try {
    body = api.error === undefined ? undefined : (JSON.parse(JSON.stringify(api.error)) as unknown);
  } catch {
    body = undefined;
  }
  if (body !== undefined && JSON.stringify(body).length > LIMITS.message) body = undefined;
  // Its own plain fields, such as a typed error's reason and attempts; anything else stays behind.
  const fields: Record<string, ErrorField> = {};
  for (const [key, value] of Object.entries(error).slice(0, 100)) {
    if (Object.keys(fields).length >= LIMITS.fields || key.length > LIMITS.fieldName || key === 'status' || key === 'error' || key === 'headers') continue;
    if (typeof value === 'string') fields[key] = value.slice(0, LIMITS.fieldText);
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) fields[key] = value;
  }
  return {
    name: String(error.name).slice(0, LIMITS.name),
    message: String(error.message).slice(0, LIMITS.message),
    ...(typeof error.stack === 'string' ? { stack: error.stack.slice(0, LIMITS.stack) } : {}),
    ...(typeof api.status === 'number' && Number.isInteger(api.status) ? { status: api.status } : {}),
    ...(body === undefined ? {} : { body }),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}
