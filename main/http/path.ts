/**
 * A request path whose every interpolated value is exactly one path segment: `apiPath\`/cases/${id}/events\``.
 * Ids come from the other side or from the vault; encoded, none can add a step (`..`, `/`), a query or a
 * fragment to the path.
 */
export function apiPath(texts: TemplateStringsArray, ...segments: string[]): string {
  return texts.reduce((path, text, index) => path + encodeURIComponent(segments[index - 1] ?? '') + text);
}
