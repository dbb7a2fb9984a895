"""A class on JupyterHub, end to end on this machine: 20 students at once, then what each
student can and cannot reach.

The hub is real (JupyterHub, configurable-http-proxy, the first-use authenticator, one system
account per student); the students are :mod:`facenumbers.hub.rehearsal`'s, through the real
login page; one more logs in with Chromium. Needs Linux and root (skips otherwise; fails
under CI=true). About three minutes on two cores, most of it 20 kernels running Lesson 04.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import pwd
import time
from pathlib import Path

import pytest

import hub_support as hs
from facenumbers.hub import rehearsal, running
from facenumbers.hub.grading import grade_inbox

EXERCISE = "04-base-rates/ppv"  # the same in every variant (K = 1)
#: Students who arrive at once (fewer only to debug these tests quickly; make test runs 20).
COUNT = int(os.environ.get("FACENUMBERS_HUB_TEST_STUDENTS", "20"))


@pytest.fixture(scope="module")
def class_hub():
    reason = hs.unavailable_reason()
    if reason:
        import browser_support

        browser_support.skip_or_fail(reason)
    hub = hs.start_class_hub(COUNT)
    try:
        yield hub
    finally:
        hs.stop_class_hub(hub)


@pytest.fixture(scope="module")
def worked(class_hub):
    """Every student (but the spare) at once: log in, start, run Lesson 04 and its exercises,
    answer one exercise, check it and hand in."""
    work = rehearsal.Work(exercise=EXERCISE, answer=hs.solution_answer(EXERCISE))
    started = time.monotonic()
    outcomes = rehearsal.rehearse(class_hub.plan.url, list(class_hub.students), hs.PASSWORD, work)
    class_hub.notes["seconds"] = time.monotonic() - started
    class_hub.notes["memory"] = running.memory_by_login(class_hub.students)
    return outcomes


def _run(coroutine):
    return asyncio.run(coroutine)


async def _logged_in(hub, login: str, password: str = hs.PASSWORD) -> rehearsal.Student:
    student = rehearsal.Student(hub.plan.url, login, password, timeout=120)
    await student.__aenter__()
    await student.log_in()
    return student


def test_twenty_students_log_in_at_once_run_lesson_04_and_hand_in(class_hub, worked):
    assert len(worked) == COUNT
    for outcome in worked:
        assert outcome.failure is None, outcome.failure
        assert outcome.errors == [], (outcome.login, outcome.errors)
        assert outcome.check.startswith("Correct (ppv)"), (outcome.login, outcome.check)
        hand_in = class_hub.plan.inbox / outcome.login / "04-base-rates.ipynb"
        assert f"Handed in to your instructor's inbox: {hand_in}" in outcome.handed_in, outcome.handed_in
        assert hand_in.stat().st_uid == pwd.getpwnam(outcome.login).pw_uid
        cells = json.loads(hand_in.read_text())["cells"]
        answer = next(c for c in cells if c["metadata"].get("facenumbers", {}).get("exercise") == EXERCISE)
        assert "def ppv(" in "".join(answer["source"]) and answer.get("outputs") == []
    spawns = [outcome.timings.spawn for outcome in worked]
    print(f"\n{COUNT} students: {class_hub.notes['seconds']:.0f} s in all; spawn p50 "
          f"{rehearsal.percentile(spawns, 0.5):.1f} s, p95 {rehearsal.percentile(spawns, 0.95):.1f} s")


def test_the_instructor_adds_a_student_who_then_logs_in_and_gets_an_account(class_hub, worked):
    plan = class_hub.plan
    newcomer = plan.extra["grader"].replace("gr", "nw", 1)  # a login unique to this run
    class_hub.notes["added"] = newcomer

    async def add_and_arrive():
        instructor = await _logged_in(class_hub, plan.instructor)
        try:
            xsrf = next(c.value for c in instructor.session.cookie_jar if c.key == "_xsrf")
            async with instructor.session.post(f"{plan.url}hub/api/users/{newcomer}",
                                               headers={**instructor._headers(), "X-XSRFToken": xsrf}) as answer:
                assert answer.status == 201, await answer.text()
        finally:
            await instructor.__aexit__()
        async with rehearsal.Student(plan.url, newcomer, hs.PASSWORD, timeout=300) as student:
            await rehearsal.arrive(student)
            await student.read_notebook("face-the-numbers/exercises/04-base-rates.ipynb")

    _run(add_and_arrive())
    entry = pwd.getpwnam(newcomer)  # made by the hub before the server started
    assert (plan.inbox / newcomer).stat().st_uid == entry.pw_uid
    assert plan.home_of(newcomer).stat().st_mode & 0o777 == 0o700
    assert (plan.home_of(newcomer) / "face-the-numbers" / "lessons" / "04-base-rates.ipynb").exists()


def test_the_instructor_is_the_admin_and_grades_the_inbox_with_a_row_per_student(class_hub, worked, tmp_path):
    plan = class_hub.plan

    async def users(login: str):
        student = await _logged_in(class_hub, login)
        try:
            return await student.api("GET", "/hub/api/users", expect=(200, 403))
        finally:
            await student.__aexit__()

    listed = _run(users(plan.instructor))
    admins = {user["name"] for user in listed if user["admin"]}
    assert admins == {plan.instructor}
    assert set(class_hub.students) <= {user["name"] for user in listed}
    assert "403" in json.dumps(_run(users(class_hub.students[0])))  # a student may not list the class

    assert grade_inbox(plan, "04-base-rates", tmp_path / "grades", echo=lambda *_: None) == 0
    with open(tmp_path / "grades" / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    # The spare, who never handed in, has a row too, and so has the student the instructor added.
    assert set(rows) == set(plan.students) | {class_hub.notes["added"]}
    for login in class_hub.students:
        assert rows[login]["ppv"] not in ("", "0", "0.0"), rows[login]
        assert rows[login]["ppv_cardiff"] in ("0", "0.0"), rows[login]
    assert rows[class_hub.spare]["status"] != "graded" and rows[class_hub.notes["added"]]["status"] != "graded"
    work = plan.root / "grading" / "04-base-rates"
    assert work.stat().st_uid == pwd.getpwnam(plan.extra["grader"]).pw_uid  # never root


def test_with_a_roster_each_student_works_on_their_own_variant(class_hub, worked):
    from facenumbers.assign import release

    plan = class_hub.plan
    alice, bob = class_hub.students[:2]
    personal = plan.course / "by-student"
    delivered = {login: (plan.home_of(login) / "face-the-numbers" / "exercises" / "04-base-rates.ipynb")
                 for login in class_hub.students}
    staged = {login: personal / login / "exercises" / "04-base-rates.ipynb" for login in class_hub.students}
    expected = {r.student: r.path for r in release(plan.checkout, "04-base-rates", plan.roster,
                                                     plan.root / "expected-release")}
    for login in class_hub.students:
        assert json.loads(staged[login].read_text())["cells"] == json.loads(expected[login].read_text())["cells"]
        def texts(path: Path) -> list:
            return [c["source"] for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown"]

        assert texts(delivered[login]) == texts(staged[login])  # the student got their own variant
    assert len({staged[login].read_bytes() for login in class_hub.students}) >= 2  # variants differ
    assert hs.attempt(class_hub, bob, f"open({str(staged[alice])!r}).read()") == "PermissionError"
    assert hs.attempt(class_hub, alice, f"open({str(staged[alice])!r}).read()") == "allowed"
    assert (plan.state / "variants" / "04-base-rates.csv").exists()


def test_every_server_and_kernel_listens_on_loopback_only(class_hub, worked):
    owners = set(running.processes_of(class_hub.students)) | {class_hub.process.pid, running.proxy_pid(class_hub.plan)}
    mine = [listener for listener in running.listening() if listener.pid in owners]
    # 20 servers and 40 kernels of 5 ports each, the hub and the proxy: all of them seen.
    assert len(mine) >= COUNT + 2 * COUNT * 5 + 3, len(mine)
    assert [listener for listener in mine if not listener.loopback] == []
    assert {running.Listener("0.0.0.0", 1, 1).loopback, running.Listener("::", 1, 1).loopback} == {False}


def test_a_student_cannot_read_another_students_work(class_hub, worked):
    alice, bob = class_hub.students[:2]
    notebook = class_hub.plan.home_of(alice) / "face-the-numbers" / "exercises" / "04-base-rates.ipynb"
    assert hs.attempt(class_hub, alice, f"open({str(notebook)!r}).read()") == "allowed"
    assert hs.attempt(class_hub, bob, f"open({str(notebook)!r}).read()") == "PermissionError"
    assert hs.attempt(class_hub, bob, f"import os; os.listdir({str(class_hub.plan.home_of(alice))!r})") == "PermissionError"


def test_a_student_cannot_read_the_solutions_the_hidden_tests_or_the_hubs_secrets(class_hub, worked):
    plan, bob = class_hub.plan, class_hub.students[1]
    private = [plan.checkout / "solutions" / "04-base-rates.ipynb",  # worked answers and hidden tests
               plan.checkout / "tests" / "variant_answers.py",
               next(plan.state.glob("passwords.dbm*")),
               plan.state / "jupyterhub.sqlite",
               plan.root / "grading" / "04-base-rates" / "course" / "solutions" / "04-base-rates.ipynb"]
    for path in private:
        assert path.exists(), path
        assert hs.attempt(class_hub, bob, f"open({str(path)!r}, 'rb').read()") == "PermissionError", path
    assert hs.attempt(class_hub, bob, f"open({str(plan.course / 'exercises' / '04-base-rates.ipynb')!r}).read()") == "allowed"


def test_the_inbox_is_closed_but_to_each_students_own_hand_ins(class_hub, worked):
    plan = class_hub.plan
    alice, bob = class_hub.students[:2]
    theirs = plan.inbox / alice / "04-base-rates.ipynb"
    mine = plan.inbox / bob / "04-base-rates.ipynb"
    assert hs.attempt(class_hub, bob, f"open({str(mine)!r}).read()") == "allowed"
    assert hs.attempt(class_hub, bob, f"import os; os.listdir({str(plan.inbox)!r})") == "PermissionError"
    assert hs.attempt(class_hub, bob, f"open({str(theirs)!r}).read()") == "PermissionError"
    assert hs.attempt(class_hub, bob, f"open({str(plan.inbox / alice / 'x.ipynb')!r}, 'w')") == "PermissionError"
    assert hs.attempt(class_hub, bob, f"import os; os.mkdir({str(plan.inbox / 'someone')!r})") == "PermissionError"
    # Handing in "as" another student still lands in one's own folder.
    submitted = hs.run_as(class_hub, bob, "import subprocess, sys; sys.exit(subprocess.call(['facenumbers', "
                          f"'submit', 'face-the-numbers/exercises/04-base-rates.ipynb', '--name', {alice!r}]))",
                          env={"FACENUMBERS_INBOX": str(plan.inbox)})
    assert submitted.returncode == 0, submitted.stderr
    assert f"you hand in as your login, {bob}" in submitted.stdout and str(mine) in submitted.stdout
    assert theirs.stat().st_uid == pwd.getpwnam(alice).pw_uid


def _connection_file(hub, login: str) -> Path:
    runtime = hub.plan.home_of(login) / ".local" / "share" / "jupyter" / "runtime"
    files = sorted(runtime.glob("kernel-*.json"))
    assert files, f"no kernel is running for {login}"
    return files[0]


_KERNEL_ATTEMPT = """
import json, sys
from jupyter_client import BlockingKernelClient
info = json.loads(sys.argv[1])
client = BlockingKernelClient()
client.load_connection_info(info)
client.start_channels()
msg = client.execute(sys.argv[2])
try:
    reply = client.get_shell_msg(timeout=8)
    print("answered", reply["content"]["status"])
