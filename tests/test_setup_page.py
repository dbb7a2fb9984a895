"""docs/setup.md, the setup page: its commands work, and they say the same on every system.

The page marks each command block with an HTML comment before its fence,
``<!-- setup:posix-plain -->`` and so on. These tests read the blocks from the working tree's
page, so a page not yet committed is tested too.

- **The plain commands run.** In a fresh ``git clone`` of this repository (its committed
  HEAD), the POSIX commands without make run exactly as written: the venv, pip and setuptools
  from the lock, the course from the lock. The last line, JupyterLab, runs as written plus
  ``--no-browser`` and a free port; it must serve Lesson 00 with the token it prints, and is
  stopped by its PID. Then the course imports in that venv, every package ``pip freeze``
  lists is at the lock's version, and the page's check command prints what the page says.
  About a minute and a half on two cores (pip starts with a new, empty cache, and the new
  venv takes about half a gigabyte in the temporary folder). Without git, or without a Python
  3.11 or newer called as the page calls it, the test skips; under CI it fails instead.
- **No drift.** The POSIX block does what the Makefile's ``lab`` target does; the Windows
  blocks (PowerShell, cmd.exe) are the same steps with ``.venv\\Scripts\\python``; the blocks
  for starting again, updating and checking repeat those lines; the conda block names
  ``environment.yml`` and the environment that file makes.
- **The failures table names what exists**: make targets and variables, the ``facenumbers``
  command's subcommands, the venv's programs and modules, and the pip and JupyterLab options
  it mentions; the messages it quotes from the installed packages and from a calculator are
  the ones they print.

Each rule is also shown catching a doctored copy of the page.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "setup.md"
LOCK = "requirements/lock.txt"

_BLOCK = re.compile(r"<!-- setup:([a-z0-9-]+) -->\n```[a-z]*\n(.*?)\n```", re.DOTALL)
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")
#: The address JupyterLab prints: its port, path and token.
_LAB_URL = re.compile(r"http://127\.0\.0\.1:(\d+)(/\S*?)\?token=([0-9a-f]+)")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# -- reading the page -------------------------------------------------------------------------
def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def blocks(text: str) -> dict[str, list[str]]:
    """The page's marked command blocks, by name: their lines, without blanks and comments."""
    found: dict[str, list[str]] = {}
    for name, body in _BLOCK.findall(text):
        assert name not in found, f"two blocks are marked setup:{name}"
        found[name] = [line.strip() for line in body.splitlines()
                       if line.strip() and not line.strip().startswith(("#", "REM ", "::"))]
    return found


def windows_words(line: str) -> list[str]:
    """A Windows command line split as Python's own start-up does: spaces separate words
    outside double quotes, and the quotes go."""
    words, word, quoted, started = [], [], False, False
    for char in line:
        if char == '"':
            quoted, started = not quoted, True
        elif char.isspace() and not quoted:
            if started:
                words.append("".join(word))
            word, started = [], False
        else:
            word.append(char)
            started = True
    assert not quoted, f"unbalanced double quotes in {line!r}"
    if started:
        words.append("".join(word))
    return words


def steps(lines: list[str], system: str) -> list[list[str]]:
    """The commands in a form that is the same on every system: the Python that makes the
    venv is BASE_PYTHON, the venv's own Python is VENV_PYTHON, paths use forward slashes."""
    normalised = []
    for line in lines:
        if system == "posix":
            words = shlex.split(line)
            if re.fullmatch(r"python3(\.\d+)?", words[0]):
                words[0] = "BASE_PYTHON"
            elif words[0] == ".venv/bin/python":
                words[0] = "VENV_PYTHON"
        else:
            words = windows_words(line)
            if words[0] == "py" and len(words) > 1 and re.fullmatch(r"-3\.\d+", words[1]):
                words[:2] = ["BASE_PYTHON"]
            elif words[0] == r".venv\Scripts\python":
                words[0] = "VENV_PYTHON"
            words = [word.replace("\\", "/") for word in words]
        normalised.append(words)
    return normalised


def differences(posix: list[str], windows: list[str]) -> list[str]:
    """How a Windows block's steps differ from the POSIX block's, in words ([] if they agree)."""
    ours, theirs = steps(posix, "posix"), steps(windows, "windows")
    problems = [f"step {n}: POSIX runs {' '.join(a)!r} but Windows runs {' '.join(b)!r}"
                for n, (a, b) in enumerate(zip(ours, theirs), 1) if a != b]
    if len(ours) != len(theirs):
        problems.append(f"POSIX has {len(ours)} steps, Windows {len(theirs)}")
    return problems


