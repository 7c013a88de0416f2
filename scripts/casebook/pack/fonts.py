"""The fonts every PDF pack is set in, from Debian's packages: the same files for Typst in Python
and Typst in the reader's browser (the site serves copies), so both make the same pages.

Typst's own embedded fonts are not used on purpose: the browser's Typst cannot have them,
and a pack set in other fonts breaks its lines and pages elsewhere.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from casebook.problems import CasebookError

SERIF = "Linux Libertine O"
MONO = "DejaVu Sans Mono"
# (Debian package, file): regular, bold, italic and bold italic of each family.
FONT_FILES = (
    ("fonts-linuxlibertine", Path("/usr/share/fonts/opentype/linux-libertine/LinLibertine_R.otf")),
    ("fonts-linuxlibertine", Path("/usr/share/fonts/opentype/linux-libertine/LinLibertine_RB.otf")),
    ("fonts-linuxlibertine", Path("/usr/share/fonts/opentype/linux-libertine/LinLibertine_RI.otf")),
    ("fonts-linuxlibertine", Path("/usr/share/fonts/opentype/linux-libertine/LinLibertine_RBI.otf")),
    ("fonts-dejavu-core", Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")),
    ("fonts-dejavu-core", Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf")),
)


def font_files() -> list[Path]:
    """The font files, or CasebookError naming the Debian packages to install."""
    missing = sorted({package for package, path in FONT_FILES if not path.is_file()})
    if missing:
        raise CasebookError(f"the pack fonts are not installed: run `make build` (it installs them) or "
                            f"`apt-get install {' '.join(missing)}`")
    return [path for _, path in FONT_FILES]


_FOLDER: list[str] = []


def font_dirs() -> list[str]:
    """A private folder holding exactly the pack fonts (not the rest of their Debian folders), so
    Typst in Python falls back on nothing the browser's Typst lacks."""
    if not _FOLDER:
        folder = Path(tempfile.mkdtemp(prefix="casebook-fonts-"))
        atexit.register(shutil.rmtree, folder, True)
        for path in font_files():
            shutil.copyfile(path, folder / path.name)
        _FOLDER.append(str(folder))
    return list(_FOLDER)
