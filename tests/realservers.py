"""Real nginx and Apache httpd serving the built site with the shipped files of deploy/.

Used by tests/site/test_real_servers.py (HTTP) and tests/browser/test_real_servers.py
(Chromium); tests/conftest.py imports the fixtures, so that one session builds
the sub-folder site and starts the servers once for both folders.

Fixtures
    subfolder_site  session: the site built once with SITE_URL=http://127.0.0.2:<port>/gamma2/
    real_servers    session: nginx and Apache, each serving built_site at the root and
                    subfolder_site under /gamma2/: a dict {(server, mount): Served}

The servers are the Debian packages (`./dev setup` installs them), started as
the current user on free ports of 127.0.0.2 (nginx) and 127.0.0.3 (Apache),
with their pid, logs and temporary files in a temporary folder, and stopped
at the end. When the tests run as root, the workers read the site as nobody
(Apache refuses to serve as root): the site is hard-linked into a folder
that anyone may read.

What a test adapts in a shipped file is only what its comments say to adapt:
nginx.conf's listen, root and, in a sub-folder, the error_page path; the
.htaccess's ErrorDocument path in a sub-folder, and the <Directory> block its
comment gives, with the site's folder. adapt_nginx() and adapt_htaccess() fail if a line they expect
is not there, so a shipped file that needs any other edit makes the tests fail.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitefixtures import ROOT, BuiltSite, build_site

__all__ = [
    "DEPLOY", "NGINX", "APACHE", "SERVERS", "MOUNTS", "SUBFOLDER", "Served",
    "adapt_nginx", "adapt_htaccess", "htaccess_directory_block", "real_servers", "subfolder_port", "subfolder_site",
]

DEPLOY = ROOT / "deploy"
NGINX = "/usr/sbin/nginx"
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
# The modules the .htaccess needs (its comment: mime, headers, deflate; AddOutputFilterByType
# is mod_filter's, on by default in Debian), and mod_dir for index.html. mpm_event: Debian's default.
APACHE_LOAD = ("mpm_event", "authz_core", "mime", "dir", "headers", "filter", "deflate")
SERVERS = ("nginx", "apache")
MOUNTS = ("racine", "sous-dossier")
SUBFOLDER = "gamma2"
HOSTS = {"nginx": "127.0.0.2", "apache": "127.0.0.3"}
MISSING = "{name} est introuvable ({path}) : lancer ./dev setup, qui installe nginx et Apache (paquets Debian)"


@dataclass(frozen=True)
class Served:
    """One site served by one real server."""

    server: str      # "nginx" or "apache"
    mount: str       # "racine" or "sous-dossier"
    site: BuiltSite  # the site it serves
    origin: str      # http://127.0.0.2:port
    prefix: str      # "/" or "/gamma2/"
    logs: Path       # its working folder: logs (access.log: method, path, status), generated configuration
    folder: Path     # the folder it serves the site from (a hard-linked copy; the .htaccess for Apache)

    @property
    def base_url(self) -> str:
        return self.origin + self.prefix

    def access_log(self) -> list[str]:
        path = self.logs / "access.log"
        return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


# ---------------------------------------------------------------- adapting the shipped files

def _replace_once(text: str, pattern: str, replacement: str, what: str) -> str:
    found = re.findall(pattern, text, re.M)
    if len(found) != 1:
        raise AssertionError(f"{what} : attendu exactement une ligne « {pattern} », trouvé {len(found)}")
    return re.sub(pattern, lambda _: replacement, text, count=1, flags=re.M)


def adapt_nginx(text: str, *, listen: str, root: Path, subfolder: str | None = None) -> str:
    """deploy/nginx.conf with the lines its comments say to adapt: listen, root, and
    in a sub-folder (served from root/subfolder/) the path of error_page."""
    text = _replace_once(text, r"^    listen 80;$", f"    listen {listen};", "deploy/nginx.conf")
    text = _replace_once(text, r"^    root /srv/gamma2/site;$", f"    root {root};", "deploy/nginx.conf")
    if subfolder:
        text = _replace_once(text, r"^    error_page 404 /404\.html;$", f"    error_page 404 /{subfolder}/404.html;", "deploy/nginx.conf")
    return text


def adapt_htaccess(text: str, *, subfolder: str | None = None) -> str:
    """deploy/apache.htaccess as the site's .htaccess: in a sub-folder, the ErrorDocument path."""
    if subfolder:
        text = _replace_once(text, r"^ErrorDocument 404 /404\.html$", f"ErrorDocument 404 /{subfolder}/404.html", "deploy/apache.htaccess")
    return text


