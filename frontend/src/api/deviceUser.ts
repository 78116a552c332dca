import type { AuthUser } from './types';

// Who last logged in on this device, so the app can open without signal for
// them (and only them). Forgotten at log-out or when the session ends, with
// everything kept for offline use (shared/offline/offlineData.ts).
const DEVICE_USER_KEY = 'shopfloor.device-user.v1';

function storage(): Storage | null {
  try {
    return globalThis.localStorage;
  } catch {
    return null;
  }
}

export function rememberDeviceUser(user: AuthUser) {
  try {
    storage()?.setItem(DEVICE_USER_KEY, JSON.stringify(user));
  } catch {
    // Storage full or blocked: the app then needs signal to open.
  }
}

export function deviceUser(): AuthUser | null {
  try {
    const raw = storage()?.getItem(DEVICE_USER_KEY) ?? null;
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as Partial<AuthUser> | null;
    return parsed !== null && typeof parsed.id === 'string' ? (parsed as AuthUser) : null;
  } catch {
    return null;
  }
}

export function forgetDeviceUser() {
  storage()?.removeItem(DEVICE_USER_KEY);
}
