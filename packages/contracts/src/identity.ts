import { z } from "zod";
import { Timestamp } from "./common.ts";

/** Error codes of the identity endpoints; the UI switches on these, never on message text. */
export const IdentityErrorCode = {
  EMAIL_TAKEN: "EMAIL_TAKEN",
  USERNAME_TAKEN: "USERNAME_TAKEN",
  INVALID_PHONE_NUMBER: "INVALID_PHONE_NUMBER",
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  INVALID_REFRESH_TOKEN: "INVALID_REFRESH_TOKEN",
  REFRESH_TOKEN_REUSED: "REFRESH_TOKEN_REUSED",
  USER_NOT_FOUND: "USER_NOT_FOUND",
  ADDRESS_NOT_FOUND: "ADDRESS_NOT_FOUND",
  RATE_LIMITED: "RATE_LIMITED",
} as const;
export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];

export const UserRole = z.enum(["customer", "staff", "admin"]);
export type UserRole = z.infer<typeof UserRole>;

/** Name of the refresh-token cookie the web app may use instead of a body field. */
export const REFRESH_COOKIE = "sokoni_refresh";
/**
 * Set beside the refresh cookie in cookie mode, readable by scripts and holding no secret
 * ("1"): tells the web app a session may be restored, so a guest's page load skips the refresh call.
 */
export const SESSION_HINT_COOKIE = "sokoni_session";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const Username = z
  .string()
  .trim()
  .min(3)
  .max(30)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "may contain only letters, digits, '_', '.' and '-'")
  .describe("Unique (case-insensitively), 3-30 characters");
export const Email = z.email().max(254).describe("Unique case-insensitively");
export const Password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX).describe("8-128 characters");
export const PhoneNumberInput = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .describe("Kenyan forms 07XXXXXXXX, 01XXXXXXXX, 2547..., +2547... or any number in international form; stored E.164");
const PersonName = z.string().trim().max(100);

export const RegisterBody = z
  .object({
    username: Username,
    email: Email,
    phone_number: PhoneNumberInput,
    password: Password,
    first_name: PersonName.optional(),
    last_name: PersonName.optional(),
  })
  .strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

const LoginIdentifier = z.string().trim().min(1).max(254);
export const LoginBody = z
  .object({
    login: LoginIdentifier.optional().describe("Email or username"),
    email: LoginIdentifier.optional(),
    username: LoginIdentifier.optional(),
    password: z.string().min(1).max(PASSWORD_MAX),
  })
  .strict()
  .refine((b) => b.login !== undefined || b.email !== undefined || b.username !== undefined, {
    message: "give login, email or username",
    path: ["login"],
  });
export type LoginBody = z.infer<typeof LoginBody>;

const RefreshTokenValue = z.string().min(1).max(512);
export const RefreshBody = z
  .object({
    refresh_token: RefreshTokenValue.optional().describe(`Omit to use the ${REFRESH_COOKIE} cookie`),
  })
  .strict();
export type RefreshBody = z.infer<typeof RefreshBody>;
export const LogoutBody = RefreshBody;
export type LogoutBody = RefreshBody;

export const UserResponse = z.object({
  id: z.uuid(),
  username: z.string(),
  email: z.string(),
  phone_number: z.string().describe("E.164; empty for accounts created without one"),
  first_name: z.string(),
  last_name: z.string(),
  role: UserRole,
  created_at: Timestamp,
});
export type UserResponse = z.infer<typeof UserResponse>;

export const AuthResponse = z.object({
  user: UserResponse,
  access_token: z.string(),
  refresh_token: z.string().describe("Opaque, single use: each refresh spends it and returns a successor"),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().describe("Seconds until the access token expires"),
});
export type AuthResponse = z.infer<typeof AuthResponse>;

export const UpdateMeBody = z
  .object({
    first_name: PersonName.optional(),
    last_name: PersonName.optional(),
    phone_number: PhoneNumberInput.optional(),
    email: Email.optional(),
  })
  .strict();
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

/** ISO 3166-1 alpha-2 codes of the officially assigned countries and territories. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO " +
    "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE " +
    "JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO " +
    "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW " +
    "PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM " +
    "TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => COUNTRY_CODES.has(c), "must be an ISO 3166-1 alpha-2 country code such as KE")
  .describe("ISO 3166-1 alpha-2 country code, e.g. KE (case-insensitive on input, uppercase on output)");

const AddressLine = z.string().trim().min(1).max(200);
const OptionalAddressLine = z.string().trim().max(200).nullable().optional();

export const CreateAddressBody = z
  .object({
    name: AddressLine.describe("Recipient name"),
    phone_number: PhoneNumberInput,
    line1: AddressLine,
    line2: OptionalAddressLine,
    city: AddressLine.max(100),
    region: OptionalAddressLine,
    postal_code: z.string().trim().max(20).nullable().optional(),
    country: CountryCode,
    is_default: z.boolean().optional().describe("Makes this the default address, unsetting any other"),
  })
  .strict();
export type CreateAddressBody = z.infer<typeof CreateAddressBody>;

export const UpdateAddressBody = CreateAddressBody.partial().strict();
export type UpdateAddressBody = z.infer<typeof UpdateAddressBody>;

export const AddressResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  phone_number: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string(),
  is_default: z.boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type AddressResponse = z.infer<typeof AddressResponse>;
