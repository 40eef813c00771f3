/**
 * The pieces every API slice declares its calls and events with (`main/<feature>/api.ts`), and the shapes
 * several slices share. Pure: zod and types only.
 */
import { z } from 'zod';

/** A call's input schema, with its result type carried as a phantom so it costs nothing at run time. */
export interface CallSpec<I extends z.ZodType, R> {
  readonly input: I;
  readonly __result?: R;
}

export const call =
  <R>() =>
  <I extends z.ZodType>(input: I): CallSpec<I, R> => ({ input });

export interface EventSpec<P> {
  readonly __payload?: P;
}
export const event = <P>(): EventSpec<P> => ({});

export const none = z.object({}).strict();
export const id = z.string().uuid();
export const isoDateTime = z.string().datetime({ offset: true });
export const shortText = z.string().trim().min(1).max(200);

/** A file the renderer may show, print or save: a sealed notice, a preview, an Antragsübersicht. */
export interface FileContent {
  filename: string;
  mimeType: string;
  base64: string;
}

export type Transport = 'ipc' | 'http';

export interface CallContext {
  transport: Transport;
}

type ResultOf<S> = S extends CallSpec<z.ZodType, infer R> ? R : never;

/** The handlers of a table of calls (a feature's slice, or the whole contract), typed from its specs. */
export type SliceHandlers<T extends Record<string, CallSpec<z.ZodType, unknown>>> = {
  [N in keyof T]: (
    input: z.output<T[N]['input']>,
    ctx: CallContext,
  ) => Promise<ResultOf<T[N]>> | ResultOf<T[N]>;
};

/** Who may act: the signed-in principal, after a check that their role permits reading or processing cases. */
export type CaseWorkerCheck<P> = (action: 'case.read' | 'case.process') => P;
