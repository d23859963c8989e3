import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { llmStoreContract } from "./llm-store.contract.js";

llmStoreContract("memory", async () => new MemoryKv());
