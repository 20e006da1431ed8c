/** The bearer token the console sends on every call, kept for this browser tab only. */
const key = 'billing-console-token';

export interface Session {
  token: string;
  subject: string;
  roles: string[];
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(key);
  if (!token) return undefined;
  const claims = claimsOf(token);
  if (!claims) return undefined;
  return { token, subject: claims.sub, roles: claims.roles };
}

export function signIn(token: string): Session | undefined {
  sessionStorage.setItem(key, token);
  return currentSession();
}

export function signOut(): void {
  sessionStorage.removeItem(key);
}

/** Only to show who is signed in; the server verifies the token on every call. */
function claimsOf(token: string): { sub: string; roles: string[] } | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; roles?: unknown };
    const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
    return { sub: String(claims.sub ?? ''), roles };
  } catch {
    return undefined;
  }
}
