import {
  WalletErrorCode as E,
  PageQuery,
  Problem,
  WalletCreditBody,
  WalletEntryResponse,
  WalletResponse,
  WalletUserParams,
} from "@sokoni/contracts";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Ctx } from "../../platform/ctx.ts";
import { UnauthorizedError, ValidationError } from "../../platform/errors.ts";
import { requireAdmin, requireUser } from "../../platform/http/auth.ts";
import { formatMinor, MoneyFormatError, toMinor } from "../../platform/money.ts";
import type { WalletEntry, WalletModule } from "./wallet.service.ts";

const tags = ["wallet"];
const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

export function toWalletEntryResponse(e: WalletEntry): WalletEntryResponse {
  return {
    id: e.id,
    amount: formatMinor(e.amountMinor, e.currency),
    currency: e.currency,
    kind: e.kind,
    reason: e.reason,
    reference: e.reference,
    created_at: e.createdAt.toISOString(),
  };
}

type Options = {
  wallet: WalletModule;
  storeCurrency: string;
  /** Throws NotFoundError (USER_NOT_FOUND) for an unknown user; identity's, wired in app.ts. */
  assertUser: (ctx: Ctx, userId: string) => Promise<void>;
};

export const walletRoutes: FastifyPluginAsyncZod<Options> = async (app, { wallet, storeCurrency, assertUser }) => {
  async function walletOf(ctx: Ctx, userId: string, page: number, pageSize: number): Promise<WalletResponse> {
    const [balance, entries] = await Promise.all([
      wallet.getBalance(ctx, userId),
      wallet.listEntries(ctx, userId, { page, pageSize }),
    ]);
    return {
      balance: formatMinor(balance.balanceMinor, balance.currency),
      currency: balance.currency,
      entries: { items: entries.items.map(toWalletEntryResponse), page, page_size: pageSize, total: entries.total },
    };
  }

  app.get(
    "/wallet",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "The signed-in user's wallet: balance and a page of ledger entries (newest first)",
        querystring: PageQuery,
        response: { 200: WalletResponse, ...problems(400, 401) },
      },
    },
    async (req) => walletOf(req.ctx, userIdOf(req), req.query.page, req.query.page_size),
  );

  app.get(
    "/admin/wallets/:user_id",
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        security,
        summary: "A user's wallet: balance and a page of ledger entries, newest first (admin)",
        params: WalletUserParams,
        querystring: PageQuery,
        response: { 200: WalletResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await assertUser(req.ctx, req.params.user_id);
      return walletOf(req.ctx, req.params.user_id, req.query.page, req.query.page_size);
    },
  );

  app.post(
    "/admin/wallets/:user_id/credits",
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        security,
        summary: "Credit a user's wallet (admin)",
        params: WalletUserParams,
        body: WalletCreditBody,
        response: { 201: WalletEntryResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const amountMinor = parseAmount(req.body.amount, storeCurrency);
      const entry = await wallet.credit(req.ctx, {
        userId: req.params.user_id,
        amountMinor,
        reason: req.body.reason,
        createdBy: userIdOf(req),
      });
      return reply.code(201).send(toWalletEntryResponse(entry));
    },
  );
};

function parseAmount(amount: number | string, currency: string): number {
  let minor: number;
  try {
    minor = toMinor(amount, currency);
  } catch (err) {
    if (!(err instanceof MoneyFormatError)) throw err;
    throw new ValidationError("The amount is not valid", [{ path: "body.amount", message: err.message }]);
  }
  if (minor <= 0) {
    throw new ValidationError(
      "The amount must be greater than zero",
      [{ path: "body.amount", message: "must be > 0" }],
      E.INVALID_AMOUNT,
    );
  }
  return minor;
}

function userIdOf(req: FastifyRequest): string {
  if (req.actor.kind !== "user") throw new UnauthorizedError();
  return req.actor.userId;
}
