/**
 * The baseline for `npm run bench`: a bare Express app whose one route parses the same JSON
 * body as `POST /api/messages` and answers with a one-message array. Everything the bot
 * does beyond this (validation, botkit, the pipeline, Redis) shows up as the ratio.
 */
import express from "express";

const app = express();
app.post("/echo", express.json({ limit: "16kb" }), (req, res) => {
  res.json([{ type: "message", text: String((req.body as { text?: unknown }).text ?? "") }]);
});
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
