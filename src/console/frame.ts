import type express from "express";
import { signedIn } from "./auth/staff-session.js";
import { rolesOf } from "./auth/roles.js";
import type { ConsoleDeps } from "./console-deps.js";

/** The page frame of a signed-in console page. */
export function frameOf(deps: Pick<ConsoleDeps, "clinic">, res: express.Response) {
  const staff = signedIn(res);
  return { title: "Staff console", clinicName: deps.clinic.name, staff: { email: staff.email, csrf: staff.csrf, roles: rolesOf(res) } };
}
