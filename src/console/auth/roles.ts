import type { RequestHandler, Response } from "express";
import type { StaffAccountRepo, StaffRole } from "../../state/staff-accounts.js";
import { HttpError } from "../../http/http-error.js";
import { staffOf } from "./staff-session.js";

/** Roles of the signed-in staff member (set by {@link loadRoles}); none when not signed in. */
export function rolesOf(res: Response): readonly StaffRole[] {
  return (res.locals.roles as StaffRole[] | undefined) ?? [];
}

/**
 * Reads the signed-in staff member's roles from their account on every request, so a role
 * granted or taken away applies at once. Mount after loadStaff.
 */
export function loadRoles(accounts: StaffAccountRepo): RequestHandler {
  return async (_req, res, next) => {
    try {
      const staff = staffOf(res);
      res.locals.roles = staff ? ((await accounts.get(staff.email))?.roles ?? []) : [];
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Lets a request through only when the signed-in staff member has `role`; 403 with the reason otherwise. Behind requireStaff and loadRoles. */
export function requireRole(role: StaffRole): RequestHandler {
  return (_req, res, next) => {
    if (rolesOf(res).includes(role)) return next();
    const email = staffOf(res)?.email ?? "EMAIL";
    next(new HttpError(403, `This needs the ${role} role. It is granted with: npm run staff:add -- --email ${email} --role ${role} --reset`));
  };
}
