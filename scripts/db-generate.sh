#!/usr/bin/env bash
# Regenerates migrations from the *.tables.ts files. Until the first release there is one
# migration, 0000_init, rebuilt whole; after release this becomes plain `drizzle-kit generate`.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf apps/api/migrations
npx drizzle-kit generate --name init >/dev/null
# pg_trgm must exist before the trigram index is created; drizzle-kit does not emit extensions.
sed -i '1i CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint' apps/api/migrations/0000_init.sql
# SQL drizzle-kit cannot express (triggers, functions) lives beside the tables in
# apps/api/src/modules/<name>/<name>.migration.sql and is appended after the tables.
for extra in apps/api/src/modules/*/*.migration.sql; do
  [ -e "$extra" ] || continue
  printf -- '--> statement-breakpoint\n' >> apps/api/migrations/0000_init.sql
  cat "$extra" >> apps/api/migrations/0000_init.sql
done
echo "migrations regenerated: $(ls apps/api/migrations/*.sql)"
