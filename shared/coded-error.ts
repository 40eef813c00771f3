/**
 * Base for errors a person may see: `code` is stable (the UI translates it), `message` is English and never
 * carries personal data, only ids.
 */
export class CodedError<C extends string> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
