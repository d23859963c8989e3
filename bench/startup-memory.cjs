// Preloaded by bench/startup.mjs: on SIGUSR2, one line "memory: {...}" on stdout with the CPU
// time spent so far (process.cpuUsage(), before the GC) and, after a full GC (node --expose-gc),
// process.memoryUsage().
process.on("SIGUSR2", () => {
  const cpu = process.cpuUsage();
  if (typeof global.gc === "function") global.gc();
  process.stdout.write(`memory: ${JSON.stringify({ cpuMs: Math.round((cpu.user + cpu.system) / 1000), ...process.memoryUsage() })}\n`);
});
