# Loaded by the Python that runs moto_server for kpc's simulator (MotoServer puts this directory first on
# PYTHONPATH): five changes of speed, none of behaviour, to moto 5.2.1's server.
#
# 1. moto's dispatcher asks moto.backends.list_of_moto_modules() on every request: a listing of moto's
#    package directory with a stat of each of its ~150 entries. The directory does not change while the
#    server runs, so the list is made once.
# 2. werkzeug writes an access-log line for every request to moto's log file; only warnings and errors are
#    kept (what the log is read for when moto does not start).
# 3. moto makes a new botocore loader (create_loader, boto3.Session()) for many requests: each lists
#    botocore's data directory (a listdir and stat per service) and parses the JSON it needs again (EC2's
#    model, endpoints.json, partitions). botocore caches what a loader loaded per loader instance; here every
#    loader of the same search paths shares that one cache, so each file is listed and parsed once per server.
#    What a loader returns is what it returned before, as the same object a second call on one loader gets.
# 4. Every request lists its response class's methods with inspect.getmembers (moto.core.utils.
#    method_names_from_class, ~4 ms); a class's methods do not change while the server runs: listed once a class.
# 5. Every error answer builds the service's table of error shapes anew (ErrorLookupFactory is made per call,
#    its cache with it, ~0.1 s for EC2); the factories share one cache, keyed by service as before.
import functools
import logging

logging.getLogger("werkzeug").setLevel(logging.WARNING)

try:
    import moto.backends as _backends

    _listing = _backends.list_of_moto_modules

    @functools.lru_cache(maxsize=1)
    def _once():
        return tuple(_listing())

    _backends.list_of_moto_modules = _once
except Exception:  # another moto, or none: the server runs as it is
    pass

try:
    import botocore.loaders as _loaders

    _shared_caches = {}
    _init = _loaders.Loader.__init__

    def _loader_init(self, *args, **kwargs):
        _init(self, *args, **kwargs)
        if type(self.file_loader) is _loaders.JSONFileLoader:
            key = (tuple(self.search_paths), tuple(self.extras_types))
            self._cache = _shared_caches.setdefault(key, self._cache)

    _loaders.Loader.__init__ = _loader_init
except Exception:  # another botocore: the server runs as it is
    pass

try:
    import moto.core.responses as _responses
    import moto.core.utils as _utils

    _method_names = _utils.method_names_from_class

    @functools.lru_cache(maxsize=None)
    def _method_names_once(clazz):
        return tuple(_method_names(clazz))

    def _method_names_from_class(clazz):
        return list(_method_names_once(clazz))

    _utils.method_names_from_class = _method_names_from_class
    _responses.method_names_from_class = _method_names_from_class
except Exception:  # another moto: the server runs as it is
    pass

try:
    import moto.core.errors as _errors

    _error_luts = {}
    _factory_init = _errors.ErrorLookupFactory.__init__

    def _factory_shared(self, *args, **kwargs):
        _factory_init(self, *args, **kwargs)
        self._error_lut_cache = _error_luts

    _errors.ErrorLookupFactory.__init__ = _factory_shared
except Exception:  # another moto: the server runs as it is
    pass
