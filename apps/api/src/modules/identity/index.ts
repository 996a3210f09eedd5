/**
 * identity: users, sign-in sessions (JWT access + rotating refresh tokens), roles and addresses.
 * The only import path for other modules.
 */
export { identityRoutes } from "./identity.routes.ts";
export type {
  Address,
  AddressInput,
  AddressPatch,
  AuthResult,
  EnsureUserInput,
  IdentityModule,
  LoginInput,
  RegisterInput,
  UpdateMeInput,
  User,
} from "./identity.service.ts";
export { createIdentityModule } from "./identity.service.ts";
