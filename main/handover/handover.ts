/**
 * The hand-over in two steps: prepare the record (pure; the case view's preview is exactly this step),
 * then let an adapter deliver it. Both the preview and the delivery go through `dryRun`.
 */
import type { HandoverAdapter, HandoverContext, HandoverOutcome } from './adapters/adapter';
import { HandoverError } from './errors';
import { applyMapping } from './mapping/apply';
import type { Mapping } from './mapping/model';
import { recordDocument } from './mapping/record';
import type { HandoverCase, PreparedRecord } from './types';

/** The record a hand-over of this case would deliver, without any side effect. */
export function dryRun(handoverCase: HandoverCase, mapping: Mapping): PreparedRecord {
  const { fields, problems } = applyMapping(handoverCase, mapping);
  return {
    caseId: handoverCase.caseId,
    format: mapping.format,
    fields,
    problems,
    document: recordDocument(fields, mapping),
  };
}

/** Maps and delivers. A case the mapping cannot serve is a permanent failure: retrying would not help. */
export async function handOver(
  handoverCase: HandoverCase,
  mapping: Mapping,
  adapter: HandoverAdapter,
  context: HandoverContext,
): Promise<HandoverOutcome> {
  let record: PreparedRecord;
  try {
    record = dryRun(handoverCase, mapping);
  } catch (error) {
    if (error instanceof HandoverError) return { kind: 'permanent', error };
    throw error;
  }
  return adapter.deliver(handoverCase, record, context);
}
