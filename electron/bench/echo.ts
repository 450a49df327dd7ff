/** Benchmark baseline: a child process that echoes every IPC message straight back. */
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (process.connected) process.send?.(m);
});
process.send?.({ ready: true });
