"""Run a local Neo4j Community server from the jars that `graph/neo4j/pom.xml` fetches.

No Docker, no tarball: Maven copies the server, Browser and APOC jars into
`graph/neo4j/target/neo4j-home`; this module writes a `neo4j.conf` for one
instance under the state folder, starts the JVM in the background, waits until
Bolt answers, and stops it by its recorded PID.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from foedus.settings import PROJECT_ROOT, Settings

__all__ = ["LocalNeo4j", "Neo4jServerError"]

POM_DIR = PROJECT_ROOT / "graph" / "neo4j"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dfile.encoding=UTF-8",
]


class Neo4jServerError(RuntimeError):
    """The local server could not be fetched, started or stopped."""


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child still answers kill(0); it is dead all the same
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


@dataclass
class LocalNeo4j:
    """One local Neo4j instance: its folder, ports and credentials."""

    settings: Settings

    @property
    def home(self) -> Path:
        return self.settings.neo4j_home

    @property
    def instance(self) -> Path:
        return self.settings.instance_dir

    @property
    def pid_file(self) -> Path:
        return self.instance / "run" / "foedus-neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.instance / "password"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.settings.local_bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.local_http_port}/browser/"

    # -- fetching -------------------------------------------------------------------------------

    def jars_present(self) -> bool:
        """True when the server jars have been fetched."""
        lib = self.home / "lib"
        return lib.is_dir() and any(lib.glob("neo4j-kernel-*.jar"))

    def fetch(self) -> None:
        """Fetch the server jars with Maven (once; Maven's own cache makes re-runs cheap)."""
        if self.jars_present():
            return
        mvn = shutil.which("mvn")
        if not mvn:
            raise Neo4jServerError("Maven (mvn) is needed to fetch Neo4j's jars; install it (apt-get install maven)")
        result = subprocess.run([mvn, "-q", "-B", "package"], cwd=POM_DIR, capture_output=True, text=True)
        if result.returncode != 0 or not self.jars_present():
            raise Neo4jServerError(f"fetching Neo4j with Maven failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")

    # -- configuration --------------------------------------------------------------------------

    def password(self) -> str | None:
        """The password of the local server (generated on first start), or None with auth off."""
        if not self.settings.local_auth:
            return None
        if self.settings.neo4j_password:
            return self.settings.neo4j_password.get_secret_value()
        if not self.password_file.exists():
            self.instance.mkdir(parents=True, exist_ok=True)
            self.password_file.write_text(secrets.token_urlsafe(18))
            self.password_file.chmod(0o600)
        return self.password_file.read_text().strip()

    def write_config(self) -> Path:
        """Write `conf/neo4j.conf` for this instance and return the config folder."""
        conf_dir = self.instance / "conf"
        for sub in ("conf", "data", "logs", "import", "run"):
            (self.instance / sub).mkdir(parents=True, exist_ok=True)
        s = self.settings
        lines = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{s.local_bolt_port}",
            # Routing tables (neo4j:// URIs) must name this instance, not the default port.
            "server.bolt.advertised_address": f"127.0.0.1:{s.local_bolt_port}",
            "server.http.advertised_address": f"127.0.0.1:{s.local_http_port}",
            "server.http.enabled": "true",
            "server.http.listen_address": f"127.0.0.1:{s.local_http_port}",
            "server.https.enabled": "false",
            "server.memory.pagecache.size": s.local_pagecache,
            "server.directories.data": str(self.instance / "data"),
            "server.directories.logs": str(self.instance / "logs"),
            "server.directories.plugins": str(self.home / "plugins"),
            "server.directories.import": str(self.instance / "import"),
            "server.directories.run": str(self.instance / "run"),
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true" if s.local_auth else "false",
            "dbms.security.procedures.unrestricted": "apoc.*",
            "dbms.security.procedures.allowlist": "apoc.*",
            "db.transaction.timeout": "120s",
            # The Browser fetches Foedus's style and guide from the API (named _whitelist in 5.26).
            "browser.remote_content_hostname_whitelist": "127.0.0.1,localhost",
            "browser.post_connect_cmd": f"style http://127.0.0.1:{s.api_port}/browser/style.grass; "
                                        f"play http://127.0.0.1:{s.api_port}/browser/guide.html",
        }
        text = "".join(f"{k}={v}\n" for k, v in lines.items() if v)
        (conf_dir / "neo4j.conf").write_text(text)
        return conf_dir

    # -- lifecycle ------------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The PID of the running server, if any."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def status(self) -> str:
        """A one-line status."""
        pid = self.pid()
        if pid and _port_open(self.settings.local_bolt_port):
            return f"running (pid {pid}) at {self.bolt_uri}, Browser at {self.browser_url}"
        if pid:
            return f"starting (pid {pid})"
        return "stopped"

    def start(self) -> float:
        """Start the server unless it runs; wait for Bolt; return the seconds it took."""
        began = time.monotonic()
        if self.pid() and _port_open(self.settings.local_bolt_port):
            return 0.0
        if _port_open(self.settings.local_bolt_port):
            raise Neo4jServerError(
                f"port {self.settings.local_bolt_port} is taken by another process; "
                "stop it or set FOEDUS_LOCAL_BOLT_PORT"
            )
        self.fetch()
        java = shutil.which("java")
        if not java:
            raise Neo4jServerError("Java 17 or 21 is needed to run Neo4j 5.26 "
                                   "(apt-get install openjdk-17-jre-headless)")
        conf_dir = self.write_config()
        heap = self.settings.local_heap
        cmd = [
            java, "-Xms512m", f"-Xmx{heap}", *JVM_FLAGS,
            "-cp", f"{self.home}/plugins/*:{self.home}/lib/*",
            ENTRY_POINT, f"--home-dir={self.home}", f"--config-dir={conf_dir}", "--console-mode",
        ]
        env = {k: v for k, v in os.environ.items() if k not in ("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "NEO4J_CONF")}
        with open(self.instance / "logs" / "console.log", "ab") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + self.settings.start_timeout  # the fetch above does not count
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise Neo4jServerError(f"Neo4j exited with {proc.returncode}; see {self.instance / 'logs'}:\n"
                                       + self._log_tail())
            if _port_open(self.settings.local_bolt_port):
                self._set_initial_password()
                return time.monotonic() - began
            time.sleep(0.25)
        self.stop()
        raise Neo4jServerError(f"Neo4j did not answer on Bolt within {self.settings.start_timeout:.0f}s:\n"
                               + self._log_tail())

    def _log_tail(self) -> str:
        try:
            return (self.instance / "logs" / "console.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def _set_initial_password(self) -> None:
        """A fresh database has the user neo4j/neo4j with a forced change: set ours."""
        password = self.password()
        if password is None:
            return
        import neo4j

        try:
            with neo4j.GraphDatabase.driver(self.bolt_uri, auth=("neo4j", password)) as driver:
                driver.verify_connectivity()
            return
        except neo4j.exceptions.AuthError:
            pass
        with neo4j.GraphDatabase.driver(self.bolt_uri, auth=("neo4j", "neo4j")) as driver, \
                driver.session(database="system") as session:
            session.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new", old="neo4j", new=password).consume()

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server with SIGTERM (SIGKILL after `timeout`); True if one was running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would; for reliability tests."""
        pid = self.pid()
        if pid:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.05)
