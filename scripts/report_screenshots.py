"""Screenshots of report.html for the README: ``python scripts/report_screenshots.py``.

Runs the README's ``stanceclf analyze data/articles/ --out DIR`` on the seed articles, then takes
headless-Chromium screenshots of the page's parts into docs/: the header and actor chart, the
timeline, and the sentence table filtered to one actor with the explanations opened. Each part is
shot from a temporary copy of the page that hides the other parts (the page itself is unchanged).
Needs Chromium on PATH and Pillow (installed with the ``plots`` extra) to trim the blank margin.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

from stanceclf.report import headless_browser

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# name: (CSS hiding the other parts, URL fragment, window height, open the "why" details)
SHOTS = {
    "report-actors.png": ("#timeline,#sentences,footer{display:none}", "", 1500, False),
    "report-timeline.png": ("header.top,#actors,#sentences,footer{display:none}", "", 1400, False),
    "report-sentences.png": (
        "header.top,#actors,#timeline{display:none}",
        "#actor=EU+governments&target=biometric_surveillance",
        900,
        True,
    ),
}


def _trim(path: Path) -> None:
    """Crop the blank page background below the content."""
    image = Image.open(path).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((image.width - 1, image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    if box:
        image.crop((0, 0, image.width, min(image.height, box[3] + 16))).save(path, optimize=True)


def main() -> int:
    browser = headless_browser(Path(tempfile.gettempdir()) / "stanceclf-screenshots-profile")
    if browser is None:
        print("no Chromium on PATH (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        subprocess.run(
            [sys.executable, "-m", "stanceclf", "analyze", str(ROOT / "data" / "articles"), "--out", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        page = (out / "report.html").read_text(encoding="utf-8")
        for name, (css, fragment, height, open_why) in SHOTS.items():
            variant = page.replace("</style>", css + "</style>", 1)
            if open_why:
                variant = variant.replace("<details class='why ", "<details open class='why ")
            copy = Path(tmp) / f"{name}.html"
            copy.write_text(variant, encoding="utf-8")
            target = DOCS / name
            command = [*browser, f"--window-size=1280,{height}", f"--screenshot={target}", copy.as_uri() + fragment]
            subprocess.run(command, check=True, capture_output=True)
            _trim(target)
            print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
