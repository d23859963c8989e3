import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { staffStoreContract } from "./staff-store.contract.js";

staffStoreContract("memory", async () => new MemoryKv());
