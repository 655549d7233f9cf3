"""The session's model registry keeps one live predictor for the model in training."""

import numpy as np
import pytest
from PyQt5.QtCore import QSettings

from lab.gui.session import LabSession
from lab.gui.model_registry import SESSION_KEY
from lab.gui.tabs.draw.model_chooser import DrawModelChooser


@pytest.fixture
def chooser(qtbot, tmp_path):
    session = LabSession(settings=QSettings(str(tmp_path / "lab.ini"), QSettings.IniFormat))
    session.quiet = True
    (tmp_path / "no-models").mkdir()
    widget = DrawModelChooser(session, models_dir=tmp_path / "no-models")
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def _epoch_model(saved, scale):
    """A new unsaved SavedModel like the Train tab publishes each epoch."""
    import keras

    from lab.core.storage import SavedModel

    model = keras.models.clone_model(saved.model)
    model.set_weights([w * scale for w in saved.model.get_weights()])
    return SavedModel(model=model, metadata=dict(saved.metadata), path=None)


def test_new_epochs_update_one_predictor_instead_of_building_more(qtbot, chooser, tiny_model_dir):
    from lab.core.storage import load_model

    saved = load_model(tiny_model_dir)
    session = chooser._session
    with qtbot.waitSignal(chooser.predictor_changed, timeout=60000) as first:
        session.set_model(_epoch_model(saved, 1.0))
    predictor = first.args[0]
    for scale in (0.5, 0.25):
        epoch = _epoch_model(saved, scale)
        with qtbot.waitSignal(chooser.predictor_changed, timeout=60000) as blocker:
            session.set_model(epoch)
        assert blocker.args[0] is predictor and blocker.args[1] is epoch
        np.testing.assert_allclose(predictor.model.get_weights()[0],
                                   saved.model.get_weights()[0] * scale, rtol=1e-6)
    assert list(session.models._predictors) == [SESSION_KEY]  # nothing per epoch is kept


def test_a_model_that_is_no_longer_listed_is_dropped_from_the_cache(qtbot, chooser,
                                                                     tiny_model_dir):
    from lab.core.storage import load_model

    session = chooser._session
    with qtbot.waitSignal(chooser.predictor_changed, timeout=60000):
        session.set_model(_epoch_model(load_model(tiny_model_dir), 1.0))
    session.set_model(None)
    assert session.models.predictor(SESSION_KEY) is None


@pytest.mark.parametrize("in_memory", [False, True])
def test_the_pad_feeds_a_letters_model_as_predict_does(qtbot, chooser, tmp_path,
                                                        tiny_model_dir, in_memory):
    """A letters model learned notMNIST's glyphs stretched over the whole frame: the pad's
    predictor (a listed folder, or the model in hand) must preprocess a drawing exactly as
    `predict` does, not with MNIST's 20×20 fit, and must not share the model in training."""
    import json
    import shutil

    from lab.core.prediction import Predictor
    from lab.core.storage import load_model

    folder = tmp_path / "letters"
    shutil.copytree(tiny_model_dir, folder)
    metadata = json.loads((folder / "metadata.json").read_text())
    metadata.update(dataset="notmnist", class_names=list("ABCDEFGHIJ"))
    (folder / "metadata.json").write_text(json.dumps(metadata))
    source = _epoch_model(load_model(folder), 1.0) if in_memory else str(folder)
    registry = chooser._session.models
    with qtbot.waitSignal(registry.predictor_ready, timeout=60000) as ready:
        registry.request(source)
    pad = ready.args[1]
    drawing = np.zeros((280, 280), np.float32)
    drawing[40:240, 120:150] = 255.0                      # a tall bar, as an I is written
    expected = Predictor.from_folder(folder).read(drawing)  # what `predict` reads
    read = pad.read(drawing)
    assert pad.style == "notmnist" and pad.class_names == tuple("ABCDEFGHIJ")
    assert (read["image28"] > 128).all()                  # stretched over the whole frame
    np.testing.assert_array_equal(read["image28"], expected["image28"])
    assert read["text"] == expected["text"]
    if in_memory:
        assert pad.model is not source.model             # never the model in training
