import WebSocket from "ws";

/** A websocket to the test app that collects every frame it receives. */
export interface TestSocket {
  readonly ws: WebSocket;
  readonly frames: Record<string, unknown>[];
  send(frame: unknown): void;
  /** Waits until a frame matches (5 s at most). */
  waitFor(match: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  close(): void;
}

export async function openSocket(url: string, origin?: string): Promise<TestSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ws`, origin ? { origin } : {});
  const frames: Record<string, unknown>[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    waitFor: async (match) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = frames.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => ws.close(),
  };
}

/** The HTTP status a refused upgrade answered with. */
export function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ws`, { origin });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("open", () => {
      resolve(101);
      ws.close();
    });
    ws.once("error", (err) => {
      if (!String(err.message).includes("Unexpected server response")) reject(err);
    });
  });
}
