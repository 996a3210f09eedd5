import { parseArgs } from "node:util";
import { createAppMailer, createModules } from "./app.ts";
import { systemCtx } from "./platform/ctx.ts";
import { createJobQueue, createJobs } from "./platform/jobs/queue.ts";
import { loadConfigOrExit, openRuntime, prepareDatabase } from "./runtime.ts";
import { runSeed } from "./seed/seed-command.ts";
import { runWorker } from "./worker.ts";

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                              apply database migrations
  seed [--products N]                  fill the catalog with demo data (N products, default 300)
  admin:create --email E --password P [--username U]
                                       create an admin, or make an existing user admin with that password
  worker                               run the background job worker (no HTTP)
`;

type Command = (args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate() {
    const config = loadConfigOrExit();
    const { database, logger } = await openRuntime(config);
    await prepareDatabase(database);
    logger.info({ database: database.kind }, "migrations applied");
    await database.close();
  },

  async seed(args) {
    const { values } = parseArgs({ args, options: { products: { type: "string" } } });
    const products = values.products === undefined ? undefined : Number(values.products);
    if (products !== undefined && (!Number.isInteger(products) || products < 1)) {
      fail("--products must be a positive whole number");
    }
    const config = loadConfigOrExit();
    const { database, logger } = await openRuntime(config);
    await prepareDatabase(database);
    await runSeed(systemCtx(database.db, logger, "cli"), createModules(config), config, { products });
    await database.close();
  },

  async "admin:create"(args) {
    const { values } = parseArgs({
      args,
      options: { email: { type: "string" }, password: { type: "string" }, username: { type: "string" } },
    });
    if (!values.email || !values.password) fail("admin:create needs --email and --password");
    const config = loadConfigOrExit();
    const { database, logger } = await openRuntime(config);
    await prepareDatabase(database);
    const modules = createModules(config);
    const user = await modules.identity.ensureUser(systemCtx(database.db, logger, "cli"), {
      email: values.email,
      password: values.password,
      username: values.username,
      role: "admin",
    });
    process.stdout.write(`admin ready: ${user.email} (${user.id})\n`);
    await database.close();
  },

  async worker() {
    const config = loadConfigOrExit();
    const { database, logger } = await openRuntime(config);
    await prepareDatabase(database);
    const mailer = createAppMailer(config, database, logger);
    const jobs = createJobs(createJobQueue(database, { supervise: false }));
    const stop = await runWorker(createModules(config, { jobs, mailer }), database, logger);
    const shutdown = async () => {
      await stop();
      await mailer.close();
      await database.close();
      process.exit(0);
    };
    process.on("SIGTERM", () => void shutdown());
    process.on("SIGINT", () => void shutdown());
  },
};

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) fail(name ? `Unknown command: ${name}` : "No command given");
command(rest).catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
