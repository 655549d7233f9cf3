"""The window in Simplified Chinese: a complete, compiled translation and a live switch."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PyQt5.QtCore import QCoreApplication, QSettings, QTranslator

from lab.core.errors import LabError
from lab.gui.app import parse_args
from lab.gui.language import Language, translations_dir
from lab.gui.main_window import MainWindow
from lab.gui.session import LabSession

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "digit_lab_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[^}]*\}|%p%|\n")


def _messages(path):
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in ET.parse(path).iter("context") for message in context.iter("message")]


def test_every_text_has_a_translation_keeping_its_placeholders():
    messages = _messages(TS)
    assert len(messages) > 300
    for context, source, translation in messages:
        assert translation.get("type") is None and (translation.text or "").strip(), \
            f"{context}: {source!r} is not translated"
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation.text)), \
            f"{context}: {source!r} → {translation.text!r} changes its placeholders"


@pytest.mark.skipif(shutil.which("pylupdate5") is None, reason="pylupdate5 comes with PyQt5")
def test_the_translation_source_lists_every_text_of_the_window(tmp_path):
    """pylupdate5 over lab/gui finds no text that the committed .ts lacks (or no longer needs):
    a new tr() text fails here until resources/i18n/update.py has run and it is translated."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "lab" / "gui").rglob("*.py"))
    subprocess.run(["pylupdate5", "-noobsolete", *sources, "-ts", str(fresh)], check=True,
                   capture_output=True)
    wanted = {(context, source) for context, source, _ in _messages(fresh)}
    committed = {(context, source) for context, source, _ in _messages(TS)}
    assert wanted - committed == set(), "run resources/i18n/update.py and translate"
    assert committed - wanted == set(), "run resources/i18n/update.py (texts no longer used)"


def test_the_compiled_catalogue_translates(qapp):
    translator = QTranslator()
    assert translator.load("digit_lab_zh_CN", str(translations_dir()))
    assert translator.translate("MainWindow", "Dataset") == "数据集"
    assert translator.translate("DatasetTab", "Train") == "训练集"  # same word, its own context
    assert translator.translate("DrawTab", "Not sure (best guess: {label}, {confidence})") \
        .format(label="7", confidence="41%") == "不确定（最可能：7，41%）"


def test_the_choice_comes_from_the_option_then_the_settings_then_the_system(qapp, tmp_path):
    settings = QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat)
    language = Language(settings)
    assert language.choose("zh_CN") == "zh_CN"
    settings.setValue("view/language", "zh_CN")
    assert language.choose() == "zh_CN" and language.choose("en") == "en"
    with pytest.raises(LabError, match="unknown language 'fr'"):
        language.choose("fr")
    assert parse_args(["--lang", "zh_CN"])[0].lang == "zh_CN"


@pytest.mark.parametrize("system, expected", [("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"),
                                              ("de_DE", "en")])
def test_without_a_choice_the_system_locale_decides(qapp, tmp_path, monkeypatch, system,
                                                    expected):
    import lab.gui.language as language_module
    from PyQt5.QtCore import QLocale

    class SystemLocale:
        @staticmethod
        def system():
            return QLocale(system)

    monkeypatch.setattr(language_module, "QLocale", SystemLocale)
    settings = QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat)
    assert Language(settings).choose() == expected


@pytest.fixture
def window(make_window):
    window = make_window()
    yield window
    window.language.apply("en")  # the next tests read English


def _titles(window):
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_view_language_switches_the_window_live_and_is_remembered(window):
    assert _titles(window) == ["Dataset", "Train", "Inspect", "Draw"]
    window.menu_actions["language_zh_CN"].trigger()
    assert _titles(window) == ["数据集", "训练", "检视", "书写"]
    assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "视图(&V)", "帮助(&H)"]
    assert window.menu_actions["load_model"].text() == "加载模型…"
    assert window.menu_actions["theme_system"].text() == "跟随系统"
    assert window.menu_actions["language_zh_CN"].isChecked()
    assert "无模型" in window.model_label.text()
    assert window.session.settings.value("view/language") == "zh_CN"
    # characters the window's font lacks come from a Simplified Chinese font first
    from PyQt5.QtGui import QFont, QGuiApplication
    from lab.gui.language import CHINESE_FONTS
    substitutes = QFont.substitutes(QGuiApplication.font().family())
    assert [name.lower() for name in substitutes[:2]] == [n.lower() for n in CHINESE_FONTS[:2]]
    shortcuts = window.show_shortcuts()
    assert "加载模型…" in shortcuts.findChild(type(window.model_label)).text()
    window.menu_actions["language_en"].trigger()
    assert _titles(window) == ["Dataset", "Train", "Inspect", "Draw"]
    assert window.session.settings.value("view/language") == "en"


def test_a_window_built_in_chinese_shows_its_tabs_in_chinese(qtbot, tmp_path, tiny_mnist_dir):
    settings = QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat)
    language = Language(settings)
    language.apply("zh_CN")
    try:
        session = LabSession(settings=settings, data_dir=tiny_mnist_dir)
        session.quiet = True
        window = MainWindow(session, language=language)
        qtbot.addWidget(window)
        assert window.train_tab.controls.start_button.text() == "开始"
        assert window.inspect_tab.evaluate_button.text() == "在测试集上评估"
        assert window.draw_tab.detail.text() in ("", "选择一个模型以查看预测")
        assert QCoreApplication.translate("LabSession", "No dataset") == "无数据集"
        qtbot.waitUntil(lambda: window.session.dataset is not None, timeout=10000)
        assert "MNIST 手写数字" in window.dataset_label.text()
    finally:
        language.apply("en")


def test_every_architecture_description_is_offered_for_translation():
    """The Train form translates core's architecture texts from its own list of them."""
    from lab.core.architectures import ARCHITECTURES
    from lab.gui.tabs.train.form import ARCHITECTURE_TEXTS

    for arch in ARCHITECTURES.values():
        assert arch.description in ARCHITECTURE_TEXTS, arch.description
        for text in (arch.seed, arch.seed_accuracy):
            if any(c.isalpha() for c in text.replace("seed", "").replace("epochs", "")):
                assert text in ARCHITECTURE_TEXTS or text.startswith("seed"), text
