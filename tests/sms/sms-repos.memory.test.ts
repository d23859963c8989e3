import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { smsReposContract } from "./sms-repos.contract.js";

smsReposContract("memory", async () => new MemoryKv());
