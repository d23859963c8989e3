import type { RequestHandler } from "express";
import { HttpError } from "../../http/http-error.js";
import type { StaffRole } from "../../state/staff-accounts.js";
import { staffOf } from "./staff-session.js";

/** A staff console route only an account with `role` may use (403 with the reason otherwise). Put it after `requireStaff`. */
export function requireRole(role: StaffRole): RequestHandler {
  return (_req, res, next) => {
    const staff = staffOf(res);
    if (staff?.roles.includes(role)) return next();
    next(new HttpError(403, `This page needs the ${role} role. Ask an administrator (npm run staff:add -- --email you@clinic.example --set-roles --role ${role}).`));
  };
}
