/**
 * Gzip helpers for the IDX tests and the fuzz suite: compressing bytes,
 * building decompression bombs without holding their output, and counting the
 * bytes a `DecompressionStream` gives out while a function runs.
 */

/** Gzip-compresses `bytes` with the Web `CompressionStream`. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A gzip file that inflates to `prefix` followed by `zeros` zero bytes; the
 * zeros are fed 1 MiB at a time, so building a 64 MiB bomb needs ~1 MiB.
 */
export async function gzipBomb(prefix: Uint8Array, zeros: number): Promise<Uint8Array> {
  const chunk = new Uint8Array(Math.min(zeros, 1 << 20));
  let left = zeros;
  let sentPrefix = false;
  const source = new ReadableStream<BufferSource>({
    pull(controller) {
      if (!sentPrefix) {
        sentPrefix = true;
        controller.enqueue(prefix.slice());
      } else if (left > 0) {
        const n = Math.min(left, chunk.length);
        controller.enqueue(chunk.slice(0, n));
        left -= n;
      } else controller.close();
    },
  });
  const stream = source.pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Runs `fn` with `globalThis.DecompressionStream` replaced by one that counts
 * the bytes it gives out; returns `fn`'s outcome and that count.
 */
export async function countInflated<T>(
  fn: () => Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; inflated: number }> {
  const Original = globalThis.DecompressionStream;
  let inflated = 0;
  class Counting {
    readonly writable: WritableStream<BufferSource>;
    readonly readable: ReadableStream<Uint8Array>;
    constructor(format: CompressionFormat) {
      const inner = new Original(format);
      this.writable = inner.writable;
      this.readable = inner.readable.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            inflated += chunk.length;
            controller.enqueue(chunk);
          },
        }),
      );
    }
  }
  globalThis.DecompressionStream = Counting as unknown as typeof DecompressionStream;
  try {
    const [result] = await Promise.allSettled([fn()]);
    return { result, inflated };
  } finally {
    globalThis.DecompressionStream = Original;
  }
}
