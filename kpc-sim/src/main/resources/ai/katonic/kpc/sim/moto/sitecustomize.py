# Loaded by the Python that runs moto_server for kpc's simulator (MotoServer puts this directory first on
# PYTHONPATH): two changes of speed, none of behaviour, to moto 5.2.1's server.
#
# 1. moto's dispatcher asks moto.backends.list_of_moto_modules() on every request: a listing of moto's
#    package directory with a stat of each of its ~150 entries. The directory does not change while the
#    server runs, so the list is made once.
# 2. werkzeug writes an access-log line for every request to moto's log file; only warnings and errors are
#    kept (what the log is read for when moto does not start).
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
