import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * OWASP Password Storage Cheat Sheet, argon2id: m = 19 MiB (19456 KiB), t = 2, p = 1.
 * `Algorithm` is a const enum in the typings; 2 is Argon2id.
 */
export const parametresArgon2 = {
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hacherMotDePasse(motDePasse: string): Promise<string> {
  return hash(motDePasse, parametresArgon2);
}

// A real argon2id hash checked when the account is unknown, so timing does not reveal it.
let hacheFactice: Promise<string> | null = null;

export async function verifierMotDePasseHache(
  hache: string | null,
  motDePasse: string,
): Promise<boolean> {
  if (!hache) {
    hacheFactice ??= hacherMotDePasse(randomBytes(16).toString('hex'));
    await verify(await hacheFactice, motDePasse).catch(() => false);
    return false;
  }
  return verify(hache, motDePasse).catch(() => false);
}

/** 256 random bits, base64url (session ids, one-time tokens, CSRF tokens). */
export function secretAleatoire(octets = 32): string {
  return randomBytes(octets).toString('base64url');
}

/** Secrets of 256 random bits need no slow hash: SHA-256 is enough to store them. */
export function empreinteSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function egaliteConstante(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An initial password: 20 characters from an unambiguous alphabet (≈ 113 bits). */
export function motDePasseInitial(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const o = randomBytes(20);
  let s = '';
  for (const b of o) s += alphabet[b % alphabet.length];
  return s;
}

/** API key: `opco_<8-char public prefix>_<secret>`; the prefix identifies it in listings. */
export function nouvelleCleApi(): { cle: string; prefixe: string; empreinte: string } {
  const prefixe = randomBytes(6).toString('base64url').slice(0, 8);
  const cle = `opco_${prefixe}_${secretAleatoire(32)}`;
  return { cle, prefixe, empreinte: empreinteSecret(cle) };
}

export function identifiant(): string {
  return crypto.randomUUID();
}
