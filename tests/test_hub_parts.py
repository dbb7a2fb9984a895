"""The hub's parts that need no root and no running hub: the plan and its words, delivering
the course's files, handing in to an inbox, JupyterHub's settings, the make targets."""

from __future__ import annotations

import getpass
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from facenumbers import cli
from facenumbers.hub import config, delivery, environment, running
from facenumbers.hub.plan import HubPlan, describe, login_problem, students_from

ROOT = Path(__file__).resolve().parents[1]


def plan_for(tmp_path: Path, **changes) -> HubPlan:
    settings = dict(checkout=ROOT, root=tmp_path / "hub", students=("alice", "bob"), instructor="teacher")
    settings.update(changes)
    return HubPlan(**settings)


# -- the plan ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["alice", "li-hua", "s2024001", "a_b"])
def test_logins_that_can_be_accounts(name):
    assert login_problem(name) is None


@pytest.mark.parametrize("name, words", [("Li Hua", "lowercase"), ("1alice", "starting with a letter"),
                                         ("root", "system"), ("a" * 33, "1 to 32"), ("", "cannot be a login")])
def test_logins_that_cannot_be_accounts_say_why(name, words):
    assert words in login_problem(name)


def test_a_roster_gives_the_logins_and_a_bad_row_is_named(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name\nalice,Alice A\nbob,Bob B\n", encoding="utf-8")
    assert students_from(roster, "carol, alice") == ("carol", "alice", "bob")
    roster.write_text("student\nalice\nLi Hua\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"roster.csv, row 3: 'Li Hua' cannot be a login.*another column"):
        students_from(roster)


def test_a_plan_that_cannot_go_ahead_says_each_reason(tmp_path):
    assert plan_for(tmp_path).problems() == []
    found = plan_for(tmp_path, root=ROOT / "build" / "hub", students=(), instructor="root", port=80).problems()
    text = "\n".join(found)
    for words in ("outside the course folder", "no students", "'root' is a name the system", "port must be"):
        assert words in text
    assert "is also a student's" in "\n".join(plan_for(tmp_path, instructor="alice").problems())
    assert "no solutions/" in "\n".join(plan_for(tmp_path, checkout=tmp_path).problems())


def test_the_plan_is_saved_and_read_back(tmp_path):
    plan = plan_for(tmp_path, roster=tmp_path / "r.csv", extra={"grader": "gx"})
    plan.save(tmp_path / "plan.json")
    assert HubPlan.load(tmp_path / "plan.json") == plan


def test_make_hub_says_what_it_does_to_the_machine_and_how_to_undo_it(tmp_path):
    plan = plan_for(tmp_path)
    text = describe(plan)
    for words in ("must run as root", "alice, bob", "teacher", "facenumbers-grader", "facenumbers-students",
                  "refused, never taken over", str(plan.inbox), "0711", str(plan.homes), "0700",
                  str(plan.state), f"{ROOT} is made private", "127.0.0.1", "make hub-undo", "hand-ins included"):
        assert words in text, words


def test_the_plan_command_prints_the_plan_and_changes_nothing(tmp_path, capsys):
    assert cli.main(["hub", "plan", "--dir", str(tmp_path / "hub"), "--course", str(ROOT),
                     "--students", "alice,bob"]) == 0
    assert "make hub changes this machine" in capsys.readouterr().out
    assert not (tmp_path / "hub").exists()
    assert cli.main(["hub", "plan", "--dir", str(tmp_path / "hub"), "--course", str(ROOT)]) == 2
    assert "no students" in capsys.readouterr().err
    assert cli.main(["hub", "plan", "--dir", str(tmp_path), "--students", "Li Hua"]) == 2
    assert "cannot be a login" in capsys.readouterr().err
    assert cli.main(["hub", "grade", "--dir", str(tmp_path / "none"), "--assignment", "04-base-rates"]) == 2
    assert "holds no hub" in capsys.readouterr().err


# -- delivering the course's files ---------------------------------------------------------

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_delivery_copies_updates_and_never_replaces_the_students_changes(tmp_path):
    course, home = tmp_path / "course", tmp_path / "home"
    write(course / "exercises" / "04.ipynb", "v1")
    write(course / "lessons" / "00.ipynb", "lesson v1")
    write(course / "lessons" / ".ipynb_checkpoints" / "00-checkpoint.ipynb", "checkpoint")
    first = delivery.deliver(course, home)
    assert first.copied == ["exercises/04.ipynb", "lessons/00.ipynb"]
    assert not (home / "lessons" / ".ipynb_checkpoints").exists()

    write(home / "exercises" / "04.ipynb", "my answers")        # the student works
    write(course / "exercises" / "04.ipynb", "v2")              # the instructor updates both
    write(course / "lessons" / "00.ipynb", "lesson v2")
    second = delivery.deliver(course, home)
    assert second.updated == ["lessons/00.ipynb"] and second.kept == ["exercises/04.ipynb"]
    assert (home / "exercises" / "04.ipynb").read_text() == "my answers"
    assert (home / "lessons" / "00.ipynb").read_text() == "lesson v2"
    notes = (home / delivery.UPDATES).read_text()
    assert "exercises/04.ipynb" in notes and str(course / "exercises" / "04.ipynb") in notes
    assert "kept as you changed them" in second.summary()

    (home / "lessons" / "00.ipynb").unlink()                     # deleted by mistake
    third = delivery.deliver(course, home)
    assert third.copied == ["lessons/00.ipynb"] and third.kept == ["exercises/04.ipynb"]
    assert third.unchanged == 0 and (home / "exercises" / "04.ipynb").read_text() == "my answers"


def test_a_file_the_student_made_before_the_course_arrived_is_kept(tmp_path):
    course, home = tmp_path / "course", tmp_path / "home"
    write(course / "exercises" / "04.ipynb", "course")
    write(home / "exercises" / "04.ipynb", "mine, from before")
    assert delivery.deliver(course, home).kept == ["exercises/04.ipynb"]
    assert (home / "exercises" / "04.ipynb").read_text() == "mine, from before"


def test_a_damaged_record_of_deliveries_never_costs_the_student_a_file(tmp_path):
    course, home = tmp_path / "course", tmp_path / "home"
    write(course / "a.ipynb", "v1")
    delivery.deliver(course, home)
    write(home / "a.ipynb", "mine")
    (home / delivery.MANIFEST).write_text("{not json")
    write(course / "a.ipynb", "v2")
    assert delivery.deliver(course, home).kept == ["a.ipynb"]
    assert (home / "a.ipynb").read_text() == "mine"


# -- handing in ----------------------------------------------------------------------------

@pytest.fixture
def exercise_notebook(tmp_path) -> Path:
    target = tmp_path / "04-base-rates.ipynb"
    shutil.copyfile(ROOT / "exercises" / "04-base-rates.ipynb", target)
    return target


def test_on_a_hub_submit_hands_in_to_the_inbox_under_the_login(tmp_path, exercise_notebook, monkeypatch, capsys):
    inbox = tmp_path / "inbox"
    monkeypatch.setenv("FACENUMBERS_INBOX", str(inbox))
    login = getpass.getuser()
    assert cli.main(["submit", str(exercise_notebook), "--name", "someone-else"]) == 0
    out = capsys.readouterr().out
    handed = inbox / login / "04-base-rates.ipynb"
    assert handed.exists() and not (inbox / "someone-else").exists()
    assert f"you hand in as your login, {login}; --name is not needed" in out
    assert f"Handed in to your instructor's inbox: {handed}" in out and "Only you and your instructor" in out
    assert nbformat.read(handed, as_version=4).cells[0].source == nbformat.read(exercise_notebook, as_version=4).cells[0].source


def test_without_a_hub_submit_writes_where_it_always_did(tmp_path, exercise_notebook, monkeypatch, capsys):
    monkeypatch.delenv("FACENUMBERS_INBOX", raising=False)
    assert cli.main(["submit", str(exercise_notebook), "--name", "Li Hua", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "Li_Hua" / "04-base-rates.ipynb").exists()
    assert "Saved a clean copy for handing in" in capsys.readouterr().out


def test_a_hand_in_folder_that_cannot_be_written_says_so_and_keeps_the_notebook(tmp_path, exercise_notebook,
                                                                                 monkeypatch, capsys):
    monkeypatch.setenv("FACENUMBERS_INBOX", str(tmp_path / "inbox"))
    before = exercise_notebook.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(nbformat, "write", refuse)
    assert cli.main(["submit", str(exercise_notebook)]) == 2
    assert "cannot be written to from this account" in capsys.readouterr().err
    assert exercise_notebook.read_bytes() == before


# -- JupyterHub's settings -----------------------------------------------------------------

def test_jupyterhub_settings_keep_everything_on_loopback_and_each_student_apart(tmp_path):
    plan = plan_for(tmp_path, port=8123)
    c = Config()
    config.configure(c, plan)
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert (c.JupyterHub.port, c.JupyterHub.hub_port) == (8123, 8124)
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8125"
    assert "--KernelManager.ip=127.0.0.1" in c.Spawner.args
    assert c.ConfigurableHTTPProxy.command == [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
    assert c.JupyterHub.authenticator_class == "firstuseauthenticator.FirstUseAuthenticator"
    assert c.FirstUseAuthenticator.create_users is False
    assert c.Authenticator.allowed_users == {"alice", "bob"} and c.Authenticator.admin_users == {"teacher"}
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert c.Spawner.cmd[:3] == [str(plan.environment / "bin" / "python"), "-P", "-m"]
    environment_seen = c.Spawner.environment
    assert environment_seen["FACENUMBERS_INBOX"] == str(plan.inbox)
    assert environment_seen["PATH"].startswith(str(plan.environment / "bin") + ":")
    assert str(plan.state) in c.FirstUseAuthenticator.dbm_path and str(plan.state) in c.JupyterHub.db_url
    assert callable(c.Spawner.pre_spawn_hook)


def test_the_config_file_only_configures_when_jupyterhub_reads_it(tmp_path, monkeypatch):
    plan = plan_for(tmp_path)
    (tmp_path / "plan.json").parent.mkdir(exist_ok=True)
    plan.save(tmp_path / "plan.json")
    monkeypatch.setenv("FACENUMBERS_HUB_PLAN", str(tmp_path / "plan.json"))
    from traitlets.config.loader import PyFileConfigLoader

    loaded = PyFileConfigLoader(str(running.CONFIG_FILE)).load_config()
    assert loaded.JupyterHub.port == plan.port and loaded.Authenticator.admin_users == {"teacher"}


def test_the_students_python_must_be_one_every_account_can_run(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    (closed / "python").symlink_to(Path(shutil.which("python3")).resolve())
    closed.chmod(0o700)
    with pytest.raises(RuntimeError, match="every account can run"):
        environment.interpreter(str(closed / "python"))


def test_the_students_environment_is_rebuilt_when_the_course_changes(tmp_path):
    checkout = tmp_path / "course"
    for name in ("requirements/lock.txt", "pyproject.toml", "src/facenumbers/__init__.py"):
        write(checkout / name, name)
    before = environment.source_fingerprint(checkout)
    write(checkout / "src" / "facenumbers" / "hub" / "new.py", "x = 1")
    after = environment.source_fingerprint(checkout)
    write(checkout / "src" / "facenumbers" / "__pycache__" / "x.pyc", "cache")
    assert before != after == environment.source_fingerprint(checkout)


def test_listening_sockets_are_read_from_procs_tables():
    assert running._hex_address("0100007F:1F90") == ("127.0.0.1", 8080)
    assert running._hex_address("00000000000000000000000001000000:0016") == ("::1", 22)
    assert running._hex_address("0000000000000000FFFF00000100007F:0050") == ("127.0.0.1", 80)
    assert running.Listener("127.0.0.1", 1, None).loopback and running.Listener("::1", 1, None).loopback
    assert not running.Listener("0.0.0.0", 1, None).loopback and not running.Listener("10.0.0.2", 1, None).loopback


# -- the make targets ----------------------------------------------------------------------

def dry_run(*arguments: str) -> str:
    return subprocess.run(["make", "-n", *arguments], cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_hub_runs_the_hub_command_with_the_class_and_installs_from_the_lock():
    commands = dry_run("hub", "ROSTER=roster.csv", "STUDENTS=carol", "INSTRUCTOR=ms-li", "HUB_DIR=/srv/class", "-B")
    start = next(line for line in commands.splitlines() if "facenumbers hub start" in line)
    for part in ("--dir /srv/class", "--port 8010", "--instructor ms-li", "--roster roster.csv", "--students carol"):
        assert part in start
    assert "npm ci" in commands  # configurable-http-proxy, from package-lock.json
    assert all("--constraint requirements/lock.txt" in line for line in commands.splitlines() if "pip install" in line)
    assert "facenumbers hub plan" in dry_run("hub-plan", "STUDENTS=a")
    assert "--assignment 04-base-rates" in dry_run("hub-grade", "ASSIGNMENT=04-base-rates")
    assert "facenumbers hub undo --dir /srv/facenumbers-hub" in dry_run("hub-undo")


def test_configurable_http_proxy_is_pinned_in_the_npm_lock():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = package["devDependencies"]["configurable-http-proxy"]
    assert pinned == lock["packages"]["node_modules/configurable-http-proxy"]["version"]  # exact, no range
