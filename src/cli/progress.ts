/**
 * A progress bar on stderr: redrawn in place on a terminal (at most 10 times a second), one line
 * per 10% otherwise (a log, a CI job), so piped output stays readable.
 */
export function progressBar(label: string, total: number, unit: string, out = process.stderr) {
  const started = Date.now();
  const tty = out.isTTY === true;
  let lastDraw = 0;
  let lastTenth = -1;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const render = (done: number, count: number, extra: string) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${fmt(count)} ${unit} ${fmt(count / seconds)}/s${extra ? ` ${extra}` : ''}`;
  };
  return {
    /** done: progress in the total's unit (bytes or rows); count: rows so far. */
    update(done: number, count: number, extra = '') {
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        out.write(`\r${render(done, count, extra)}\x1b[K`);
      } else {
        const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        out.write(`${render(done, count, extra)}\n`);
      }
    },
    finish(done: number, count: number, extra = '') {
      out.write(`${tty ? '\r' : ''}${render(done, count, extra)}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
