"""`pip install .` makes an application: a digit-lab command, the shipped models inside the
package, the .desktop file and the icon under share/. Installed into a temporary venv that
borrows this interpreter's packages (no network)."""

import configparser
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PIL import Image

import lab

PROJECT = Path(__file__).resolve().parent.parent
SOURCES = ("lab", "models", "resources", "pyproject.toml", "README.md")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv with digit-lab installed from a copy of the project (the build leaves the checkout
    untouched)."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(PROJECT / name, source / name)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=60)
    result = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps",
                             "--no-build-isolation", "--disable-pip-version-check", "."],
                            cwd=source, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return venv


def venv_python(venv, code):
    result = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True,
                            text=True, timeout=60, cwd=venv)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_digit_lab_command_prints_the_version(installed):
    result = subprocess.run([str(installed / "bin" / "digit-lab"), "--version"],
                            capture_output=True, text=True, timeout=60, cwd=installed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"digit-lab {lab.__version__}"


def test_digit_lab_without_a_command_opens_the_window(installed, tmp_path, tiny_mnist_dir):
    env = dict(os.environ, LAB_STARTUP_PROBE="exit", QT_QPA_PLATFORM="offscreen",
               LAB_DATA_DIR=str(tiny_mnist_dir), XDG_CONFIG_HOME=str(tmp_path),
               HOME=str(tmp_path))
    result = subprocess.run([str(installed / "bin" / "digit-lab")], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "window shown after" in result.stdout


def test_the_installed_lab_finds_its_shipped_models(installed):
    found = json.loads(venv_python(installed, (
        "import json, lab; from lab.core.shipped_models import shipped_models_dir; "
        "from lab.cli.constants import DEFAULT_MODEL_DIR; "
        "print(json.dumps([lab.__file__, str(shipped_models_dir()), str(DEFAULT_MODEL_DIR)]))")))
    package_file, models, default_model = (Path(p) for p in found)
    assert installed in package_file.parents  # the installed copy, not the checkout
    assert installed in models.parents
    assert default_model == models / "digits"
    for name in ("digits", "letters"):
        assert (models / name / "metadata.json").is_file()
        assert (models / name / "model.keras").stat().st_size == \
            (PROJECT / "models" / name / "model.keras").stat().st_size


def test_the_installed_lab_has_its_translation(installed):
    folder = Path(venv_python(installed, (
        "from lab.gui.language import translations_dir; print(translations_dir())")).strip())
    assert installed in folder.parents
    assert (folder / "digit_lab_zh_CN.qm").read_bytes() == \
        (PROJECT / "resources" / "i18n" / "digit_lab_zh_CN.qm").read_bytes()


def test_the_desktop_entry_and_icon_are_installed(installed):
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(installed / "share" / "applications" / "digit-lab.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "digit-lab" and desktop["Icon"] == "digit-lab"
    assert desktop["Type"] == "Application"
    with Image.open(installed / "share" / "icons" / "hicolor" / "256x256" / "apps"
                    / "digit-lab.png") as icon:
        assert icon.size == (256, 256)


def test_pyproject_lists_every_package_under_lab():
    """pyproject.toml names the packages one by one (models/ is mapped in as one of them): a
    package missing there would be missing from every install."""
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(init.parent.relative_to(PROJECT).parts)
               for init in (PROJECT / "lab").rglob("__init__.py")}
    assert listed == on_disk | {"lab.shipped_models", "lab.translations"}
