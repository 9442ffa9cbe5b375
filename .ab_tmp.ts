import { manualSeed, randn, scaledDotProductAttention } from "/work/wt/speed3/mod.ts";
manualSeed(0);
const B = 32, T = 32, H = 4, d = 16, C = 64;
const mk = () => randn([B * T, C], { requiresGrad: true });
const [q0, k0, v0] = [mk(), mk(), mk()];
const heads = (t: any) => t.reshape([B, T, H, d]).transpose(1, 2);
const step = () => {
  const y = scaledDotProductAttention(heads(q0), heads(k0), heads(v0), { isCausal: true });
  const out = y.transpose(1, 2).reshape([B, T, C]);
  out.sum().backward();
  q0.grad = null; k0.grad = null; v0.grad = null;
};
for (let i = 0; i < 20; i++) step();
const res: number[] = [];
for (let r = 0; r < 7; r++) {
  const c0 = Deno.cpuUsage();
  for (let i = 0; i < 30; i++) step();
  const c1 = Deno.cpuUsage();
  res.push((c1.user + c1.system - c0.user - c0.system) / 1000 / 30);
}
res.sort((a, b) => a - b);
console.log(JSON.stringify({ attnMs: +res[3].toFixed(3), min: +res[0].toFixed(3) }));
