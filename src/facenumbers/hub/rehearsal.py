"""Simulated students on a class's hub: log in, start a server, work a lesson, hand in.

Each :class:`Student` does what a student does at the start of a lecture, over HTTP and the
kernel's WebSocket, as a browser would: it opens the real login page, fills in its form (a
first login sets the password), starts its server, opens a notebook in ``~/face-the-numbers``
and runs every code cell in a kernel, answers one exercise, runs that exercise's check, saves
the notebook and hands it in with ``facenumbers submit`` in the kernel. :func:`rehearse` runs a
whole class at once and times each step.

Used by the tests (tests/test_hub.py) and by ``make bench`` (benchmarks/hub.py), whose part 7
an instructor can run alone on the class's server to try the start of a lecture before it
(``python benchmarks/run.py`` with ``--skip`` for every other part; docs/hub.md).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

LOGIN_FORM_XSRF = re.compile(r'name="_xsrf"\s+value="([^"]+)"')


class StepFailed(RuntimeError):
    """A step a student could not complete, with what the server said."""


@dataclass
class Timings:
    """Seconds each step took for one student."""

    login: float = 0.0
    spawn: float = 0.0
    notebooks: dict[str, float] = field(default_factory=dict)
    hand_in: float = 0.0


@dataclass
class CellResult:
    """What one executed cell gave: its text output, and the error's name if it failed."""

    text: str
    error: str | None = None


class Student:
    """One simulated student on the hub at ``base_url`` (``http://127.0.0.1:PORT/``)."""

    def __init__(self, base_url: str, login: str, password: str, *, timeout: float = 600):
        self.base = base_url.rstrip("/")
        self.login = login
        self.password = password
        self.timeout = timeout
        self.token: str | None = None
        self.timings = Timings()
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Student:
        self._session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                              timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        """The student's browser session: its cookies and connections."""
        assert self._session is not None, "use `async with Student(...)`"
        return self._session

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"} if self.token else {}

    async def log_in(self) -> None:
        """Open the login page, fill in its form and send it; then ask for an API token as the
        JupyterLab page does, with the session's cookie and the form's XSRF value."""
        started = time.monotonic()
        async with self.session.get(f"{self.base}/hub/login") as page:
            html = await page.text()
            if page.status != 200:
                raise StepFailed(f"{self.login}: the login page answered {page.status}")
        found = LOGIN_FORM_XSRF.search(html)
        if not found or 'name="username"' not in html or 'name="password"' not in html:
            raise StepFailed(f"{self.login}: the login page has no username/password form")
        form = {"_xsrf": found.group(1), "username": self.login, "password": self.password}
        async with self.session.post(f"{self.base}/hub/login?next=%2Fhub%2Fhome", data=form,
                                     allow_redirects=False) as answer:
            if answer.status != 302:
                body = await answer.text()
                message = re.search(r'login_error[^>]*>\s*([^<]+)', body)
                raise StepFailed(f"{self.login}: login refused ({answer.status}"
                                 f"{': ' + message.group(1).strip() if message else ''})")
        xsrf = next((c.value for c in self.session.cookie_jar if c.key == "_xsrf"), found.group(1))
        async with self.session.post(f"{self.base}/hub/api/users/{self.login}/tokens",
                                     headers={"X-XSRFToken": xsrf},
                                     json={"note": "rehearsal", "expires_in": 7200}) as answer:
            if answer.status not in (200, 201):
                raise StepFailed(f"{self.login}: no API token ({answer.status}: {await answer.text()})")
            self.token = (await answer.json())["token"]
        self.timings.login = time.monotonic() - started

    async def api(self, method: str, path: str, *, expect: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
        """Call the hub (``/hub/api/...``) or the student's server (``/user/<login>/api/...``)."""
        async with self.session.request(method, self.base + path, headers=self._headers(),
                                        allow_redirects=False, **kwargs) as answer:
            text = await answer.text()
            if answer.status not in expect:
                raise StepFailed(f"{self.login}: {method} {path} answered {answer.status}: {text[:300]}")
            return json.loads(text) if text and answer.content_type == "application/json" else text

    async def start_server(self, poll: float = 0.25) -> None:
        """Ask the hub for this student's server and wait until it is ready."""
        started = time.monotonic()
        await self.api("POST", f"/hub/api/users/{self.login}/server", expect=(201, 202, 400))
        while time.monotonic() - started < self.timeout:
            model = await self.api("GET", f"/hub/api/users/{self.login}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                self.timings.spawn = time.monotonic() - started
                return
            if not model.get("pending") and not server:
                raise StepFailed(f"{self.login}: the server stopped while starting")
            await asyncio.sleep(poll)
        raise StepFailed(f"{self.login}: the server was not ready within {self.timeout:.0f} s")

    @property
    def server(self) -> str:
        """The path of the student's own server behind the proxy: ``/user/<login>``."""
        return f"/user/{self.login}"

    async def read_notebook(self, path: str) -> dict:
        model = await self.api("GET", f"{self.server}/api/contents/{path}?content=1&type=notebook")
        return model["content"]

    async def save_notebook(self, path: str, notebook: dict) -> None:
        await self.api("PUT", f"{self.server}/api/contents/{path}", expect=(200, 201),
                       json={"type": "notebook", "format": "json", "content": notebook})

    async def kernel(self, path: str) -> Kernel:
        """A kernel for the notebook at ``path``, started as JupyterLab does (a session)."""
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        model = await self.api("POST", f"{self.server}/api/sessions", expect=(201,),
                               json={"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
                                     "kernel": {"name": "python3"}})
        kernel = Kernel(self, model["kernel"]["id"], folder)
        await kernel.connect()
        return kernel


class Kernel:
    """One kernel of a student's server, driven over its WebSocket (Jupyter's JSON protocol).

    The WebSocket is tornado's client, the library Jupyter's own server is built on: under load,
    aiohttp's client has failed on large frames (a lesson's chart outputs) that tornado reads.
    """

    def __init__(self, student: Student, kernel_id: str, folder: str):
        self.student = student
        self.id = kernel_id
        self.folder = folder
        self.session_id = uuid.uuid4().hex
        self._socket: Any = None

    async def connect(self) -> None:
        """Open the kernel's channels, authenticated with the student's token."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = (self.student.base.replace("http", "ws", 1)
               + f"{self.student.server}/api/kernels/{self.id}/channels?session_id={self.session_id}")
        request = HTTPRequest(url, headers=self.student._headers(), request_timeout=120)
        self._socket = await websocket_connect(request, max_message_size=1 << 30)

    async def run(self, code: str, timeout: float = 300) -> CellResult:
        """Execute ``code``; the text it printed or displayed, and its error's name if any."""
        assert self._socket is not None
        msg_id = uuid.uuid4().hex
        await self._socket.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session_id,
                       "username": self.student.login, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        texts: list[str] = []
        error = None
        replied = idle = False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise StepFailed(f"{self.student.login}: a cell ran longer than {timeout:.0f} s")
            message = await asyncio.wait_for(self._socket.read_message(), remaining)
            if message is None:
                raise StepFailed(f"{self.student.login}: the kernel's connection closed "
                                 f"({self._socket.close_code}: {self._socket.close_reason})")
            if isinstance(message, bytes):
                continue  # a binary message carries buffers no cell here asks for
            data = json.loads(message)
            if data.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = data["msg_type"], data["content"]
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                error = content["ename"]
                texts.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        return CellResult("".join(texts), error)

    async def close(self) -> None:
        """Close the WebSocket; the kernel runs on, as when a browser tab is closed."""
        if self._socket is not None:
            self._socket.close()


def code_cells(notebook: dict) -> list[dict]:
    """The notebook's code cells, in order."""
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


@dataclass
class Work:
    """What each student does once logged in: run ``lesson`` in full; in ``exercises`` run every
    cell, with the answer cell of ``exercise`` replaced by ``answer``, and hand it in.

    The answer comes from the caller (the tests read it from solutions/): the package, which
    students can read, holds no worked answer.
    """

    exercise: str
    answer: str
    lesson: str = "face-the-numbers/lessons/04-base-rates.ipynb"
    exercises: str = "face-the-numbers/exercises/04-base-rates.ipynb"


@dataclass
class Outcome:
    """One student's rehearsal: timings, the check's words, the hand-in's message, or the failure."""

    login: str
    timings: Timings
    check: str = ""
    handed_in: str = ""
    errors: list[str] = field(default_factory=list)
    failure: str | None = None


async def arrive(student: Student) -> None:
    """The start of the lecture: log in through the login page and start the server."""
    await student.log_in()
    await student.start_server()


async def work_on(student: Student, work: Work, outcome: Outcome) -> None:
    """Run the lesson, then the exercises with one answered and checked; save and hand in."""
    for path in (work.lesson, work.exercises):
        started = time.monotonic()
        notebook = await student.read_notebook(path)
        kernel = await student.kernel(path)
        try:
            for cell in code_cells(notebook):
                meta = cell.get("metadata", {}).get("facenumbers", {})
                is_answer = meta.get("exercise") == work.exercise and meta.get("role") == "answer"
                if path == work.exercises and is_answer:
                    cell["source"] = work.answer
                if path == work.exercises and meta.get("role") == "answer" and not is_answer:
                    continue  # blanks a student has not reached yet
                result = await kernel.run(_source(cell))
                if path == work.exercises and meta.get("exercise") == work.exercise and meta.get("role") == "check":
                    outcome.check = result.text
                if result.error:
                    outcome.errors.append(f"{path}: {result.text[:200]}")
            if path == work.exercises:
                await student.save_notebook(path, notebook)
                handed = time.monotonic()
                outcome.handed_in = (await kernel.run(f"!facenumbers submit ~/{path}")).text
                student.timings.hand_in = time.monotonic() - handed
        finally:
            await kernel.close()
        student.timings.notebooks[path] = time.monotonic() - started


async def work_through(student: Student, work: Work) -> Outcome:
    """:func:`arrive`, then :func:`work_on`; a failed step ends this student's rehearsal."""
    outcome = Outcome(student.login, student.timings)
    try:
        await arrive(student)
        await work_on(student, work, outcome)
    except (StepFailed, aiohttp.ClientError, asyncio.TimeoutError) as problem:
        outcome.failure = f"{type(problem).__name__}: {problem}"
    return outcome


async def _rehearse(base_url: str, logins: list[str], password: str, work: Work, timeout: float) -> list[Outcome]:
    async def one(login: str) -> Outcome:
        async with Student(base_url, login, password, timeout=timeout) as student:
            return await work_through(student, work)

    return list(await asyncio.gather(*(one(login) for login in logins)))


def rehearse(base_url: str, logins: list[str], password: str, work: Work,
             timeout: float = 900) -> list[Outcome]:
    """Every login at once, from the login page to the hand-in; one :class:`Outcome` each."""
    return asyncio.run(_rehearse(base_url, logins, password, work, timeout))


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.0
    """
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[rank - 1]
