// Preloaded (node --expose-gc --require) into a process a test measures: on any IPC message it
// collects garbage fully and answers with its memory, so a test compares what is really kept,
// not what the collector has not got round to yet.
process.on('message', () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('memoryOnRequest needs node --expose-gc');
  collect();
  collect();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rssMiB: rss / 2 ** 20, heapMiB: heapUsed / 2 ** 20 });
});
// The channel must not keep the process alive once its own work is done (the CLI stops on TERM).
process.channel?.unref();
