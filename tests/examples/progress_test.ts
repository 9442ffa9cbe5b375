import assert from "node:assert/strict";
import { clock, Progress } from "../../examples/_progress.ts";

function recorder(terminal: boolean, times: number[]) {
  const written: string[] = [];
  let t = 0;
  const progress = new Progress({
    epochs: 2,
    steps: 4,
    terminal,
    write: (text) => written.push(text),
    now: () => times[t++] ?? times.at(-1)!,
    barWidth: 8,
  });
  return { progress, written };
}

function run(progress: Progress): void {
  for (let epoch = 1; epoch <= 2; epoch++) {
    for (let step = 1; step <= 4; step++) {
      progress.step({ epoch, step, loss: 1 / (epoch * step), accuracy: step / 4 });
    }
    progress.epoch(`epoch ${epoch}/2  done`);
  }
  progress.done();
}

Deno.test("Progress prints only the epoch lines when the output is not a terminal", () => {
  const { progress, written } = recorder(false, [0]);
  run(progress);
  assert.deepEqual(written, ["epoch 1/2  done\n", "epoch 2/2  done\n"]);
});

Deno.test("Progress redraws one line on a terminal, at most every interval, with the ETA", () => {
  // The clock: the start, then one reading per step, 1 s apart but the second step 50 ms after the first.
  const times = [0, 1000, 1050, 2000, 3000, 4000, 5000, 6000, 7000];
  const { progress, written } = recorder(true, times);
  run(progress);
  const clear = "\r\x1b[2K";
  assert.deepEqual(written, [
    clear + "epoch 1/2 [#.......] step 1/4  0:01 ETA 0:07  loss 1.0000  acc  25.0%",
    // step 2 came 50 ms after step 1: not drawn.
    clear + "epoch 1/2 [###.....] step 3/4  0:02 ETA 0:03  loss 0.3333  acc  75.0%",
    clear + "epoch 1/2 [####....] step 4/4  0:03 ETA 0:03  loss 0.2500  acc 100.0%",
    clear + "epoch 1/2  done\n",
    clear + "epoch 2/2 [#####...] step 1/4  0:04 ETA 0:02  loss 0.5000  acc  25.0%",
    clear + "epoch 2/2 [######..] step 2/4  0:05 ETA 0:02  loss 0.2500  acc  50.0%",
    clear + "epoch 2/2 [#######.] step 3/4  0:06 ETA 0:01  loss 0.1667  acc  75.0%",
    clear + "epoch 2/2 [########] step 4/4  0:07 ETA 0:00  loss 0.1250  acc 100.0%",
    clear + "epoch 2/2  done\n",
  ]);
  assert.ok(written.every((line) => !line.slice(1).includes("\r")));
});

Deno.test("Progress.done() clears a line left drawn", () => {
  const { progress, written } = recorder(true, [0, 500]);
  progress.step({ epoch: 1, step: 1, loss: 1, accuracy: 0 });
  progress.done();
  progress.done();
  assert.equal(written.length, 2);
  assert.equal(written[1], "\r\x1b[2K");
});

Deno.test("clock() shows minutes and seconds, hours when needed, and dashes when unknown", () => {
  assert.deepEqual(
    [0, 4_400, 59_600, 61_000, 3_600_000, -1, Infinity].map(clock),
    ["0:00", "0:04", "1:00", "1:01", "1:00:00", "-:--", "-:--"],
  );
});
