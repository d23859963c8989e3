import type { NextFunction, Request, RequestHandler, Response } from "express";

/** Express 4 does not catch a rejected handler; this passes the error to the error handler. */
export function asyncRoute(fn: (req: Request, res: Response, next: NextFunction) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}
