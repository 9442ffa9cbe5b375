/**
 * The op registry (`registry_test.ts`) with every matrix product on the
 * TypeScript kernel (the backend for engines without WebAssembly SIMD).
 */
import { setBackend } from "../../tensor/mod.ts";

setBackend("ts");
await import("./registry_test.ts");
