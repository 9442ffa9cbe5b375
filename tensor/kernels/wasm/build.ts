/**
 * Rebuilds the WebAssembly modules embedded in `tensor/kernels/wasm.ts` and
 * `tensor/kernels/wasm_shared.ts` from their C sources: they are compiled with
 * clang (wasm32, simd128, -O3), once with `-DRELAXED -mrelaxed-simd` (fused
 * multiply-add where the engine and hardware have it) and once for plain
 * simd128, each for an ordinary memory (`wasm.ts`) and for a shared one
 * (`wasm_shared.ts`, the threads' memory: `-matomics -mbulk-memory`,
 * `--shared-memory`, at most {@linkcode SHARED_MAX_PAGES} pages, and the stack
 * pointer exported so that each thread gets a stack of its own). Each build
 * replaces the base64 string between its `BEGIN/END GENERATED` markers.
 *
 * `deno task wasm` (needs clang 16 or newer, for relaxed-simd's
 * `__builtin_wasm_relaxed_madd_*`, and wasm-ld: on Debian 12
 * `apt-get install -y clang-16 lld-16`; set `CLANG` to pick a compiler).
 *
 * @module
 */
/** Base64 of a byte array (standard alphabet, padded). */
function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The first clang on PATH whose major version is at least 16. */
async function findClang(): Promise<string> {
  const env = Deno.env.get("CLANG");
  const candidates = env ? [env] : ["clang", "clang-19", "clang-18", "clang-17", "clang-16"];
  for (const name of candidates) {
    try {
      const { code, stdout } = await new Deno.Command(name, { args: ["--version"] }).output();
      const major = Number(/clang version (\d+)/.exec(new TextDecoder().decode(stdout))?.[1]);
      if (code === 0 && major >= 16) return name;
    } catch {
      // not installed: try the next one
    }
  }
  throw new Error(`no clang >= 16 found (tried ${candidates.join(", ")}); set CLANG`);
}

/** Pages (64 KiB) a shared memory may grow to: 2 GiB, as `wasm_shared.ts` declares it. */
const SHARED_MAX_PAGES = 32768;

/**
 * Sources compiled with the instructions of each basic block kept in source
 * order (`-pre-RA-sched=source`): the matmul kernel's k loop is written so
 * that each splat of A dies right after its two multiply-adds, and clang's
 * default scheduler hoists all the splats to the top of the loop, which needs
 * more vector registers than the engine's 16 and spills in the hot loop.
 */
const SOURCE_ORDER = new Set(["matmul.c"]);

/** Compiles C sources to wasm bytes: each to an object file, then linked. */
async function compile(
  clang: string,
  sources: string[],
  relaxed: boolean,
  shared: boolean,
): Promise<Uint8Array> {
  const dir = await Deno.makeTempDir();
  const wasmFile = `${dir}/module.wasm`;
  const run = async (args: string[]) => {
    const { code, stderr } = await new Deno.Command(clang, { args }).output();
    if (code !== 0) throw new Error(`${clang} failed:\n${new TextDecoder().decode(stderr)}`);
  };
  try {
    const target = [
      "--target=wasm32",
      "-O3",
      "-msimd128",
      ...(relaxed ? ["-DRELAXED", "-mrelaxed-simd"] : []),
      ...(shared ? ["-matomics", "-mbulk-memory"] : []),
      "-nostdlib",
      "-fno-builtin",
      "-Wall",
    ];
    const objects = sources.map((_, i) => `${dir}/${i}.o`);
    for (const [i, source] of sources.entries()) {
      const name = source.slice(source.lastIndexOf("/") + 1);
      const order = SOURCE_ORDER.has(name) ? ["-mllvm", "-pre-RA-sched=source"] : [];
      await run([...target, ...order, "-c", "-o", objects[i], source]);
    }
    await run([
      ...target,
      ...(shared
        ? [
          "-Wl,--shared-memory",
          `-Wl,--max-memory=${SHARED_MAX_PAGES * 65536}`,
          "-Wl,--export=__stack_pointer",
        ]
        : []),
      "-Wl,--no-entry",
      "-Wl,--import-memory",
      "-Wl,--export=__heap_base",
      "-Wl,--stack-first",
      "-Wl,-z,stack-size=65536",
      "-Wl,--strip-all",
      "-o",
      wasmFile,
      ...objects,
    ]);
    return await Deno.readFile(wasmFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Replaces the generated block named `constant` in `text`. */
function embed(text: string, constant: string, source: string, bytes: Uint8Array): string {
  const begin = `// BEGIN GENERATED ${constant} by tensor/kernels/wasm/build.ts`;
  const end = `// END GENERATED ${constant}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers for ${constant} not found`);
  const lines = encodeBase64(bytes).match(/.{1,96}/g)!.map((l) => `  "${l}" +`);
  const generated = `${begin} from ${source} (${bytes.length} bytes)\nconst ${constant} =\n` +
    `${lines.join("\n").replace(/ \+$/, ";")}\n`;
  return text.slice(0, i) + generated + text.slice(j);
}

const here = new URL(".", import.meta.url);
const MODULES = [
  // The transformer kernels run on the calling thread only: workers need just the matmul.
  {
    sources: ["matmul.c", "elementwise.c", "transformer.c"],
    target: "../wasm.ts",
    constant: "KERNELS",
    shared: false,
  },
  {
    sources: ["matmul.c", "elementwise.c"],
    target: "../wasm_shared.ts",
    constant: "KERNELS_SHARED",
    shared: true,
  },
];

const clang = await findClang();
for (const { sources, target, constant, shared } of MODULES) {
  const path = new URL(target, here).pathname;
  let text = await Deno.readTextFile(path);
  for (const relaxed of [false, true]) {
    const files = sources.map((s) => new URL(s, here).pathname);
    const bytes = await compile(clang, files, relaxed, shared);
    const name = `${constant}_${relaxed ? "RELAXED" : "SIMD128"}`;
    text = embed(text, name, sources.join(", "), bytes);
    console.log(`${name}: ${bytes.length} bytes of wasm into ${path}`);
  }
  await Deno.writeTextFile(path, text);
}
