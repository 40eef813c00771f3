/**
 * A stream that is opened only when someone starts reading it: a package or a record lists all its files
 * first and reads them one after another, so each file is opened when its turn comes.
 */
export async function* openWhenRead(
  open: () => Promise<AsyncIterable<Uint8Array>>,
): AsyncIterable<Uint8Array> {
  yield* await open();
}
