"""The database going down, for one process: the fault of tests/studio_project/test_faults.py without restarting the
shared cluster (which would cut every other connection to it).

Inside `database_down()` the default connection is dropped and every attempt to reconnect fails as it does
against a stopped server: PostgreSQL refuses the connection (a port nothing listens on), SQLite cannot open
its file. The errors are the driver's own OperationalError. Only for transactional tests
(`django_db(transaction=True)`, TransactionTestCase): no test transaction survives a dropped connection.
"""

import socket
from contextlib import contextmanager
from pathlib import Path

from django.db import connections


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once the socket closes: nothing listens there


@contextmanager
def database_down(tmp_dir, alias="default"):
    connection = connections[alias]
    saved = dict(connection.settings_dict)
    detached = None
    if connection.vendor == "sqlite":
        # an in-memory test database lives as long as its connection: keep it aside rather than close it
        detached, connection.connection = connection.connection, None
        connection.settings_dict["NAME"] = str(Path(tmp_dir) / "missing" / "studio.sqlite3")
    else:
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        if detached is None:
            connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        if detached is not None:
            connection.connection = detached
