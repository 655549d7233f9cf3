"""Regenerate the translation files: `python3 resources/i18n/update.py` from the checkout.

1. pylupdate5 (ships with PyQt5) collects every text lab/gui passes to tr(), translate() or
   QT_TRANSLATE_NOOP() into digit_lab_zh_CN.ts, keeping the translations already there.
2. Fill in the new <translation type="unfinished"> entries (Qt Linguist, or any editor).
3. lrelease (Debian: qttools5-dev-tools) compiles the .ts into the .qm the window loads.

Run it again after step 2; tests/test_gui_language.py fails while any text is untranslated.
"""

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TS = HERE / "digit_lab_zh_CN.ts"
LRELEASE = ("lrelease", "lrelease-qt5", "/usr/lib/qt5/bin/lrelease",
            "/usr/lib/x86_64-linux-gnu/qt5/bin/lrelease")


def main():
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "lab" / "gui").rglob("*.py"))
    subprocess.run(["pylupdate5", "-noobsolete", *sources, "-ts", str(TS.relative_to(ROOT))],
                   cwd=ROOT, check=True)
    unfinished = TS.read_text(encoding="utf-8").count('type="unfinished"')
    lrelease = next((found for name in LRELEASE if (found := shutil.which(name))), None)
    if lrelease is None:
        print("error: lrelease not found: apt-get install qttools5-dev-tools", file=sys.stderr)
        return 2
    subprocess.run([lrelease, str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)
    if unfinished:
        print(f"{unfinished} text(s) still need a translation in {TS.name}")
    return 1 if unfinished else 0


if __name__ == "__main__":
    sys.exit(main())