except Exception:
    print("no answer")
"""


def _try_kernel(hub, login: str | None, info: dict, code: str) -> str:
    import subprocess

    arguments = [str(hub.plan.environment / "bin" / "python"), "-c", _KERNEL_ATTEMPT, json.dumps(info), code]
    if login is None:
        result = subprocess.run(arguments, capture_output=True, text=True, timeout=60)
    else:
        entry = pwd.getpwnam(login)
        result = subprocess.run(arguments, capture_output=True, text=True, timeout=60, user=entry.pw_uid,
                                group=entry.pw_gid, extra_groups=[], cwd="/tmp",
                                env={"HOME": entry.pw_dir, "PATH": "/usr/bin:/bin"})
    return result.stdout.strip() or result.stderr.strip()[-300:]


def test_a_student_cannot_use_another_students_kernel_or_server(class_hub, worked):
    plan = class_hub.plan
    alice, bob = class_hub.students[:2]
    connection = _connection_file(class_hub, alice)
    assert hs.attempt(class_hub, bob, f"open({str(connection)!r}).read()") == "PermissionError"

    info = json.loads(connection.read_text())
    marker = Path("/tmp") / f"facenumbers-kernel-{alice}"
    marker.unlink(missing_ok=True)
    write_marker = f"open({str(marker)!r}, 'w').write('x')"
    guessed = {**info, "key": os.urandom(16).hex()}
    # Bob knows the ports (any account can see listening ports) but not the kernel's key.
    assert _try_kernel(class_hub, bob, guessed, write_marker) == "no answer"
    assert not marker.exists()
    # The same request with the key in the connection file is carried out: the attempt above could succeed.
    assert _try_kernel(class_hub, None, info, write_marker) == "answered ok"
    assert marker.stat().st_uid == pwd.getpwnam(alice).pw_uid
    marker.unlink()

    server_port = _server_port(alice)

    async def server_calls():
        mine = await _logged_in(class_hub, bob)
        theirs = await _logged_in(class_hub, alice)
        path = f"/user/{alice}/api/contents/face-the-numbers/exercises"
        try:
            through_proxy = await mine.api("GET", path, expect=(403,))
            allowed = await theirs.api("GET", path, expect=(200,))
            straight = {}
            for who in (mine, theirs):  # to the server's own port, past the proxy
                async with who.session.get(f"http://127.0.0.1:{server_port}{path}", headers=who._headers(),
                                           allow_redirects=False) as answer:
                    straight[who.login] = answer.status
            return through_proxy, allowed, straight
        finally:
            await mine.__aexit__()
            await theirs.__aexit__()

    through_proxy, allowed, straight = _run(server_calls())
    assert "Forbidden" in json.dumps(through_proxy) and isinstance(allowed, dict)
    assert straight == {bob: 403, alice: 200}


def _server_port(login: str) -> int:
    """The port of ``login``'s single-user server (the process running jupyterhub-singleuser)."""
    uid = pwd.getpwnam(login).pw_uid
    for listener in running.listening():
        if listener.pid is None:
            continue
        try:
            command = Path(f"/proc/{listener.pid}/cmdline").read_bytes()
            owner = Path(f"/proc/{listener.pid}").stat().st_uid
        except OSError:
            continue
        if owner == uid and b"jupyterhub-singleuser" in command:
            return listener.port
    raise AssertionError(f"no server is listening for {login}")


def test_a_restart_keeps_the_students_work_and_brings_back_a_deleted_file(class_hub, worked):
    plan = class_hub.plan
    alice = class_hub.students[0]
    course = plan.home_of(alice) / "face-the-numbers"
    assert hs.attempt(class_hub, alice, f"import os; os.remove({str(course / 'lessons' / '00-start-here.ipynb')!r})") == "allowed"

    async def restart():
        student = await _logged_in(class_hub, alice)
        try:
            await student.api("DELETE", f"/hub/api/users/{alice}/server", expect=(202, 204))
            for _ in range(120):
                model = await student.api("GET", f"/hub/api/users/{alice}")
                if not model["servers"] and not model.get("pending"):
                    break
                await asyncio.sleep(0.5)
            await student.start_server()
            return await student.read_notebook("face-the-numbers/exercises/04-base-rates.ipynb")
        finally:
            await student.__aexit__()

    notebook = _run(restart())
    answer = next(c for c in notebook["cells"] if c["metadata"].get("facenumbers", {}).get("exercise") == EXERCISE
                  and c["metadata"]["facenumbers"].get("role") == "answer")
    assert "def ppv(" in "".join(answer["source"])  # the student's answer, not the blank
    assert (course / "lessons" / "00-start-here.ipynb").exists()


