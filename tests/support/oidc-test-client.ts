/** How the app under test is registered at the test identity provider (oidc-provider-server.ts). */
export const OIDC_TEST_CLIENT_ID = "twofold-e2e";
export const OIDC_TEST_CLIENT_SECRET = "twofold-e2e-oidc-client-secret-not-for-production";
/** A browser with this cookie on the provider's host gets responses naming another issuer. */
export const IMPOSTOR_COOKIE = "twofold-test-impostor";
