import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { castBallot, signBallotToken } from '../api/democracy';
import type { GroupId } from '../api/types';

/** What the device keeps of a ballot: enough to send it again, and the receipt to check. */
export interface KeptBallot {
  token: string;
  signature: string;
  choice: string[];
  receipt: string | null;
}

const STORAGE_PREFIX = 'shopfloor.ballot.';
// The ballot leaves a random few seconds after the token was signed, so the moment it
// arrives does not line up with the moment its voter was marked on the roll.
const MIN_DELAY_MS = 2_000;
const MAX_DELAY_MS = 12_000;

const suite = () => RSABSSA.SHA384.PSS.Randomized();
const KEY_ALGORITHM = { name: 'RSA-PSS', hash: 'SHA-384' };
const RECEIPT_DIGEST = 'SHA-256';

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function keptBallot(voteId: string): KeptBallot | null {
  const raw = localStorage.getItem(STORAGE_PREFIX + voteId);
  return raw === null ? null : (JSON.parse(raw) as KeptBallot);
}

function keep(voteId: string, ballot: KeptBallot) {
  localStorage.setItem(STORAGE_PREFIX + voteId, JSON.stringify(ballot));
}

async function importKey(spki: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', fromBase64(spki), KEY_ALGORITHM, true, ['verify']);
}

/**
 * Takes a signed ballot token without the server seeing it (RFC 9474): prepare a random
 * token, blind it, have the blinded message signed (this marks us on the roll), unblind.
 * The ballot is kept on the device before anything is sent, so a closed tab loses nothing.
 */
export async function takeBallot(groupId: GroupId, voteId: string, publicKey: string, choice: string[]) {
  const key = await importKey(publicKey);
  const token = suite().prepare(crypto.getRandomValues(new Uint8Array(32)));
  const { blindedMsg, inv } = await suite().blind(key, token);
  const { blind_signature } = await signBallotToken(groupId, voteId, toBase64(blindedMsg));
  const signature = await suite().finalize(key, token, fromBase64(blind_signature), inv);
  const ballot = { token: toBase64(token), signature: toBase64(signature), choice, receipt: null };
  keep(voteId, ballot);
  return ballot;
}

export function randomDelay(): number {
  const spread = new Uint32Array(1);
  crypto.getRandomValues(spread);
  return MIN_DELAY_MS + ((spread[0] ?? 0) % (MAX_DELAY_MS - MIN_DELAY_MS));
}

/** Sends a kept ballot (without the login) and keeps its receipt. */
export async function sendBallot(voteId: string, ballot: KeptBallot): Promise<KeptBallot> {
  const { receipt } = await castBallot(voteId, ballot.token, ballot.signature, ballot.choice);
  const sent = { ...ballot, receipt };
  keep(voteId, sent);
  return sent;
}

/** The receipt of a token: its SHA-256, as the server publishes it. */
export async function receiptOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest(RECEIPT_DIGEST, fromBase64(token));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
