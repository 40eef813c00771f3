/** Saves bytes under a file name through the browser's download (the desktop shell asks where to save). */
export function saveBytes(bytes: Uint8Array<ArrayBuffer>, filename: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a short delay covers slow starts.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
