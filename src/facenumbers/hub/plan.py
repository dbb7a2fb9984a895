"""What a class's hub is, checked before anything on the machine changes, and said in words.

A :class:`HubPlan` names the hub's folder, its port, the students' logins and the instructor's.
Everything the hub creates lives in that folder, except the system accounts:

>>> plan = HubPlan(checkout=Path("/home/me/face-the-numbers"), root=Path("/srv/facenumbers-hub"),
...                students=("alice", "bob"), instructor="teacher")
>>> plan.inbox, plan.home_of("alice")
(PosixPath('/srv/facenumbers-hub/inbox'), PosixPath('/srv/facenumbers-hub/homes/alice'))
>>> login_problem("Li Hua")
"'Li Hua' cannot be a login on this machine: use 1 to 32 lowercase letters, digits, '_' or '-', starting with a letter"
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

STUDENTS_GROUP = "facenumbers-students"
GRADER = "facenumbers-grader"  # runs students' code when the instructor grades
COURSE_FOLDER = "face-the-numbers"  # in each student's home
DEFAULT_ROOT = Path("/srv/facenumbers-hub")
DEFAULT_PORT = 8010
_LOGIN = re.compile(r"[a-z][a-z0-9_-]{0,31}")
# Names a course must never take over, even where no such account exists yet.
_RESERVED = {"root", "admin", "nobody", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail",
             "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "gnats", "systemd-network",
             "sshd", "messagebus", "postgres", "jupyterhub", "hub", "user", "api"}


def login_problem(name: str) -> str | None:
    """Why ``name`` cannot be a student's login (system account and hub user), or None."""
    if not isinstance(name, str) or not _LOGIN.fullmatch(name):
        return (f"{name!r} cannot be a login on this machine: use 1 to 32 lowercase letters, digits, "
                "'_' or '-', starting with a letter")
    if name in _RESERVED:
        return f"{name!r} is a name the system or JupyterHub uses; choose another login"
    return None


@dataclass(frozen=True)
class HubPlan:
    """One class's hub on this machine.

    ``checkout`` is the course folder (with ``solutions/``, the lock and ``node_modules/``);
    ``root`` is the hub's own folder, outside the checkout. ``port`` is the address students
    open (127.0.0.1 only); the hub's API and the proxy's API take the next two ports.
    """

    checkout: Path
    root: Path = DEFAULT_ROOT
    students: tuple[str, ...] = ()
    instructor: str = "instructor"
    port: int = DEFAULT_PORT
    roster: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)  # settings for tests: spawn timeouts

    @property
    def state(self) -> Path:
        """The hub's private files (database, passwords, secrets, log): root only."""
        return self.root / "hub"

    @property
    def environment(self) -> Path:
        """The students' Python environment (read-only for them)."""
        return self.root / "env"

    @property
    def course(self) -> Path:
        """The course files students get copies of (lessons, exercises): read-only for them."""
        return self.root / "course"

    @property
    def inbox(self) -> Path:
        """Hand-ins: ``inbox/<login>/<NN-topic>.ipynb``, each folder its student's own."""
        return self.root / "inbox"

    @property
    def homes(self) -> Path:
        """Where every login's home is (root's; each home its owner's alone)."""
        return self.root / "homes"

    def home_of(self, login: str) -> Path:
        """The home of one login: ``homes/<login>``."""
        return self.homes / login

    @property
    def logins(self) -> tuple[str, ...]:
        """Every account the hub has: the students, then the instructor."""
        return tuple(dict.fromkeys((*self.students, self.instructor)))

    @property
    def url(self) -> str:
        """The address students open (on this machine)."""
        return f"http://127.0.0.1:{self.port}/"

    def problems(self) -> list[str]:
        """Everything wrong with the plan, in words; empty when it can go ahead."""
        found = []
        for name in self.logins:
            problem = login_problem(name)
            if problem:
                found.append(problem)
        if not self.students:
            found.append("no students: give a roster (ROSTER=roster.csv) or logins (STUDENTS=alice,bob)")
        if self.instructor in self.students:
            found.append(f"the instructor's login {self.instructor!r} is also a student's")
        if not 1024 <= self.port <= 65533:
            found.append(f"port must be between 1024 and 65533 (it and the next two are used); got {self.port}")
        root, checkout = self.root.resolve(), self.checkout.resolve()
        if root == checkout or checkout in root.parents:
            found.append(f"the hub's folder {root} must be outside the course folder {checkout}, "
                         "which make hub makes private to its owner")
        if not (checkout / "solutions").is_dir():
            found.append(f"{checkout} is not the course folder (it has no solutions/)")
        return found

    def save(self, path: Path) -> None:
        """Write the plan as JSON (the hub reads it back with :meth:`load`)."""
        data = asdict(self)
        data.update(checkout=str(self.checkout), root=str(self.root), students=list(self.students),
                    roster=str(self.roster) if self.roster else None)
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> HubPlan:
        """The plan saved by :meth:`save`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(checkout=Path(data["checkout"]), root=Path(data["root"]), students=tuple(data["students"]),
                   instructor=data["instructor"], port=int(data["port"]),
                   roster=Path(data["roster"]) if data.get("roster") else None, extra=dict(data.get("extra", {})))


def grader_login(plan: HubPlan) -> str:
    """The grader's account: ``facenumbers-grader``, or another name a test gives in ``extra``."""
    return plan.extra.get("grader", GRADER)