def htaccess_directory_block(text: str, folder: Path) -> str:
    """The <Directory> block the .htaccess's comment asks for, with the site's folder."""
    block = re.search(r"^#\s+(<Directory /var/www/gamma2>\n(?:#.*\n)*?#\s+</Directory>)$", text, re.M)
    if not block:
        raise AssertionError("deploy/apache.htaccess : le bloc <Directory /var/www/gamma2> de son commentaire est introuvable")
    commented = block.group(0).splitlines()
    indent = len(re.match(r"#\s+", commented[0]).group(0))  # the comment's own margin
    lines = [line[indent:] for line in commented]
    return "\n".join(lines).replace("<Directory /var/www/gamma2>", f'<Directory "{folder}">')


# ---------------------------------------------------------------- ports and folders

@contextlib.contextmanager
def reserved_port(hosts: tuple[str, ...], port: int = 0) -> Iterator[int]:
    """A port free on every host (port, or any if 0), kept bound (not listening,
    SO_REUSEADDR) until the servers take it: nginx and Apache bind with SO_REUSEADDR too."""
    for _ in range(1 if port else 50):
        sockets: list[socket.socket] = []
        chosen = port
        try:
            for host in hosts:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sockets.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((host, chosen))
                chosen = sock.getsockname()[1]
        except OSError as error:
            for sock in sockets:
                sock.close()
            if port:
                raise RuntimeError(f"le port {port} n'est pas libre sur {', '.join(hosts)} : {error}") from error
            continue
        try:
            yield chosen
        finally:
            for sock in sockets:
                sock.close()
        return
    raise RuntimeError(f"aucun port libre à la fois sur {', '.join(hosts)}")


def _readable_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)  # the servers' workers run as nobody when the tests run as root
    return folder


