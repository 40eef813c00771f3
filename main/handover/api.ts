/** The hand-over's slice of the API: the record the Fachverfahren would receive, as a preview. */
import { z } from 'zod';
import { call, id } from '../../shared/api/call';

export interface HandoverPreview {
  format: 'json' | 'xml';
  fileName: string;
  text: string;
  /** Each field of the record by its target path, with the value it gets. */
  fields: { target: string; value: string }[];
  /** Optional fields the mapping found no value for. */
  problems: { target: string; reason: string }[];
}

export const handoverCalls = {
  /** The record the hand-over would send to the Fachverfahren, mapped but not sent. */
  'cases.handoverPreview': call<HandoverPreview>()(z.object({ id }).strict()),
} as const;
