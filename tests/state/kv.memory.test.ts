import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { kvContract } from "./kv.contract.js";
import { storeContract } from "./store.contract.js";

kvContract("memory", async () => new MemoryKv());
storeContract("memory", async () => new MemoryKv());
