"""``python -m facenumbers.grading``: the kernel engine's worker (its job comes on stdin), or,
as ``python -m facenumbers.grading zygote FD MODULE``, the forked engine's zygote."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Run the worker, or the zygote when ``argv`` starts with ``zygote``."""
    if argv[:1] == ["zygote"]:
        from facenumbers.grading.zygote import zygote_main

        return zygote_main(argv[1:])
    from facenumbers.grading.worker import _run_in_worker

    return _run_in_worker()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
