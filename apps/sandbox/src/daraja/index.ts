export {
  type C2bPayment,
  DARAJA_DEV_CONSUMER_KEY,
  DARAJA_DEV_CONSUMER_SECRET,
  DARAJA_SANDBOX_PASSKEY,
  DARAJA_SANDBOX_SHORTCODE,
  type Daraja,
  type DarajaOptions,
  outcomeFor,
  type StkOutcome,
  type StkTransaction,
  startDaraja,
} from "./server.ts";
