// A voter's half of RFC 9474 blind RSA for the API tests, with the very library the web app
// uses (@cloudflare/blindrsa-ts): reads one JSON request on stdin, writes one JSON answer.
//   {"step": "blind", "public_key": spki}                    -> {token, blinded_message, inv}
//   {"step": "finalize", "public_key", "token", "blind_signature", "inv"} -> {signature}
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const library = new URL('../frontend/node_modules/@cloudflare/blindrsa-ts/lib/src/index.js', import.meta.url);
const { RSABSSA } = await import(pathToFileURL(library.pathname).href);
const suite = RSABSSA.SHA384.PSS.Randomized();
const request = JSON.parse(readFileSync(0, 'utf8'));
const bytes = (text) => Uint8Array.from(Buffer.from(text, 'base64'));
const text = (value) => Buffer.from(value).toString('base64');
const publicKey = await crypto.subtle.importKey(
  'spki',
  bytes(request.public_key),
  { name: 'RSA-PSS', hash: 'SHA-384' },
  true,
  ['verify'],
);

let answer;
if (request.step === 'blind') {
  const token = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
  const { blindedMsg, inv } = await suite.blind(publicKey, token);
  answer = { token: text(token), blinded_message: text(blindedMsg), inv: text(inv) };
} else {
  const signature = await suite.finalize(
    publicKey,
    bytes(request.token),
    bytes(request.blind_signature),
    bytes(request.inv),
  );
  answer = { signature: text(signature) };
}
process.stdout.write(JSON.stringify(answer));
