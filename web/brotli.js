// Brotli decoding in the page, for hosts that do not send the build brotli-compressed.
//
// Browsers ask for brotli only over HTTPS (and from localhost); a booth's intranet server
// on plain HTTP, or a host that compresses with gzip alone, would send the wasm as gzip
// (1.5× the bytes) or raw (5×). web/build.sh writes a `.br` copy of every large file; when
// the server does not use them, the page fetches those copies as plain bytes and decodes
// them here, as Unity's WebGL builds do ("decompression fallback"). The decoder is
// brotli-dec-wasm (npm, MIT OR Apache-2.0: Rust's brotli-decompressor compiled to wasm,
// 0.2 MB, 0.07 MB under gzip), copied into dist/brotli/ by web/build.sh and fetched only
// when it is needed.
//
// The decoder works as the bytes arrive (a TransformStream), so the wasm still compiles
// while it downloads.

// How many decoded bytes one call may return: large enough that a 64 KB network chunk
// (which brotli expands about five times) takes one or two calls.
const OUTPUT_BYTES = 1 << 20;

let decoderModule = null;
function loadDecoder() {
  decoderModule ??= import("./brotli/brotli_dec_wasm.js").then(async (m) => {
    await m.default({ module_or_path: new URL("./brotli/brotli_dec_wasm_bg.wasm", import.meta.url) });
    return m;
  });
  return decoderModule;
}

/// Starts fetching the decoder, so it is there when the first bytes are.
export function prepareDecoder() {
  loadDecoder().catch(() => {});
}

/// A TransformStream from brotli bytes to the decoded bytes. It errors on malformed input
/// and on input that ends before the brotli stream does (a cut-off download), naming
/// `what` (the file), and hands the error to `onError` as well: whoever reads the stream
/// (the wasm compiler) may report only that it failed.
export async function brotliDecoder(what, onError = () => {}) {
  const brotli = await loadDecoder();
  const { NeedsMoreOutput, ResultSuccess } = brotli.BrotliStreamResultCode;
  const stream = new brotli.BrotliDecStream();
  let finished = false;
  const failed = (message) => {
    const error = new Error(`${what}: ${message}`);
    onError(error);
    return error;
  };
  return new TransformStream({
    transform(chunk, controller) {
      try {
        decode(chunk, controller);
      } catch (e) {
        throw failed(`not a valid brotli file (${e?.message ?? e})`);
      }
    },
    flush() {
      stream.free();
      if (!finished) throw failed("the download ended before the file did");
    },
  });

  function decode(chunk, controller) {
    let input = chunk;
    for (;;) {
      if (finished) {
        if (input.length > 0) throw new Error("bytes after the end of the stream");
        return;
      }
      const result = stream.dec(input, OUTPUT_BYTES);
      const code = result.code;
      const consumed = result.input_offset;
      if (result.buf.length > 0) controller.enqueue(result.buf);
      result.free();
      input = input.subarray(consumed);
      if (code === ResultSuccess) finished = true;
      else if (code !== NeedsMoreOutput) return;
    }
  }
}
