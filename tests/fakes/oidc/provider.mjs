#!/usr/bin/env node
// A real OpenID Connect provider (the npm oidc-provider package) on
// loopback, for Center's enterprise sign-in in the dev stack and tests.
// Anyone signs in with any e-mail address as login (the package's
// development login form) and gets an ID token whose email claim is that
// address: Center must still refuse addresses that are not its admins.
//
// Environment: OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
// OIDC_REDIRECT_URIS (space-separated).  --pid-file FILE: where to write
// its process id once it listens.  The issuer is
// http://127.0.0.1:OIDC_PORT.  Signing key: a new RSA key at each start
// (RS256, published at /jwks).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 8090);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID || 'souk-center';
const secret = process.env.OIDC_CLIENT_SECRET || 'dev-secret';
const redirects = (process.env.OIDC_REDIRECT_URIS || '').split(/\s+/).filter(Boolean);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: secret,
    redirect_uris: redirects,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(16).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  scopes: ['openid', 'email'],
  pkce: { required: () => true },
  // The e-mail claim in the ID token itself (many providers do so;
  // Center reads it there, not from userinfo).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  // No consent step: our one client gets the scopes it asks for.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id.toLowerCase(), email_verified: true };
      },
    };
  },
});
provider.proxy = false;
const pidAt = process.argv.indexOf('--pid-file');
provider.listen(port, '127.0.0.1', () => {
  if (pidAt > 0 && process.argv[pidAt + 1]) writeFileSync(process.argv[pidAt + 1], `${process.pid}\n`);
  console.log(`oidc provider ${issuer} (client ${clientId}, ${redirects.length} redirect URIs)`);
});