def _link_tree(source: Path, dest: Path) -> None:
    """The site at dest, each file a hard link (a copy across file systems)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, dest, copy_function=link)


# ---------------------------------------------------------------- the servers

def _check_installed(name: str, path: str) -> None:
    if not Path(path).is_file():
        pytest.fail(MISSING.format(name=name, path=path), pytrace=False)


def _spawn(command: list[str], work: Path) -> subprocess.Popen:
    """Start a server in the foreground, its output in work/output.log."""
    with (work / "output.log").open("wb") as output:
        return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def _wait_listening(process: subprocess.Popen, host: str, port: int, log: Path, name: str) -> None:
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            errors = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
            output = (log.parent / "output.log").read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"{name} s'est arrêté au démarrage (code {process.returncode}) :\n{output}\n{errors}", pytrace=False)
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"{name} n'écoute pas sur {host}:{port} au bout de 20 s", pytrace=False)
        time.sleep(0.05)  # polling a condition (the port answers), with a deadline


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def start_nginx(docroot: Path, host: str, port: int, work: Path, subfolder: str | None) -> subprocess.Popen:
    """nginx with deploy/nginx.conf (listen, root, error_page adapted) in a generated nginx.conf."""
    _check_installed("nginx", NGINX)
    shipped = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    (work / "gamma2.conf").write_text(adapt_nginx(shipped, listen=f"{host}:{port}", root=docroot, subfolder=subfolder), encoding="utf-8")
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / name).mkdir()
    # As the file's comment says: it is read inside the http {} block of nginx.conf,
    # which (as Debian's does) includes mime.types.
    (work / "nginx.conf").write_text(
        f"""# Generated by tests/realservers.py: the shipped deploy/nginx.conf in an http {{}} block.
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format gamma2 '$request_method $request_uri $status';
    access_log {work}/access.log gamma2;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/gamma2.conf;
}}
""",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-q", "-p", f"{work}/", "-e", str(work / "error.log"), "-c", str(work / "nginx.conf")],
                           capture_output=True, text=True, check=False)
    if check.returncode != 0:
        pytest.fail(f"nginx -t refuse deploy/nginx.conf :\n{check.stderr}", pytrace=False)
    return _spawn([NGINX, "-p", f"{work}/", "-e", str(work / "error.log"), "-c", str(work / "nginx.conf")], work)


def start_apache(docroot: Path, site_folder: Path, host: str, port: int, work: Path, subfolder: str | None) -> subprocess.Popen:
    """Apache with the site's .htaccess (deploy/apache.htaccess) and the <Directory> block its comment gives."""
    _check_installed("Apache httpd", APACHE)
    shipped = (DEPLOY / "apache.htaccess").read_text(encoding="utf-8")
    (site_folder / ".htaccess").write_text(adapt_htaccess(shipped, subfolder=subfolder), encoding="utf-8")
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in APACHE_LOAD)
    user = ""
    if os.geteuid() == 0:  # Apache refuses to serve as root
        user = f"User {pwd.getpwnam('nobody').pw_name}\nGroup {grp.getgrnam('nogroup').gr_name}"
    (work / "httpd.conf").write_text(
        f"""# Generated by tests/realservers.py: a minimal server for the site's .htaccess.
ServerRoot "{work}"
DefaultRuntimeDir "{work}"
PidFile "{work}/httpd.pid"
ErrorLog "{work}/error.log"
LogLevel warn
{user}
{modules}
Listen {host}:{port}
ServerName {host}:{port}
TypesConfig /etc/mime.types
DirectoryIndex index.html
LogFormat "%m %U%q %>s" gamma2
CustomLog "{work}/access.log" gamma2
DocumentRoot "{docroot}"
{htaccess_directory_block(shipped, site_folder)}
""",
        encoding="utf-8",
    )
    command = [APACHE, "-f", str(work / "httpd.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        pytest.fail(f"apache2 -t refuse la configuration :\n{check.stderr}", pytrace=False)
    return _spawn([*command, "-DFOREGROUND"], work)


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def subfolder_port() -> Iterator[int]:
    """The port of the sub-folder site on both servers' addresses, reserved from
    before its build (SITE_URL names it) until the servers listen."""
    _check_installed("nginx", NGINX)
    _check_installed("Apache httpd", APACHE)
    with reserved_port(tuple(HOSTS.values())) as port:
        yield port


@pytest.fixture(scope="session")
def subfolder_site(tmp_path_factory: pytest.TempPathFactory, subfolder_port: int) -> BuiltSite:
    """The site built once for a sub-folder: SITE_URL=http://127.0.0.2:<port>/gamma2/."""
    dest = tmp_path_factory.mktemp("built-gamma2") / SUBFOLDER
    site_url = f"http://{HOSTS['nginx']}:{subfolder_port}/{SUBFOLDER}/"
    result = build_site(dest, env={"SITE_URL": site_url})
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict (SITE_URL={site_url}) a échoué (code {result.returncode}) :\n{result.stdout}", pytrace=False)
    return BuiltSite(dest, result, site_url)


@pytest.fixture(scope="session")
def real_servers(built_site: BuiltSite, subfolder_site: BuiltSite, subfolder_port: int) -> Iterator[dict[tuple[str, str], Served]]:
    """nginx and Apache, each serving built_site at the root (on the port of built_site's
    SITE_URL, so that instant navigation works) and subfolder_site under /gamma2/."""
    _check_installed("nginx", NGINX)
    _check_installed("Apache httpd", APACHE)
    base = _readable_folder("gamma2-real-servers-")
    processes: list[subprocess.Popen] = []
    served: dict[tuple[str, str], Served] = {}
    root_port = int(re.search(r":(\d+)/", built_site.site_url or "").group(1))
    try:
        with reserved_port(tuple(HOSTS.values()), root_port):
            for server in SERVERS:
                for mount, site, port in (("racine", built_site, root_port), ("sous-dossier", subfolder_site, subfolder_port)):
                    folder = base / f"{server}-{mount}"
                    docroot = folder / "www"
                    site_folder = docroot / SUBFOLDER if mount == "sous-dossier" else docroot
                    site_folder.parent.mkdir(parents=True, exist_ok=True)
                    _link_tree(site.path, site_folder)
                    work = folder / "server"
                    work.mkdir()
                    host = HOSTS[server]
                    subfolder = SUBFOLDER if mount == "sous-dossier" else None
                    if server == "nginx":
                        process = start_nginx(docroot, host, port, work, subfolder)
                    else:
                        process = start_apache(docroot, site_folder, host, port, work, subfolder)
                    processes.append(process)
                    _wait_listening(process, host, port, work / "error.log", server)
                    served[server, mount] = Served(server, mount, site, f"http://{host}:{port}",
                                                   f"/{SUBFOLDER}/" if subfolder else "/", work, site_folder)
        yield served
    finally:
        for process in processes:
            _stop(process)
        shutil.rmtree(base, ignore_errors=True)
