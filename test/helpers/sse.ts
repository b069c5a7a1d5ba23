/**
 * A GraphQL subscription over Server-Sent Events, as an app would open one: POST /graphql with
 * `Accept: text/event-stream`. `next()` waits for the next result; `ended` resolves when the
 * server completes or closes the stream.
 */
export function subscribe(url: string, token: string, query: string) {
  const controller = new AbortController();
  const results: any[] = [];
  const waiters: (() => void)[] = [];
  let done = false;
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const ended = (async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query }),
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`subscription refused: ${res.status} ${await res.text()}`);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let i = buffer.indexOf('\n\n');
        while (i >= 0) {
          const message = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (event === 'next' && data) {
            results.push(JSON.parse(data));
            wake();
          }
          if (event === 'complete') return 'complete';
          i = buffer.indexOf('\n\n');
        }
      }
      return 'closed';
    } catch (err) {
      if (controller.signal.aborted) return 'aborted';
      throw err;
    } finally {
      done = true;
      wake();
    }
  })();
  ended.catch(() => {});
  let read = 0;
  return {
    results,
    ended,
    /** The next result (in order), or throws after `ms`. */
    async next(ms = 30_000): Promise<any> {
      const deadline = Date.now() + ms;
      while (read >= results.length) {
        if (done) throw new Error('subscription ended');
        if (Date.now() > deadline) throw new Error(`no result within ${ms} ms`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 250);
        });
      }
      return results[read++];
    },
    close() {
      controller.abort();
    },
  };
}
