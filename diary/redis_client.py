"""One redis-py client per cache connection, for the calls on every save.

Django's Redis cache builds a new redis-py client object for each operation (its
`get_client`), and a client sets up some 170 response callbacks when it is made:
about 0.1 ms, twice per entry save (the throttles and the screening enqueue),
before any byte reaches Redis. A redis-py client is thread-safe and its connection
pool survives a fork, so one per cache connection is kept on it and reused. Django
makes a new cache connection per thread and whenever CACHES changes (tests do), so
nothing outlives the settings it was made from.
"""

from django.core.cache import caches
from redis import Redis

ATTRIBUTE = "_neckline_redis_client"


def redis_client(alias: str = "default") -> Redis:
    cache = caches[alias]
    client = getattr(cache, ATTRIBUTE, None)
    if client is None:
        client = cache._cache.get_client(write=True)  # on the cache's own connection pool
        setattr(cache, ATTRIBUTE, client)
    return client
