"""Which files `pip install .` puts where (the project's metadata is in pyproject.toml).

The shipped models (models/) go inside the package as lab/shipped_models, so an installed lab
finds them without a source checkout (lab.core.shipped_models); the .desktop file and the icon
go to share/ under the install prefix, where desktop menus look.
"""

from pathlib import Path

from setuptools import find_packages, setup

MODEL_FILES = sorted(str(p.relative_to("models")) for p in Path("models").glob("*/*")
                     if p.is_file())

setup(
    packages=find_packages(include=["lab", "lab.*"]) + ["lab.shipped_models"],
    package_dir={"lab.shipped_models": "models"},
    package_data={"lab.shipped_models": MODEL_FILES + ["README.md"]},
    data_files=[("share/applications", ["resources/digit-lab.desktop"]),
                ("share/icons/hicolor/256x256/apps", ["resources/digit-lab.png"])],
)
