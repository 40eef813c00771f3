/** The hand-over's call: the record the Fachverfahren would receive, mapped but not sent. */
import type { CaseWorkerCheck, SliceHandlers } from '../../shared/api/call';
import type { Principal } from '../../shared/auth/roles';
import type { DeskService } from '../desk/desk-service';
import type { handoverCalls } from './api';
import { recordRows } from './mapping/record';
import type { HandoverService } from './service';

export interface HandoverHandlerOptions {
  handover: HandoverService;
  /** The desk decides whether this person may see the case at all. */
  desk: DeskService;
  caseWorker: CaseWorkerCheck<Principal>;
}

export function handoverHandlers({
  handover,
  desk,
  caseWorker,
}: HandoverHandlerOptions): SliceHandlers<typeof handoverCalls> {
  return {
    'cases.handoverPreview': ({ id }) => {
      desk.get(caseWorker('case.read'), id);
      const record = handover.preview(id);
      return {
        format: record.format,
        fileName: record.document.fileName,
        text: record.document.text,
        fields: recordRows(record.fields),
        problems: record.problems.map((problem) => ({ target: problem.target, reason: problem.reason })),
      };
    },
  };
}
