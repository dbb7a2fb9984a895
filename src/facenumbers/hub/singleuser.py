"""A student's server on the hub: deliver the course's files, then start JupyterHub's server.

The hub starts ``python -m facenumbers.hub.singleuser ARGS`` as the student's own account;
this copies the course into ``~/face-the-numbers`` (:mod:`.delivery`) and then becomes
``jupyterhub-singleuser ARGS``. A failed delivery is logged and never stops the server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from facenumbers.hub.delivery import deliver
from facenumbers.hub.plan import COURSE_FOLDER


def main(argv: list[str]) -> None:
    """Deliver the course's files, then become ``jupyterhub-singleuser argv``."""
    course = os.environ.get("FACENUMBERS_COURSE")
    if course:
        try:
            print(deliver(Path(course), Path.home() / COURSE_FOLDER).summary(), file=sys.stderr, flush=True)
        except OSError as problem:
            print(f"Course files could not be delivered ({problem}); the server starts anyway.",
                  file=sys.stderr, flush=True)
    server = Path(sys.executable).with_name("jupyterhub-singleuser")
    os.execv(server, [str(server), *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