def students_from(roster: Path | None = None, logins: str = "") -> tuple[str, ...]:
    """The students' logins: the roster's ``student`` column, or a comma-separated list.

    Raises ValueError naming the row and the rule when a name cannot be a login.
    """
    names: list[str] = [name.strip() for name in logins.split(",") if name.strip()]
    if roster is not None:
        from facenumbers.roster import read_roster

        for row, entry in enumerate(read_roster(Path(roster)), start=2):
            problem = login_problem(entry.student)
            if problem:
                raise ValueError(f"{roster}, row {row}: {problem}. On the hub the roster's student "
                                 "column holds each student's login (keep their full name in "
                                 "another column).")
            names.append(entry.student)
    for name in names:
        problem = login_problem(name)
        if problem:
            raise ValueError(problem)
    return tuple(dict.fromkeys(names))


def describe(plan: HubPlan) -> str:
    """What ``make hub`` does to this machine, and how to undo it, in plain words."""
    folders = [
        (plan.state, "root only (0700): the hub's database, passwords, secrets and log"),
        (plan.environment, "root's, readable by all: the students' Python, from the course's lock"),
        (plan.course, "root's, readable by all: the lessons and exercises students get copies of"),
        (plan.inbox, "root's, 0711 (no one can list it); in it one folder per student, owned by that"),
        (None, "student alone (0700): where they hand in"),
        (plan.homes, "root's; in it one home per login, owned by that login alone (0700)"),
        (plan.root / "grading", f"{grader_login(plan)}'s alone (0700): copies of hand-ins while they are graded"),
    ]
    width = max(len(str(path)) for path, _ in folders if path)
    lines = [
        "make hub changes this machine as follows (it must run as root):",
        "",
        f"  Accounts: one system account per login, each with its own group and home:",
        f"    {len(plan.students)} students: {', '.join(plan.students)}",
        f"    the instructor (the hub's admin): {plan.instructor}",
        f"    and {grader_login(plan)} (no login), which runs students' code when you grade.",
        f"    The students are also in the group {STUDENTS_GROUP}. An account that already exists",
        "    and was not made by make hub is refused, never taken over.",
        "",
        f"  Folders, all under {plan.root}:",
        *(f"    {str(path or ''):<{width}}  {text}" for path, text in folders),
        "",
        f"  The course folder {plan.checkout} is made private to its owner (chmod go-rwx),",
        "  so no student can read the solutions, the hidden tests or the answer keys in it.",
        "",
        f"  The hub listens on {plan.url} only (127.0.0.1: this machine). Each student's server",
        "  and kernels run as that student's own account and listen on 127.0.0.1 only.",
        "",
        "To undo all of it: make hub-undo, with the same HUB_DIR. Stop the hub first (Ctrl+C).",
        "It deletes the accounts make hub made with their homes, and the group; deletes",
        f"{plan.root}, hand-ins included (copy {plan.inbox} first if you need it); and gives",
        "the course folder back its permissions.",
    ]
    return "\n".join(lines)
