import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** A 32-byte AES key and the version stored beside what it seals, so keys can rotate. */
export type CredentialsKey = { version: number; key: Buffer };

/** The key that seals new writes and older keys still able to open what they sealed. */
export type CredentialsKeyring = { current: CredentialsKey; previous: readonly CredentialsKey[] };

export type SealedCredentials = { ciphertext: string; iv: string; tag: string; keyVersion: number };

/** Credentials that cannot be opened: wrong or missing key, or the stored data was altered. */
export class CredentialsDecryptError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "CredentialsDecryptError";
  }
}

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;

/**
 * AES-256-GCM with a fresh random 12-byte IV per write. The marketplace's id is the additional
 * authenticated data, so a ciphertext copied onto another marketplace's row does not open there.
 */
export function createCredentialsCipher(keyring: CredentialsKeyring) {
  for (const k of [keyring.current, ...keyring.previous]) {
    if (k.key.length !== 32) throw new Error(`credentials key version ${k.version} must be 32 bytes`);
  }

  function seal(marketplaceId: string, credentials: Record<string, string>): SealedCredentials {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, keyring.current.key, iv);
    cipher.setAAD(Buffer.from(marketplaceId, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
    return {
      ciphertext: ciphertext.toString("base64"),
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      keyVersion: keyring.current.version,
    };
  }

  /** Throws CredentialsDecryptError when no key of that version is configured or GCM refuses. */
  function open(marketplaceId: string, sealed: SealedCredentials): Record<string, string> {
    const k = [keyring.current, ...keyring.previous].find((x) => x.version === sealed.keyVersion);
    if (!k) {
      throw new CredentialsDecryptError(
        `No credentials key of version ${sealed.keyVersion} is configured (MARKETPLACE_CREDENTIALS_KEY_VERSION / MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS)`,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, k.key, Buffer.from(sealed.iv, "base64"));
      decipher.setAAD(Buffer.from(marketplaceId, "utf8"));
      decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]);
      return JSON.parse(plain.toString("utf8")) as Record<string, string>;
    } catch {
      throw new CredentialsDecryptError(
        `Stored marketplace credentials do not decrypt with key version ${k.version}: the key is wrong or the data was altered`,
      );
    }
  }

  return { seal, open };
}

export type CredentialsCipher = ReturnType<typeof createCredentialsCipher>;
