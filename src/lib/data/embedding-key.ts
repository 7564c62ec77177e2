/**
 * The key of one set of embeddings — which private images (the built-in data's first n, or an upload's
 * content key, and a subsample) through which encoder — used by the probe worker to keep them and by the UI to
 * ask for them: one function, so the two sides cannot drift.
 */
export type EmbeddedData =
  { kind: 'builtin'; id: string; limitTrain?: number; limitTest?: number } | { kind: 'images'; key: string };

export function embeddingKey(
  data: EmbeddedData,
  encoderKey: string,
  subsample?: { train: number; test: number },
): string {
  const base =
    data.kind === 'builtin' ? `${data.id}:${data.limitTrain ?? 'all'}:${data.limitTest ?? 'all'}` : data.key;
  return `${subsample ? `${base}:sub${subsample.train}/${subsample.test}` : base}|${encoderKey}`;
}
