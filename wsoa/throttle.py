"""Rate limits kept in the shared cache: how many times a key may do something within a window."""

import hashlib

from django.core.cache import cache

HOUR = 60 * 60


def within_limit(scope: str, key: str, *, limit: int, window: int = HOUR) -> bool:
    """Count one more use of ``key`` in ``scope``; False once it has been used more than ``limit`` times.

    The window starts at the first use (a fixed window): ``cache.add`` never resets a running count, and
    ``incr`` is atomic in Redis and in the in-process cache, so parallel requests are each counted.
    """
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()
    cache_key = f"throttle:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit
