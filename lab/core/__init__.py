"""Qt-free core of Digit Lab: data, models, training, evaluation, storage, preprocessing.

Nothing under lab.core may import PyQt5 or pyqtgraph (tests/test_core_is_qt_free.py).
"""
