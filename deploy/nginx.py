"""Render deploy/nginx.conf for one machine and run nginx with it, in the foreground.

    python deploy/nginx.py --listen 127.0.0.1:8000 --upstream unix:var/serve/gunicorn.sock --prefix var/serve/nginx

writes <prefix>/nginx.conf, checks it with `nginx -t`, then becomes nginx (same pid, so a
signal sent to it reaches nginx). `--check` stops after the check. nginx's pid file, logs
and temporary files all live under the prefix, so it runs as root or as a normal user.
Run as root, its workers run as root too unless --user names another account, which then
needs to read the upstream's socket and write the prefix.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().with_name("nginx.conf")
TEMP_DIRS = ("client_body_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp")
FIELD = re.compile(r"@[A-Z_]+@")


def nginx_binary():
    """The nginx executable; Debian puts it in /usr/sbin, which a normal user's PATH may lack."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/sbin")
    if not found:
        raise SystemExit("nginx is not installed: apt-get install nginx-light (or nginx).")
    return found


def upstream_address(upstream):
    """gunicorn's address as nginx writes it: host:port, or unix:/absolute/path."""
    if upstream.startswith("unix:"):
        return "unix:" + str(Path(upstream.removeprefix("unix:")).resolve())
    if not re.fullmatch(r"[\w.\-\[\]:]+:\d+", upstream):
        raise SystemExit(f"--upstream {upstream!r}: give host:port or unix:/path/to/gunicorn.sock")
    return upstream


def render(*, listen, upstream, prefix, user=None, access_log=None):
    """The config text: deploy/nginx.conf with its fields filled in."""
    prefix = Path(prefix).resolve()
    if user is None and os.geteuid() == 0:
        user = "root"
    values = {
        "@USER@": f"user {user};" if user else "# user: the account that started nginx",
        "@PREFIX@": str(prefix),
        "@LISTEN@": listen,
        "@UPSTREAM@": upstream_address(upstream),
        "@ACCESS_LOG@": access_log or str(prefix / "access.log"),
    }
    return FIELD.sub(lambda match: values[match.group(0)], TEMPLATE.read_text())


def prepare(*, prefix, **fields):
    """Write <prefix>/nginx.conf (and its temporary folders); return the config's path."""
    prefix = Path(prefix).resolve()
    for name in TEMP_DIRS:
        (prefix / name).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(render(prefix=prefix, **fields))
    return conf


def command(conf):
    prefix = conf.parent
    return [nginx_binary(), "-p", f"{prefix}/", "-e", "stderr", "-c", str(conf)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", required=True, help="where clients connect: host:port")
    parser.add_argument("--upstream", required=True, help="gunicorn: host:port or unix:/path")
    parser.add_argument("--prefix", required=True, help="folder for the config, pid, logs and temporary files")
    parser.add_argument("--user", help="the account nginx's workers run as, when started as root (default: root)")
    parser.add_argument("--access-log", help="access log path, or 'off' (default: <prefix>/access.log)")
    parser.add_argument("--check", action="store_true", help="write and check the config, don't start nginx")
    args = parser.parse_args(argv)
    conf = prepare(
        prefix=args.prefix, listen=args.listen, upstream=args.upstream, user=args.user, access_log=args.access_log
    )
    nginx = command(conf)
    checked = subprocess.run([*nginx, "-t", "-q"])
    if checked.returncode != 0:
        raise SystemExit(f"nginx rejected {conf}")
    if not args.check:
        sys.stdout.flush()
        os.execv(nginx[0], nginx)


if __name__ == "__main__":
    main()