def powershell_splits(lines: list[str]) -> list[str]:
    """Words PowerShell would break in two before passing them on: an unquoted word that
    starts with one dash and a letter and holds a dot (``-Dname.x=1`` reaches the program as
    ``-Dname`` and ``.x=1``). Words starting with two dashes, or a dash and a digit, are safe."""
    return [word for line in lines for word in re.findall(r'"[^"]*"|\S+', line)
            if re.match(r"-[A-Za-z_?]", word) and "." in word]


def table_code(text: str) -> list[str]:
    """The code spans in the table of *When something fails*."""
    section = text.split("## When something fails", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("|") and "---" not in line]
    return [span for row in rows[1:] for span in re.findall(r"`([^`]+)`", row)]


# -- what exists ------------------------------------------------------------------------------
def make_targets(makefile: str) -> set[str]:
    """The targets of a Makefile (names before a colon at the start of a line)."""
    names = set()
    for match in re.finditer(r"^([A-Za-z0-9_.$()/ -]+?)\s*:(?!=)", makefile, re.MULTILINE):
        names.update(match.group(1).split())
    return names


def make_variables(makefile: str) -> set[str]:
    return set(re.findall(r"^([A-Z_]+)\s*[?:]?=", makefile, re.MULTILINE))


def facenumbers_subcommands() -> set[str]:
    """The subcommands ``facenumbers --help`` lists."""
    from contextlib import redirect_stdout
    from io import StringIO

    from facenumbers import cli

    out = StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit):
        cli.main(["--help"])
    listed = re.search(r"\{([a-z,-]+)\}", out.getvalue())
    assert listed, out.getvalue()
    return set(listed.group(1).split(","))


def help_text(*command: str) -> str:
    result = subprocess.run([sys.executable, "-m", *command, "--help-all" if command[0] == "jupyter"
                             else "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def unknown_commands(spans: list[str], makefile: str, subcommands: set[str], options: str,
                     venv_bin: Path) -> list[str]:
    """The spans naming something the course provides (a make target or variable, a
    ``facenumbers`` subcommand, a program or module of the venv, a pip or JupyterLab option)
    that does not exist, each with the reason."""
    problems = []
    targets, variables = make_targets(makefile), make_variables(makefile)
    for span in spans:
        words = shlex.split(span.replace("\\", "/"))
        if not words:
            continue
        if words[0] == "make":
            for word in words[1:]:
                name, is_variable, _ = word.partition("=")
                if is_variable and name not in variables:
                    problems.append(f"`{span}`: the Makefile has no variable {name}")
                elif not is_variable and word not in targets:
                    problems.append(f"`{span}`: the Makefile has no target {word}")
        elif words[0] in ("facenumbers", ".venv/bin/facenumbers", ".venv/Scripts/facenumbers"):
            if len(words) > 1 and not words[1].startswith("-") and words[1] not in subcommands:
                problems.append(f"`{span}`: facenumbers has no subcommand {words[1]}")
        elif words[0].startswith((".venv/bin/", ".venv/Scripts/")):
            program = words[0].rsplit("/", 1)[1]
            if not (venv_bin / program).exists():
                problems.append(f"`{span}`: the venv has no program {program}")
            if words[1:2] == ["-m"] and len(words) > 2 and words[2] != "...":
                if importlib.util.find_spec(words[2]) is None:
                    problems.append(f"`{span}`: the venv has no module {words[2]}")
                elif len(words) > 3 and not words[3].startswith("-") and not (
                        venv_bin / f"{words[2]}-{words[3]}").exists():
                    problems.append(f"`{span}`: {words[2]} has no subcommand {words[3]}")
        if words[0].startswith("--"):
            flag = words[0].split("=", 1)[0]
            if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", options):
                problems.append(f"`{span}`: neither pip install nor jupyter lab has {flag}")
    return problems


# -- skipping, or failing under CI ------------------------------------------------------------
def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``; under CI (``CI`` set, as .ci/run does) fail instead, so that CI
    cannot pass without having run the page's commands."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set: the setup page's commands must run, so this is a "
                    "failure)", pytrace=False)
    pytest.skip(reason)


