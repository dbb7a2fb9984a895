"""Screenshots of the app and of each calculator: ``make screenshots``.

Starts ``make app`` on 127.0.0.1, opens it in Debian's Chromium, and saves
``docs/images/app.png`` (the whole page) and ``docs/images/<calculator>.png`` (each tab's
calculator, after its first preset is loaded). The README shows the best of them.

    python apps/screenshots.py [--out docs/images]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import browser_support as bs  # noqa: E402
import calculator_driving as drive  # noqa: E402

from facenumbers.calculators import app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Save the screenshots; returns 0, or 1 with the reason when there is no browser."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    reason = bs.browser_unavailable_reason()
    if reason:
        print(f"Cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        served = bs.VoilaApp(bs.free_port(), Path(scratch) / "voila.log")
        try:
            served.wait_until_serving()
            chromium = bs.launch_chromium()
            try:
                page = chromium.browser.new_page(viewport={"width": 1280, "height": 2600},
                                                 device_scale_factor=1)
                page.goto(served.url, timeout=180_000)
                page.locator(drive.CHART).first.wait_for(timeout=180_000)
                time.sleep(1)
                page.screenshot(path=str(args.out / "app.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 1100})
                for index, entry in enumerate(app.CALCULATORS):
                    page.locator(".lm-TabBar-tab").nth(index).click()
                    info = drive.facts(entry.function)
                    root = drive.calculator_root(page, info.title)
                    root.locator(drive.CHART).first.wait_for(timeout=60_000)
                    time.sleep(1)  # let the chart settle
                    root.screenshot(path=str(args.out / f"{entry.function}.png"))
                    print(f"saved {args.out / entry.function}.png")
            finally:
                chromium.stop()
        finally:
            served.stop()
    print(f"saved {args.out / 'app.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