def test_only_the_roster_logs_in_and_a_password_once_set_is_required(class_hub, worked):
    async def try_login(login: str, password: str) -> str:
        try:
            student = await _logged_in(class_hub, login, password)
        except rehearsal.StepFailed as problem:
            return str(problem)
        await student.__aexit__()
        return "logged in"

    assert "login refused" in _run(try_login("stranger", hs.PASSWORD))
    assert "login refused" in _run(try_login(class_hub.students[0], "not-the-password"))
    assert _run(try_login(class_hub.students[0], hs.PASSWORD)) == "logged in"


def test_a_student_logs_in_with_chromium_and_lands_in_the_course(class_hub, worked, tmp_path):
    import browser_support as bs

    reason = bs.browser_unavailable_reason()
    if reason:
        bs.skip_or_fail(reason)
    login = class_hub.spare
    chromium = bs.launch_chromium()
    refused: list[str] = []
    try:
        page = chromium.browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else (refused.append(route.request.url), route.abort()))
        page.goto(class_hub.plan.url + "hub/login")
        page.fill("#username_input", login)
        page.fill("#password_input", hs.PASSWORD)
        page.click("#login_submit")
        page.wait_for_url(f"**/user/{login}/lab/**", timeout=240_000)
        page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
        page.wait_for_selector(".lm-TabBar-tabLabel:has-text('00-start-here.ipynb')", timeout=60_000)
        page.wait_for_selector(".jp-DirListing-itemText:has-text('face-the-numbers'), "
                               ".jp-BreadCrumbs:has-text('face-the-numbers')", timeout=60_000)
        page.screenshot(path=str(tmp_path / "hub-lab.png"))
    finally:
        chromium.stop()
    assert refused == []


