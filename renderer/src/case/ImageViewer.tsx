import { useEffect, useState } from 'react';

/** An image attachment from a blob URL (allowed by the CSP's img-src blob:), named by its file name. */
export function ImageViewer({
  bytes,
  filename,
  mimeType,
}: {
  bytes: Uint8Array<ArrayBuffer>;
  filename: string;
  mimeType: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const created = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [bytes, mimeType]);
  return url ? <img className="image-preview" src={url} alt={filename} data-testid="image-viewer" /> : null;
}
