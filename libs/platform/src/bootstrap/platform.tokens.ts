/** Injection tokens for what the platform provides to service modules. */
export const PLATFORM_CONFIG = Symbol('PlatformConfig');
export const PLATFORM_LOGGER = Symbol('PlatformLogger');
export const PLATFORM_CLOCK = Symbol('PlatformClock');
