// Preloaded by bench/startup.mjs: on SIGUSR2, a full GC (node --expose-gc) then one line
// "memory: {...}" with process.memoryUsage() on stdout.
process.on("SIGUSR2", () => {
  if (typeof global.gc === "function") global.gc();
  process.stdout.write(`memory: ${JSON.stringify(process.memoryUsage())}\n`);
});
