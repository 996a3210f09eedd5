-- Appended to the generated migration by scripts/db-generate.sh: ledger entries are immutable.
CREATE OR REPLACE FUNCTION "wallet"."refuse_entry_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'wallet entries are immutable (% refused); add an adjustment entry instead', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "entries_immutable" BEFORE UPDATE OR DELETE ON "wallet"."entries"
  FOR EACH ROW EXECUTE FUNCTION "wallet"."refuse_entry_change"();--> statement-breakpoint
CREATE TRIGGER "entries_no_truncate" BEFORE TRUNCATE ON "wallet"."entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "wallet"."refuse_entry_change"();
