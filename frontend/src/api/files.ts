import { networkError, toApiError } from './errors';

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** The file name the server chose (Content-Disposition), or a fallback. */
function attachmentName(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return match?.[1] ?? fallback;
}

/**
 * A file the API answers with (a `parseAs: 'blob'` request), or the API's error: the body of a
 * refusal was read as a blob too, so its JSON is read back from it.
 */
export async function receiveFile(
  request: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<DownloadedFile> {
  let result;
  try {
    result = await request();
  } catch {
    throw networkError();
  }
  const { response } = result;
  if (!response.ok) {
    const text = result.error instanceof Blob ? await result.error.text() : '';
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    throw toApiError(response.status, body, response.headers);
  }
  return { blob: result.data as Blob, filename: attachmentName(response, fallbackName) };
}

/** Saves a downloaded file through the browser's own download. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Let the download start before the address is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