def test_ci_makes_a_missing_git_a_failure(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        skip_or_fail("git is not installed")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        skip_or_fail("git is not installed")


# -- 1. the plain POSIX commands, in a fresh clone ----------------------------------------------
def locked_for(lock_text: str, environment: dict[str, str]) -> dict[str, str]:
    """The lock's pins that apply in ``environment`` (the marker values of the venv's Python,
    which need not be the Python running the tests), by name."""
    pins = {}
    for line in lock_text.splitlines():
        found = _PIN.match(line.strip())
        if found and (found[3] is None or Marker(found[3]).evaluate(environment)):
            pins[canonicalize_name(found[1])] = found[2]
    return pins


def freeze_against_lock(freeze: str, pins: dict[str, str]) -> tuple[list[str], list[str]]:
    """``pip freeze`` output checked against the lock: (packages compared, problems in words)."""
    compared, problems = [], []
    for line in freeze.splitlines():
        if "==" not in line or line.startswith(("-e ", "#")):
            continue
        name, version = line.split("==", 1)
        name = canonicalize_name(name)
        if name not in pins:
            problems.append(f"{name}=={version} is installed but the lock does not pin it")
        elif canonicalize_name(version) != canonicalize_name(pins[name]):
            problems.append(f"{name}: installed {version}, locked {pins[name]}")
        else:
            compared.append(name)
    return compared, problems


def test_the_lock_is_read_for_the_venv_s_python():
    lock = "numpy==2.4.6 ; python_full_version < '3.12'\n    # via pandas\nnumpy==2.5.5 ; python_full_version >= '3.12'\n"
    assert locked_for(lock, {"python_full_version": "3.13.0"}) == {"numpy": "2.5.5"}
    assert locked_for(lock, {"python_full_version": "3.11.7"}) == {"numpy": "2.4.6"}


def test_a_freeze_that_strays_from_the_lock_is_caught():
    pins = {"altair": "6.3.0", "pandas": "3.1.1"}
    assert freeze_against_lock("altair==6.3.0\npandas==3.1.1\n-e git+file:///x#egg=facenumbers\n",
                               pins) == (["altair", "pandas"], [])
    _, problems = freeze_against_lock("altair==5.5.0\npandas==3.1.1\nrequests==2.0\n", pins)
    assert problems == ["altair: installed 5.5.0, locked 6.3.0",
                        "requests==2.0 is installed but the lock does not pin it"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(scratch: Path) -> dict[str, str]:
    """This machine's environment for a learner's fresh start: a new HOME (so no user setting
    of pip or Jupyter applies), pip's cache in ``scratch``, no venv of this test run on PATH."""
    leave_out = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_CACHE_DIR", "CONDA_PREFIX")
    env = {key: value for key, value in os.environ.items()
           if key not in leave_out and not key.startswith(("JUPYTER", "FACENUMBERS_"))}
    ours = {str(Path(sys.executable).parent), str(ROOT / ".venv" / "bin")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p not in ours)
    (scratch / "home").mkdir()
    env.update(HOME=str(scratch / "home"), PIP_CACHE_DIR=str(scratch / "pip-cache"),
               XDG_CACHE_HOME=str(scratch / "home" / ".cache"),
               XDG_CONFIG_HOME=str(scratch / "home" / ".config"))
    return env


def _serve_lesson_00(clone: Path, env: dict[str, str], lab_line: str) -> None:
    """Start JupyterLab as the page's last line says (plus --no-browser and a free port), wait
    until it answers, fetch Lesson 00 with the token it printed, and stop it by its PID."""
    words = shlex.split(lab_line)
    assert words[:4] == [".venv/bin/python", "-m", "jupyter", "lab"], lab_line
    command = [*words, "--no-browser", f"--port={_free_port()}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # as `make lab` does for root (containers, CI)
    process = subprocess.Popen(command, cwd=clone, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                               errors="replace")
    lines: list[str] = []

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while True:
            printed = _LAB_URL.search("".join(lines))
            if printed or process.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert printed, "JupyterLab printed no address with a token:\n" + "".join(lines[-30:])
        port, path, token = printed.groups()
        assert path == "/lab/tree/lessons/00-start-here.ipynb", path  # the page's default_url
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                with _NO_PROXY.open(urllib.request.Request(
                        f"{base}/api/status", headers={"Authorization": f"token {token}"}), timeout=5):
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "".join(lines[-30:])
                time.sleep(0.2)
        with _NO_PROXY.open(f"{base}{path}?token={token}", timeout=60) as response:
            assert response.status == 200 and "JupyterLab" in response.read().decode()
        with _NO_PROXY.open(urllib.request.Request(  # root_dir=.: the lesson is in the folder served
                f"{base}/api/contents/lessons/00-start-here.ipynb?content=0",
                headers={"Authorization": f"token {token}"}), timeout=30) as response:
            assert json.loads(response.read())["type"] == "notebook"
        with pytest.raises(urllib.error.HTTPError) as refused:  # the token is needed
            _NO_PROXY.open(f"{base}/api/contents/lessons/00-start-here.ipynb?content=0", timeout=30)
        assert refused.value.code == 403
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)  # Jupyter shuts down cleanly on SIGTERM
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(10)
        reader.join(5)


def test_the_plain_posix_commands_install_and_open_the_course_in_a_fresh_clone(tmp_path):
    git = shutil.which("git")
    if git is None:
        skip_or_fail("git is not installed: the setup page's commands run in a fresh clone")
    *install, lab_line = blocks(page_text())["posix-plain"]
    env = _environment(tmp_path)
    python = shlex.split(install[0])[0]
    if shutil.which(python, path=env["PATH"]) is None:
        skip_or_fail(f"{python} is not on PATH: the page's first command needs it")
    new_enough = subprocess.run([python, "-c", "import sys; print(sys.version_info >= (3, 11))"],
                                env=env, capture_output=True, text=True)
    if new_enough.stdout.strip() != "True":
        skip_or_fail(f"{python} here is older than Python 3.11, which the page asks for")

    clone = tmp_path / "face-the-numbers"
    subprocess.run([git, "clone", "--quiet", str(ROOT), str(clone)], check=True, capture_output=True)
    shell = shutil.which("bash") or "sh"
    started = time.monotonic()
    result = subprocess.run([shell, "-e", "-u", "-c", "\n".join(install)], cwd=clone, env=env,
                            capture_output=True, text=True, errors="replace", timeout=1800)
    install_s = time.monotonic() - started
    assert result.returncode == 0, (f"the page's install commands failed:\n{result.stdout[-3000:]}"
                                    f"\n{result.stderr[-3000:]}")
    print(f"the page's install commands took {install_s:.0f} s")

    venv_python = clone / ".venv" / "bin" / "python"
    imported = subprocess.run(
        [venv_python, "-c", "import facenumbers, facenumbers.calculators, jupyterlab, ipywidgets; "
                            "print(facenumbers.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert Path(imported.stdout.strip()).is_relative_to(clone / "src"), imported.stdout  # -e .

    markers = json.loads(subprocess.run(
        [venv_python, "-c", "import json; from packaging.markers import default_environment; "
                            "print(json.dumps(default_environment()))"],
        env=env, capture_output=True, text=True, check=True).stdout)
    pins = locked_for((clone / LOCK).read_text(), markers)
    freeze = subprocess.run([venv_python, "-m", "pip", "freeze", "--all"], env=env,
                            capture_output=True, text=True, check=True).stdout
    compared, problems = freeze_against_lock(freeze, pins)
    assert problems == [], problems
    assert {"pip", "setuptools", "jupyterlab", "ipywidgets", "altair", "pandas", "numpy",
            "vl-convert-python", "anywidget"} <= set(compared), compared
    assert len(compared) >= 60, compared

    promised = re.search(r"It prints `(.+?)\.\.\.`", page_text())
    assert promised, "the page says what the check command prints"
    for line in blocks(page_text())["check-posix"]:
        ran = subprocess.run(shlex.split(line), cwd=clone, env=env, capture_output=True, text=True,
                             timeout=300)
        assert ran.returncode == 0, ran.stderr[-3000:]
        assert ran.stdout.startswith(promised.group(1)), (ran.stdout, promised.group(1))
    helped = subprocess.run([clone / ".venv" / "bin" / "facenumbers", "--help"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0 and "submit" in helped.stdout, helped.stderr

    _serve_lesson_00(clone, env, lab_line)


# -- 2. no drift: Makefile, POSIX, Windows, and the blocks that repeat them -------------------------
def test_the_posix_commands_are_what_make_lab_runs(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml", LOCK, "requirements/build.in",
                 "package.json", "package-lock.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    dry = subprocess.run(["make", "-n", "--no-print-directory", "lab", "PYTHON=python3"], cwd=tmp_path, capture_output=True,
                         text=True, check=True).stdout
    make_steps = []
    for line in dry.replace("\\\n", " ").splitlines():
        if not line.strip() or line.split()[0] in ("echo", "touch"):
            continue
        words = shlex.split(line)
        words = [w for w in words if w not in ("--quiet", "--allow-root")]  # output, and root only
        if words[0] == ".venv/bin/jupyter":
            words[:1] = [".venv/bin/python", "-m", "jupyter"]
        make_steps.append(shlex.join(words))
    page = blocks(page_text())["posix-plain"]
    assert steps(page, "posix") == steps(make_steps, "posix"), (page, make_steps)
    # and a page that left out a step's argument would be caught
    doctored = [line.replace(" --no-build-isolation", "") for line in page]
    assert steps(doctored, "posix") != steps(make_steps, "posix")


def test_the_windows_blocks_are_the_posix_steps():
    found = blocks(page_text())
    posix = found["posix-plain"]
    for name in ("windows-powershell", "windows-cmd"):
        assert differences(posix, found[name]) == [], (name, differences(posix, found[name]))
        for line in found[name][1:]:
            assert line.startswith(".venv\\Scripts\\python -m "), (name, line)  # no activation
        assert f"--constraint {LOCK.replace('/', chr(92))}" in found[name][1]
    assert powershell_splits(found["windows-powershell"]) == []


def test_a_doctored_windows_block_is_caught():
    found = blocks(page_text())
    posix, windows = found["posix-plain"], found["windows-powershell"]
    without_lock = [line.replace(r"--constraint requirements\lock.txt ", "") for line in windows]
    assert without_lock != windows
    problems = differences(posix, without_lock)
    assert any(p.startswith("step 2:") for p in problems) and any(p.startswith("step 3:") for p in problems)
    activated = [windows[0], r".venv\Scripts\activate", *[line.replace(r".venv\Scripts\python", "python")
                                                          for line in windows[1:]]]
    assert differences(posix, activated)
    assert differences(posix, [line.replace("py -3.11 -m venv", "python -m venv") for line in windows])
    assert differences(posix, windows[:-1])  # a missing step
    assert differences(posix, [line.replace(".venv\\", ".venv/") for line in windows])  # cmd.exe cannot run it
    assert powershell_splits(['.venv\\Scripts\\python -m pip install -Dname.x=1']) == ["-Dname.x=1"]
    assert powershell_splits(['py -3.11 -m venv .venv', '"-Dname.x=1" --ip=127.0.0.1']) == []


def test_windows_words_follow_python_s_own_splitting():
    assert windows_words(r'.venv\Scripts\python -c "import a; print(1)" x') == [
        r".venv\Scripts\python", "-c", "import a; print(1)", "x"]
    assert windows_words('--ip="127.0.0.1"  --port=9000') == ["--ip=127.0.0.1", "--port=9000"]


def test_the_blocks_that_repeat_the_install_repeat_it_exactly():
    found = blocks(page_text())
    posix, windows = found["posix-plain"], found["windows-cmd"]
    assert found["again-posix"] == posix[-1:]
    assert steps(found["again-windows"], "windows") == steps(windows[-1:], "windows")
    assert found["update-posix"] == ["git pull", *posix[1:3]]
    assert steps(found["update-windows"], "windows") == steps(["git pull", *windows[1:3]], "windows")
    assert steps(found["check-windows"], "windows") == steps(found["check-posix"], "posix")
    assert found["posix-make"] == ["make lab"]
    # a doctored copy: an update that forgets the lock is caught
    doctored = page_text().replace("git pull\n.venv/bin/python -m pip install --constraint requirements/lock.txt",
                                   "git pull\n.venv/bin/python -m pip install")
    assert blocks(doctored)["update-posix"] != ["git pull", *posix[1:3]]


# -- 3. conda --------------------------------------------------------------------------------------
def conda_problems(block: list[str], environment_yml: str, posix: list[str]) -> list[str]:
    """What is wrong with the page's conda block, given environment.yml, in words."""
    named = re.search(r"^name:\s*(\S+)", environment_yml, re.MULTILINE)
    problems = []
    if block[0] != "conda env create -f environment.yml":
        problems.append(f"the conda block should create from environment.yml: {block[0]!r}")
    if named is None or f"conda activate {named.group(1)}" not in block:
        problems.append(f"the conda block should activate {named.group(1) if named else '?'}")
    if shlex.split(block[-1])[1:] != shlex.split(posix[-1])[1:] or shlex.split(block[-1])[0] != "python":
        problems.append("the conda block's JupyterLab line differs from the POSIX block's")
    return problems


def test_the_conda_block_names_environment_yml_and_its_environment():
    found = blocks(page_text())
    environment_yml = (ROOT / "environment.yml").read_text()
    assert conda_problems(found["conda"], environment_yml, found["posix-plain"]) == []
    assert "--constraint requirements/lock.txt" in environment_yml  # "from the same lock"
    renamed = environment_yml.replace("name: facenumbers", "name: face-the-numbers")
    assert conda_problems(found["conda"], renamed, found["posix-plain"])
    assert conda_problems(["conda env create -f env.yml", *found["conda"][1:]], environment_yml,
                          found["posix-plain"])


# -- 4. the failures table ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def options() -> str:
    """What ``pip install --help`` and ``jupyter lab --help-all`` list."""
    return help_text("pip", "install") + help_text("jupyter", "lab")


def test_every_command_in_the_failures_table_exists(options):
    spans = table_code(page_text())
    assert any(s.startswith("make ") for s in spans) and any(s.startswith("--") for s in spans)
    makefile = (ROOT / "Makefile").read_text()
    venv_bin = Path(sys.executable).parent
    assert unknown_commands(spans, makefile, facenumbers_subcommands(), options, venv_bin) == []
    doctored = ["make labb", "make lab PYTON=python3.12", "facenumbers doctor", "--prot=9000",
                ".venv/bin/pyhton -m pip", r".venv\Scripts\python -m jupyter lap --version",
                ".venv/bin/python -m jupiter lab"]
    problems = unknown_commands(doctored, makefile, facenumbers_subcommands(), options, venv_bin)
    assert len(problems) == len(doctored), problems


def _in_package(text: str, folder: Path, pattern: str) -> bool:
    return any(text in path.read_text(encoding="utf-8", errors="replace")
               for path in folder.glob(pattern) if path.is_file())


def test_the_messages_the_table_quotes_are_the_ones_printed():
    import jupyter_server
    import pip

    text = page_text()
    table = text.split("## When something fails", 1)[1]
    server = Path(jupyter_server.__file__).parent
    widgets = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets"
    quoted = {
        "The port 8888 is already in use, trying another port.":
            ("The port %i is already in use, trying another port.", server, "serverapp.py"),
        "Running as root is not recommended. Use --allow-root to bypass.":
            ("Running as root is not recommended. Use --allow-root to bypass.", server, "serverapp.py"),
        "Or copy and paste one of these URLs:": ("Or copy and paste one of these URLs:", server, "serverapp.py"),
        "Error displaying widget: model not found":
            ("Error displaying widget: model not found", widgets, "**/static/*.js"),
        "requires a different Python:": ("requires a different Python:", Path(pip.__file__).parent, "**/*.py"),
    }
    for shown, (source, folder, pattern) in quoted.items():
        assert shown in table, shown
        assert _in_package(source, folder, pattern), (shown, folder)
    assert not _in_package("Error displaying widget: model is gone", widgets, "**/static/*.js")  # can fail

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert f"not in '{requires}'`" in table, requires

    from facenumbers.calculators import alarm

    message = re.search(r"`(Hit rate: [^`]+)`", table)
    assert message, "the table quotes a calculator's message about a value out of range"
    typed = re.search(r"you entered (.+)\.$", message.group(1)).group(1)
    with pytest.raises(ValueError) as refused:
        alarm().inputs["hit_rate"].validate(typed)
    assert str(refused.value) == message.group(1)
    assert str(refused.value) != message.group(1).replace("from 0% to 100%", "between 0 and 1")


# -- the page's own shape ----------------------------------------------------------------------------
def test_every_block_the_tests_read_is_on_the_page():
    assert set(blocks(page_text())) == {
        "posix-make", "posix-plain", "windows-powershell", "windows-cmd", "conda", "check-posix",
        "check-windows", "again-posix", "again-windows", "update-posix", "update-windows"}
    assert blocks("<!-- setup:x -->\n```bash\n# a comment\nmake lab\n\n```\n") == {"x": ["make lab"]}
    with pytest.raises(AssertionError, match="two blocks"):
        blocks("<!-- setup:x -->\n```\na\n```\n<!-- setup:x -->\n```\nb\n```\n")
