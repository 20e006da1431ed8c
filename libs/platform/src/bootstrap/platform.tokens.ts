/** Injection tokens for what the platform provides to service modules. */
export const PLATFORM_CONFIG = Symbol('PlatformConfig');
export const PLATFORM_LOGGER = Symbol('PlatformLogger');
export const PLATFORM_CLOCK = Symbol('PlatformClock');
/** The process's FollowerRegistry (@billing/messaging), behind /ready and the followers query. */
export const FOLLOWER_REGISTRY = Symbol('FollowerRegistry');
