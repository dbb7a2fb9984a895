"""JupyterHub's settings for a class's hub, from a :class:`~facenumbers.hub.plan.HubPlan`.

``jupyterhub_config.py`` (next to this module) calls :func:`configure` with the plan that
``facenumbers hub start`` saved. In short:

- **addresses**: the proxy on ``127.0.0.1:<port>``, the hub's API and the proxy's API on the
  next two ports, every student's server on 127.0.0.1 and its kernels on 127.0.0.1;
- **logins**: :class:`FirstUseAuthenticator`: each student on the roster sets a password the
  first time they log in; only the roster's logins (and users the instructor adds on the
  admin page) may log in; the instructor is the hub's admin;
- **servers**: :class:`LocalProcessSpawner`: each student's server runs as that student's
  own system account, from the students' environment, in their private home;
- **before each start** (as root): the account, home and hand-in folder exist (a user added
  on the admin page gets them here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facenumbers.hub import accounts, running
from facenumbers.hub.plan import COURSE_FOLDER, HubPlan

DEFAULT_URL = f"/lab/tree/{COURSE_FOLDER}/lessons/00-start-here.ipynb"


def proxy_command(plan: HubPlan) -> list[str]:
    """configurable-http-proxy as the Makefile installed it (node_modules/, from package-lock.json)."""
    return [str(plan.checkout / "node_modules" / ".bin" / "configurable-http-proxy")]


def spawner_environment(plan: HubPlan) -> dict[str, str]:
    """What each student's server sees: the students' tools first on PATH, the inbox, the course."""
    return {
        "PATH": f"{plan.environment / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "FACENUMBERS_INBOX": str(plan.inbox),
        "FACENUMBERS_COURSE": str(plan.course),
    }


def configure(c: Any, plan: HubPlan) -> None:
    """Set JupyterHub's configuration object ``c`` for ``plan``."""
    extra = plan.extra
    c.JupyterHub.ip = "127.0.0.1"
    c.JupyterHub.port = plan.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = plan.port + 1
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{plan.port + 2}"
    c.ConfigurableHTTPProxy.command = proxy_command(plan)
    c.ConfigurableHTTPProxy.pid_file = str(plan.state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{plan.state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(plan.state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(plan.state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
    # The start of a lecture: at most this many servers starting at once; others wait their turn.
    c.JupyterHub.concurrent_spawn_limit = int(extra.get("concurrent_spawn_limit", 40))

    c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
    c.FirstUseAuthenticator.dbm_path = str(plan.state / "passwords.dbm")
    c.FirstUseAuthenticator.create_users = False  # only the roster, and users the admin adds
    c.FirstUseAuthenticator.min_password_length = 8
    c.Authenticator.allowed_users = set(plan.students)
    c.Authenticator.admin_users = {plan.instructor}

    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    # -P: the server starts in the student's home; a file there named like a module (json.py)
    # must not shadow the library's.
    c.Spawner.cmd = [str(plan.environment / "bin" / "python"), "-P", "-m", "facenumbers.hub.singleuser"]
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.args = ["--KernelManager.ip=127.0.0.1"]
    c.Spawner.default_url = DEFAULT_URL
    c.Spawner.notebook_dir = "~"
    c.Spawner.environment = {
        **spawner_environment(plan),
        # JupyterHub calls this with the spawner: with a roster, each student's own variants.
        "FACENUMBERS_COURSE": lambda spawner: str(running.course_for(plan, spawner.user.name)),
    }
    c.Spawner.env_keep = ["LANG", "LC_ALL", "TZ"]
    # Twenty servers importing the course at once on two cores take a while: be patient.
    c.Spawner.start_timeout = int(extra.get("start_timeout", 300))
    c.Spawner.http_timeout = int(extra.get("http_timeout", 300))

    def ensure_student(spawner: Any) -> None:
        """Before a server starts, as root: its account, home and hand-in folder exist."""
        login = spawner.user.name
        accounts.ensure_account(plan, login, student=login != plan.instructor)

    c.Spawner.pre_spawn_hook = ensure_student


def load(path: str | Path) -> HubPlan:
    """The plan ``facenumbers hub start`` saved (``<hub>/hub/plan.json``)."""
    return HubPlan.load(Path(path))
