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
