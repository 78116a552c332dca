/**
 * A record of labels, each looked up in the reader's language when it is
 * read rather than once when the module loads, so `LABELS[status]` follows a
 * change of language. Each value is a function calling `i18next.t` with the
 * English message, which is what the catalogue extractor reads.
 */
export function translatedLabels<K extends string | number>(messages: Record<K, () => string>): Readonly<Record<K, string>> {
  const labels = {} as Record<K, string>;
  for (const key of Object.keys(messages) as `${K}`[]) {
    Object.defineProperty(labels, key, { enumerable: true, get: messages[key as K] });
  }
  return labels;
}