def test_an_account_make_hub_did_not_make_is_never_taken_over(class_hub):
    import subprocess

    from facenumbers.hub import accounts

    login = class_hub.plan.extra["grader"].replace("gr", "ot", 1)  # unique to this run
    subprocess.run(["useradd", "--no-create-home", login], check=True)
    try:
        with pytest.raises(accounts.AccountError, match="already exists on this machine and was not made"):
            accounts.ensure_account(class_hub.plan, login)
        assert not class_hub.plan.home_of(login).exists() and not (class_hub.plan.inbox / login).exists()
        assert login not in accounts.read_record(class_hub.plan)["accounts"]  # undo leaves it alone too
    finally:
        subprocess.run(["userdel", login], check=True)


def test_stopping_the_hub_stops_every_process_it_started(class_hub, worked):
    plan = class_hub.plan
    logins = running._every_login(plan)  # the added student's server too
    before = set(running.processes_of(logins)) | {running.proxy_pid(plan), class_hub.process.pid}
    assert len(before) > COUNT * 3  # servers and kernels
    killed = running.stop(class_hub.process, plan)
    assert killed == []  # the hub stopped its servers itself; nothing was left to kill
    assert running.processes_of(logins) == []
    assert [pid for pid in before if pid and running._alive(pid)] == []


def test_make_hub_again_starts_the_same_class_with_its_work_and_passwords(class_hub, worked):
    """What `make hub` runs (`facenumbers hub start`), on the hub's folder after it stopped."""
    import subprocess
    import sys

    plan = class_hub.plan
    assert class_hub.process.poll() is not None  # stopped by the test before
    command = [str(Path(sys.executable).with_name("facenumbers")), "hub", "start", "--yes",
               "--dir", str(plan.root), "--course", str(plan.checkout), "--roster", str(plan.roster),
               "--instructor", plan.instructor, "--port", str(plan.port)]
    log = open(plan.root / "restart.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    class_hub.process = process  # the module's teardown stops this one
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                running._DIRECT.open(f"{plan.url}hub/health", timeout=2).close()
                break
            except OSError:
                assert process.poll() is None, (plan.root / "restart.log").read_text()[-2000:]
                time.sleep(0.5)
        text = (plan.root / "restart.log").read_text()
        assert "make hub changes this machine as follows" in text and plan.url in text

        alice = class_hub.students[0]

        async def come_back():
            async with rehearsal.Student(plan.url, alice, hs.PASSWORD, timeout=300) as student:
                await rehearsal.arrive(student)  # the password set at the first login still works
                return await student.read_notebook("face-the-numbers/exercises/04-base-rates.ipynb")

        notebook = _run(come_back())
        assert any("def ppv(" in "".join(c["source"]) for c in notebook["cells"])
    finally:
        assert running.stop(process, plan) == []  # the hub stopped every server itself
    assert running.processes_of(running._every_login(plan)) == []
