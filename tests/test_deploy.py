"""The deploy/ folder: the Zero to JupyterHub values, the course image, and the guide's manifests.

Nothing here needs a cluster, Docker or the network. The values and the YAML blocks of
deploy/README.md are parsed and their key paths checked against the chart's documented keys
(tests/data/z2jh-documented-keys.txt); the hub's start-up Python in the values is run against
a stand-in configuration; deploy/image/build.sh stages its build context into a temporary
folder (no repo2docker), and pip resolves the staged course with the lock's pins offline.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
VALUES = DEPLOY / "zero-to-jupyterhub" / "values.yaml"
GUIDE = DEPLOY / "README.md"
BUILD = DEPLOY / "image" / "build.sh"
DOCUMENTED = ROOT / "tests" / "data" / "z2jh-documented-keys.txt"
LOCK = ROOT / "requirements" / "lock.txt"
CHART_VERSION = "4.4.0"
#: Every field KubeSpawner fills into its templates ({username} and the rest), kubespawner 7.
KUBESPAWNER_FIELDS = ("userid", "unescaped_username", "unescaped_servername", "hubnamespace",
                      "username", "servername", "user_server", "safe_username",
                      "safe_servername", "safe_user_server", "escaped_username",
                      "escaped_servername", "escaped_user_server", "pod_name", "pvc_name",
                      "namespace")
#: What nbgrader's markers look like in a notebook that holds answers or hidden tests.
ANSWER_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")


# ---- reading the files --------------------------------------------------------------------

def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def guide_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)


def site_values() -> dict:
    (site,) = [block for block in guide_blocks() if block.startswith("# site.yaml")]
    return yaml.safe_load(site)


def manifests() -> list[dict]:
    return [doc for block in guide_blocks() for doc in yaml.safe_load_all(block)
            if isinstance(doc, dict) and "kind" in doc]


def build_setting(name: str) -> str:
    """A NAME=value line of build.sh."""
    match = re.search(rf"^{name}=(\S+)$", BUILD.read_text(encoding="utf-8"), flags=re.M)
    assert match, f"build.sh sets no {name}"
    return match.group(1)


def build_list(name: str) -> tuple[str, ...]:
    """A NAME=(a b c) line of build.sh."""
    match = re.search(rf"^{name}=\(([^)]*)\)$", BUILD.read_text(encoding="utf-8"), flags=re.M)
    assert match, f"build.sh sets no list {name}"
    return tuple(match.group(1).split())


def documented() -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """The chart's documented key paths, and the ones open to any key below them."""
    paths, open_nodes = set(), set()
    for line in DOCUMENTED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith(".*"):
            open_nodes.add(tuple(line[:-2].split(".")))
        else:
            paths.add(tuple(line.split(".")))
    return paths, open_nodes


def key_paths(tree: dict, prefix: tuple[str, ...] = ()):
    """Every key path of a values tree (lists are leaves: their items are not chart keys)."""
    for key, value in tree.items():
        path = prefix + (str(key),)
        yield path
        if isinstance(value, dict):
            yield from key_paths(value, path)


def undocumented(tree: dict) -> list[str]:
    paths, open_nodes = documented()
    missing = []
    for path in key_paths(tree):
        below_open = any(path[:i] in open_nodes for i in range(1, len(path)))
        if path not in paths and not below_open:
            missing.append(".".join(path))
    return missing


def lock_pins() -> dict[str, str]:
    """The lock's version of each package, for this Python and platform (as the image's)."""
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            (spec,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def stage(dest: Path, *args: str, script: Path = BUILD) -> Path:
    result = subprocess.run(["bash", str(script), *args, "--stage-only", str(dest)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return dest


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    """The build context of the tracked files as they are on disk (build.sh --working-tree)."""
    return stage(tmp_path_factory.mktemp("image") / "context", "--working-tree")


# ---- (a) the files parse ------------------------------------------------------------------

def test_the_values_and_the_guides_yaml_parse():
    tree = values()
    assert {"hub", "singleuser", "scheduling", "prePuller", "cull"} <= set(tree)
    assert len(guide_blocks()) >= 4 and site_values()
    kinds = sorted(doc["kind"] for doc in manifests())
    assert kinds == ["Job", "Job", "Job", "NetworkPolicy", "PersistentVolumeClaim"]


def test_the_chart_version_is_the_one_everything_names():
    for path in (VALUES, GUIDE, DOCUMENTED):
        text = path.read_text(encoding="utf-8")
        assert re.search(rf"version\W+{re.escape(CHART_VERSION)}\b", text), path
    assert f"--version {CHART_VERSION}" in GUIDE.read_text(encoding="utf-8")


# ---- (b) every key is one the chart documents ---------------------------------------------

@pytest.mark.parametrize("name", ["values.yaml", "site.yaml"])
def test_every_key_is_one_the_chart_documents(name):
    tree = values() if name == "values.yaml" else site_values()
    assert undocumented(tree) == [], (
        f"{name} uses keys that chart {CHART_VERSION} does not document (or that are missing "
        f"from {DOCUMENTED.name}: add them only after finding them in values.schema.yaml)")


def test_a_misspelt_key_is_caught_and_free_form_maps_are_not():
    tree = copy.deepcopy(values())
    tree["singleuser"]["memory"]["limt"] = "2G"
    tree["cul"] = {"timeout": 3600}
    tree["singleuser"]["storage"]["capacty"] = "1Gi"
    assert undocumented(tree) == ["singleuser.memory.limt", "singleuser.storage.capacty", "cul", "cul.timeout"]
    free = copy.deepcopy(values())
    free["hub"]["config"]["Authenticator"] = {"admin_users": ["ab1234"]}
    free["singleuser"]["extraEnv"]["ANY_NAME"] = "1"
    assert undocumented(free) == []


# ---- the hub's start-up Python ------------------------------------------------------------

def run_extra_config(image: object) -> object:
    """Run values.yaml's hub.extraConfig as the hub would, after the chart's own settings."""
    from traitlets.config import Config

    c = Config()
    if image is not None:
        c.KubeSpawner.image = image
    blocker = {"name": "block-cloud-metadata", "image": "k8s-network-tools:4.4.0"}  # the chart's own
    c.KubeSpawner.init_containers = copy.deepcopy(values()["singleuser"]["initContainers"]) + [blocker]
    for name, code in sorted(values()["hub"]["extraConfig"].items()):
        exec(compile(code, name, "exec"), {"c": c})
    return c


def test_the_hub_refuses_the_charts_sample_image():
    for image in (None, "quay.example/jupyterhub/k8s-singleuser-sample:4.4.0"):
        with pytest.raises(SystemExit, match="site.yaml"):
            run_extra_config(image)


def test_the_init_containers_run_the_course_image():
    image = "registry.uni.example/teaching/face-the-numbers:2026-autumn"
    starters = run_extra_config(image).KubeSpawner.init_containers
    assert [s["image"] for s in starters] == [image, "k8s-network-tools:4.4.0"]


def test_instructors_and_only_instructors_see_every_hand_in():
    hook = run_extra_config("registry.uni.example/course:1").KubeSpawner.pre_spawn_hook
    volume_names = {v["name"] for v in values()["singleuser"]["storage"]["extraVolumes"].values()}
    for mounts in ({"home": {"name": "home", "mountPath": "/home/jovyan"}},
                   [{"name": "home", "mountPath": "/home/jovyan"}]):
        student = SimpleNamespace(user=SimpleNamespace(admin=False), volume_mounts=copy.deepcopy(mounts))
        hook(student)
        assert student.volume_mounts == mounts
        instructor = SimpleNamespace(user=SimpleNamespace(admin=True), volume_mounts=copy.deepcopy(mounts))
        hook(instructor)
        added = (list(instructor.volume_mounts.values()) if isinstance(mounts, dict)
                 else instructor.volume_mounts)[-1]
        assert added == {"name": "hand-ins", "mountPath": "/srv/all-hand-ins", "readOnly": True}
        assert added["name"] in volume_names and len(instructor.volume_mounts) == 2


# ---- the pieces agree ---------------------------------------------------------------------

def test_the_hand_in_folders_line_up():
    single = values()["singleuser"]
    inbox = single["extraEnv"]["FACENUMBERS_INBOX"]
    (volume,) = single["storage"]["extraVolumes"].values()
    (mount,) = single["storage"]["extraVolumeMounts"].values()
    claim = volume["persistentVolumeClaim"]["claimName"]
    # Each student's folder of the shared volume is $FACENUMBERS_INBOX/<login>, and the login
    # is KubeSpawner's {username}, the name of the folder.
    assert mount == {"name": volume["name"], "mountPath": f"{inbox}/{{username}}", "subPath": "{username}"}
    assert single["extraEnv"]["LOGNAME"] == "{username}"
    (pvc,) = [m for m in manifests() if m["kind"] == "PersistentVolumeClaim"]
    assert pvc["metadata"]["name"] == claim and pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    # The init container makes exactly that folder, as the student's user.
    (make,) = single["initContainers"]
    (whole,) = make["volumeMounts"]
    assert whole["name"] == volume["name"] and "subPath" not in whole
    assert make["command"] == ["mkdir", "-p", f"{whole['mountPath']}/{{username}}"]
    assert make["securityContext"]["runAsUser"] == int(build_setting("IMAGE_UID"))


def test_a_hand_in_lands_in_the_students_mounted_folder(tmp_path, monkeypatch, capsys):
    """`facenumbers submit` in a student's pod, with the environment values.yaml gives it
    (KubeSpawner fills {username} in, here with ab1234): the copy goes to the mounted folder."""
    from facenumbers.cli import main

    single = values()["singleuser"]
    inbox = tmp_path / "srv" / "hand-in"
    mounted = Path(single["storage"]["extraVolumeMounts"]["hand-in"]["mountPath"].format(username="ab1234"))
    monkeypatch.setenv("FACENUMBERS_INBOX", str(inbox))
    monkeypatch.setenv("LOGNAME", single["extraEnv"]["LOGNAME"].format(username="ab1234"))
    monkeypatch.setenv("USER", "jovyan")
    assert main(["submit", str(ROOT / "exercises" / "04-base-rates.ipynb")]) == 0
    capsys.readouterr()
    landed = sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*.ipynb"))
    assert landed == ["ab1234/04-base-rates.ipynb"]
    assert mounted.relative_to(single["extraEnv"]["FACENUMBERS_INBOX"]).as_posix() == "ab1234"


def test_each_server_delivers_the_course_then_starts_as_on_make_hub():
    """The same start as make hub's: facenumbers.hub.singleuser copies FACENUMBERS_COURSE into
    ~/face-the-numbers, then becomes jupyterhub-singleuser; students land on the first lesson."""
    import importlib.util

    from facenumbers.hub import config, running

    single = values()["singleuser"]
    assert single["cmd"] == ["python", "-P", "-m", "facenumbers.hub.singleuser"]
    assert importlib.util.find_spec("facenumbers.hub.singleuser") is not None
    assert single["extraEnv"]["FACENUMBERS_COURSE"] == (
        build_setting("REPO_DIR_IN_IMAGE") + "/" + build_setting("COURSE_RELEASE"))
    assert build_list("COURSE_PARTS") == tuple(running.COURSE_PARTS)
    assert single["defaultUrl"] == config.DEFAULT_URL
    assert single["storage"]["homeMountPath"] == "/home/" + build_setting("IMAGE_USER")
    assert values()["hub"]["config"]["KubeSpawner"]["working_dir"] == single["storage"]["homeMountPath"]


def test_kubespawner_can_fill_in_every_template():
    """KubeSpawner runs str.format on these strings: a stray brace would fail every spawn."""
    single = values()["singleuser"]
    fields = {name: "x" for name in KUBESPAWNER_FIELDS}

    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    for part in (single["initContainers"], single["extraEnv"], single["storage"]):
        for text in strings(part):
            text.format(**fields)


def grading_containers() -> list[tuple[dict, dict]]:
    found = []
    for job in (m for m in manifests() if m["kind"] == "Job"):
        for container in job["spec"]["template"]["spec"]["containers"]:
            if container["name"] == "grade":
                found.append((job, container))
    return found


def test_every_manifest_runs_the_image_named_in_the_site_file():
    site_image = "{name}:{tag}".format(**site_values()["singleuser"]["image"])
    for job in (m for m in manifests() if m["kind"] == "Job"):
        for container in job["spec"]["template"]["spec"]["containers"]:
            assert container["image"] == site_image, job["metadata"]["name"]


def test_the_grading_jobs_use_as_many_workers_as_cpus_and_read_the_whole_volume():
    claim = next(iter(values()["singleuser"]["storage"]["extraVolumes"].values()))["persistentVolumeClaim"]
    (offline,) = [m for m in manifests() if m["kind"] == "NetworkPolicy"]
    assert offline["spec"]["policyTypes"] == ["Egress"] and offline["spec"]["egress"] == []
    assert len(grading_containers()) == 2
    for job, container in grading_containers():
        spec = job["spec"]["template"]["spec"]
        name = job["metadata"]["name"]
        labels = job["spec"]["template"]["metadata"]["labels"]
        assert offline["spec"]["podSelector"]["matchLabels"].items() <= labels.items(), name
        resources = container["resources"]
        assert resources["requests"]["cpu"] == resources["limits"]["cpu"]
        command, env = container["command"], {e["name"]: e["value"] for e in container.get("env", [])}
        jobs = env["JOBS"] if "JOBS" in env else command[command.index("--jobs") + 1]
        assert jobs == resources["limits"]["cpu"], name
        volumes = {v["name"]: v for v in spec["volumes"]}
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        # The whole volume, read-only (the students' code runs here), and its .grades/ to write.
        whole, grades = mounts["/srv/hand-ins"], mounts["/srv/grades"]
        assert whole["readOnly"] is True and "subPath" not in whole
        assert grades["subPath"] == ".grades" and not grades.get("readOnly")
        assert volumes[whole["name"]]["persistentVolumeClaim"] == claim == volumes[grades["name"]]["persistentVolumeClaim"]
        assert volumes[mounts["/srv/answer-key/solutions"]["name"]]["secret"]
        assert spec["securityContext"]["runAsUser"] == int(build_setting("IMAGE_UID"))
        if "GRADES" in env:
            assert env["GRADES"] == "/srv/grades" and env["HAND_INS"] == "/srv/hand-ins"
    job, container = grading_containers()[0]
    command = container["command"]
    assert command[:3] == ["facenumbers", "grade", "/srv/hand-ins"]
    assert command[command.index("--course") + 1] == "/srv/answer-key"
    assert command[command.index("--out") + 1] == "/srv/grades/" + command[command.index("--assignment") + 1]


def test_the_section_script_grades_one_section_against_its_own_roster(tmp_path):
    (job, container), = [(j, c) for j, c in grading_containers() if j["spec"].get("completionMode") == "Indexed"]
    python, flag, script = container["command"]
    assert (python, flag) == ("python", "-c")
    hand_ins, grades, work, bin_dir = (tmp_path / name for name in ("hand-ins", "grades", "work", "bin"))
    for student in ("ab1234", "cd5678", "ef9012", "zz0000"):
        (hand_ins / student).mkdir(parents=True)
        (hand_ins / student / "04-base-rates.ipynb").write_text("{}", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,ID,Section\nab1234,1,Monday A\ncd5678,2,Tuesday B\n"
                      "ef9012,3,Tuesday B\ngh3456,4,Tuesday B\n", encoding="utf-8")
    bin_dir.mkdir()
    fake = bin_dir / "facenumbers"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_FILE"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {e["name"]: e["value"] for e in container["env"]}
    env.update(HAND_INS=str(hand_ins), GRADES=str(grades), ROSTER=str(roster), WORK=str(work), JOB_COMPLETION_INDEX="1",
               ARGS_FILE=str(tmp_path / "args.txt"), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    args = (tmp_path / "args.txt").read_text(encoding="utf-8").splitlines()
    assert args[:2] == ["grade", str(work / "hand-ins")]
    # Section 1 is "Tuesday B": its two students who handed in, and no one else.
    assert sorted(p.name for p in (work / "hand-ins").iterdir()) == ["cd5678", "ef9012"]
    assert args[args.index("--out") + 1] == str(grades / "04-base-rates" / "section-Tuesday_B")
    assert args[args.index("--jobs") + 1] == container["resources"]["limits"]["cpu"]
    from facenumbers.roster import read_roster

    section_roster = read_roster(args[args.index("--roster") + 1])
    assert [(e.student, e.section) for e in section_roster] == [
        ("cd5678", "Tuesday B"), ("ef9012", "Tuesday B"), ("gh3456", "Tuesday B")]


def test_a_students_own_module_cannot_break_the_start(tmp_path):
    """The server starts in the student's home, where a json.py of theirs would shadow the
    standard library for `python -m`; the -P of singleuser.cmd keeps it out (checked on the
    delivery module, which imports json, with and without the flag)."""
    (tmp_path / "json.py").write_text('raise SystemExit("the student\'s json.py was imported")\n')
    flags = values()["singleuser"]["cmd"][1:-1]
    run = [sys.executable, *flags, "facenumbers.hub.delivery"]
    assert subprocess.run(run, cwd=tmp_path, capture_output=True, timeout=60).returncode == 0
    without = [sys.executable, "-m", "facenumbers.hub.delivery"]
    assert subprocess.run(without, cwd=tmp_path, capture_output=True, timeout=60).returncode != 0


# ---- (c) the image installs from the lock, and holds no answers ---------------------------

def test_the_staged_context_has_the_binder_files(staged):
    binder = staged / "binder"
    assert sorted(p.name for p in binder.iterdir()) == ["postBuild", "runtime.txt"]
    assert (binder / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    assert (binder / "postBuild").stat().st_mode & stat.S_IXUSR
    assert not (staged / ".binder").exists()


def test_the_staged_context_holds_the_students_copy_of_the_course(staged):
    release = staged / build_setting("COURSE_RELEASE")
    assert sorted(p.name for p in release.iterdir()) == sorted(build_list("COURSE_PARTS"))
    for part in build_list("COURSE_PARTS"):
        copied = sorted(p.relative_to(release).as_posix() for p in (release / part).rglob("*") if p.is_file())
        source = sorted(p.relative_to(staged).as_posix() for p in (staged / part).rglob("*") if p.is_file())
        assert copied == source and copied
        for name in copied:
            assert (release / name).read_bytes() == (staged / name).read_bytes()


def test_the_staged_context_holds_no_solutions_and_no_tests(staged):
    for path in ("solutions", "tests", "docs/instructor-guide.md", "docs/maintainers", "deploy", ".git"):
        assert not (staged / path).exists(), path
    assert sorted(p.name for p in (staged / "exercises").glob("*.ipynb"))
    assert (staged / "lessons" / "00-start-here.ipynb").is_file()
    for notebook in staged.rglob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        for marker in ANSWER_MARKERS:
            assert marker not in text, f"{notebook.relative_to(staged)} holds {marker!r}"


def test_the_image_installs_the_hub_extra_from_the_lock(staged):
    assert (staged / "requirements" / "lock.txt").read_bytes() == LOCK.read_bytes()
    installs = [line for line in (staged / "binder" / "postBuild").read_text(encoding="utf-8").splitlines()
                if "pip install" in line and not line.lstrip().startswith("#")]
    assert len(installs) == 2
    for line in installs:
        assert "--constraint requirements/lock.txt" in line, line
    assert installs[1].endswith("--no-build-isolation '.[hub]'"), installs[1]
    project = tomllib.loads((staged / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    hub = [Requirement(r) for r in project["optional-dependencies"]["hub"]]
    assert {"jupyterhub", "jupyterhub-firstuseauthenticator"} <= {canonicalize_name(r.name) for r in hub}
    pins = lock_pins()
    for requirement in [Requirement(r) for r in project["dependencies"]] + hub + [Requirement("pip"),
                                                                                  Requirement("setuptools")]:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in the lock: it would float in the image"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])


def test_pip_resolves_the_staged_course_with_the_locks_pins_offline(staged, tmp_path):
    """pip, offline (--no-index), resolves the staged course's hub extra under the lock: every
    package it needs is already here at a version the lock allows, so nothing is fetched."""
    context = shutil.copytree(staged, tmp_path / "context", symlinks=True)
    report = tmp_path / "report.json"
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--quiet",
         "--disable-pip-version-check", "--no-build-isolation",
         "--constraint", "requirements/lock.txt", ".[hub]", "--report", str(report)],
        cwd=context, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    install = json.loads(report.read_text(encoding="utf-8"))["install"]
    assert [(i["metadata"]["name"], i.get("requested_extras")) for i in install] == [("facenumbers", ["hub"])]


def test_a_committed_revision_stages_the_same_context(staged, tmp_path):
    """The default build (git archive of a revision) gives what --working-tree gives, when the
    revision holds the same files. A throwaway clone gets this folder's tracked files as they
    are on disk; its tree (never a commit) is what build.sh --ref stages."""
    clone = tmp_path / "clone"
    git = ["git", "-c", "core.autocrlf=false"]
    subprocess.run([*git, "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=60)
    tracked = subprocess.run([*git, "-C", str(ROOT), "ls-files", "-z"], check=True, capture_output=True,
                             timeout=60).stdout.decode().split("\0")
    for name in filter(None, tracked):
        source, target = ROOT / name, clone / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif target.exists():
            target.unlink()
    shutil.copytree(DEPLOY, clone / "deploy", dirs_exist_ok=True)
    subprocess.run([*git, "-C", str(clone), "add", "--all"], check=True, timeout=60)
    tree = subprocess.run([*git, "-C", str(clone), "write-tree"], check=True, capture_output=True, text=True,
                          timeout=60).stdout.strip()
    from_ref = stage(tmp_path / "from-ref", "--ref", tree, script=clone / "deploy" / "image" / "build.sh")

    def contents(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert contents(from_ref) == contents(staged)


def test_staging_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "left-over.txt").write_text("x", encoding="utf-8")
    result = subprocess.run(["bash", str(BUILD), "--working-tree", "--stage-only", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "not empty" in result.stderr
