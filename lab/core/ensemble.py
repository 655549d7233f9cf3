"""Ensembles: several members trained with different seeds, their probabilities averaged.

Independently trained networks make different mistakes on fonts none of them has seen, so
their average is right more often than any one of them. The members are copied into one
flat Keras graph (layers named m1_conv1, m2_conv1, …), so the result is an ordinary model:
saved, loaded, inspected and used by the draw pad like any other.
"""

import re
from dataclasses import replace

import numpy as np

from lab.core.tensorflow_setup import import_tensorflow

import_tensorflow()
import keras
from keras import layers

from lab.core.errors import TrainingError
from lab.core.evaluation import evaluate
from lab.core.training import Reporter, StopReason, TrainingResult, train

MAX_MEMBERS = 5
MEMBER_LAYER = r"m(\d+)_(.+)"   # an ensemble's layer: member number, the member's layer name


class _MemberReporter(Reporter):
    """Passes a member's reports on, saying which member they belong to."""

    def __init__(self, reporter, member, members):
        self.reporter, self.member, self.members = reporter, member, members

    def started(self, info):
        self.reporter.message(f"member {self.member} of {self.members}")
        self.reporter.started({**info, "member": self.member, "members": self.members})

    def batch(self, report):
        self.reporter.batch({**report, "member": self.member})

    def epoch(self, report):
        self.reporter.epoch({**report, "member": self.member})

    def message(self, text):
        self.reporter.message(text)


def average_models(members, name="ensemble"):
    """One functional model whose output is the mean of the members' outputs.

    Each member (a Sequential lab model, or an ensemble made here, which adds each of its
    own members) is copied layer by layer with its weights, so the ensemble shares nothing
    with the originals.
    """
    chains = [chain for member in members for chain in layer_chains(member)]
    if not chains:
        raise TrainingError("an ensemble needs at least one member")
    inputs = keras.Input(members[0].input_shape[1:], name="pixels")
    outputs = []
    for number, chain in enumerate(chains, 1):
        hidden = inputs
        for layer_name, layer in chain:
            copy = _copy_layer(layer, f"m{number}_{layer_name}")
            hidden = copy(hidden)
            copy.set_weights(layer.get_weights())
        outputs.append(hidden)
    if len(outputs) == 1:
        return keras.Model(inputs, outputs[0], name=name)
    return keras.Model(inputs, layers.Average(name="probabilities")(outputs), name=name)


def members_of(model):
    """The members of a lab model as separate Sequential copies: the model itself for a
    single one, each chain of layers named m1_…, m2_… for an ensemble made here."""
    if not _is_ensemble(model):
        return [model]
    members = []
    for number, chain in enumerate(layer_chains(model), 1):
        member = keras.Sequential(name=f"member{number}")
        member.add(keras.Input(model.input_shape[1:]))
        for layer_name, layer in chain:
            copy = _copy_layer(layer, layer_name)
            member.add(copy)
            copy.set_weights(layer.get_weights())
        members.append(member)
    return members


def _is_ensemble(model):
    return any(re.fullmatch(MEMBER_LAYER, layer.name) for layer in model.layers)


def layer_chains(model):
    """[(name, layer)] lists, one per member: each m1_…, m2_… chain of an ensemble made
    here (named without the prefix), else the model's own layers."""
    chains = {}
    for layer in model.layers:
        match = re.fullmatch(MEMBER_LAYER, layer.name)
        if match:
            chains.setdefault(int(match.group(1)), []).append((match.group(2), layer))
    if not chains:
        return [[(layer.name, layer) for layer in model.layers]]
    return [chains[number] for number in sorted(chains)]


def _copy_layer(layer, name):
    """A new, unbuilt layer configured as ``layer`` under ``name``."""
    return layer.__class__.from_config({**layer.get_config(), "name": name})


def pick_members(saved, numbers):
    """A copy of ``saved`` (a SavedModel) holding only its members ``numbers`` (1-based, in
    that order), each with its own record: to drop members of an ensemble, or reorder them."""
    chains = layer_chains(saved.model)
    wrong = [n for n in numbers if not 1 <= n <= len(chains)]
    if not numbers or wrong or len(set(numbers)) != len(numbers):
        raise TrainingError(f"{saved.path} has {len(chains)} member(s), numbered 1 to "
                            f"{len(chains)}; pick each at most once (asked for "
                            f"{', '.join(map(str, numbers)) or 'none'})")
    members, listed = members_of(saved.model), _member_records(saved)
    records = [listed[n - 1] for n in numbers]
    model = average_models([members[n - 1] for n in numbers], name=saved.model.name)
    return replace(saved, model=model, metadata={**saved.metadata, "ensemble_members": records,
                                                  "picked_members": list(numbers)})


def _member_records(saved):
    """One record per member of ``saved``: its metadata's, or the model's own seed."""
    listed = list(saved.metadata.get("ensemble_members") or [])
    own = {"seed": (saved.metadata.get("hyperparameters") or {}).get("seed")}
    return [listed[index] if index < len(listed) and isinstance(listed[index], dict) else own
            for index in range(len(layer_chains(saved.model)))]


def combine_saved(saved_models, command=""):
    """Saved models of one dataset → (model averaging all their members, metadata).

    An ensemble given here adds each of its members, so ``combine A B`` where B has two
    members averages three models with equal weight. The metadata records where each
    member came from and the commands that made them.
    """
    if sum(len(layer_chains(saved.model)) for saved in saved_models) < 2:
        raise TrainingError("combining needs at least two models (folders, or members of "
                            "an ensemble)")
    first = saved_models[0]
    for saved in saved_models[1:]:
        if saved.dataset != first.dataset or saved.class_names != first.class_names:
            raise TrainingError(f"{saved.path} was trained on {saved.dataset} "
                                f"{list(saved.class_names)}, {first.path} on {first.dataset} "
                                f"{list(first.class_names)}: combine models of one dataset")
    # A member of an earlier combination keeps where it came from and how it was made.
    records = [{"from": str(saved.path), "command": saved.metadata.get("command"), **record}
               for saved in saved_models for record in _member_records(saved)]
    if len(records) > MAX_MEMBERS:
        raise TrainingError(f"these folders hold {len(records)} models in all; an ensemble "
                            f"has at most {MAX_MEMBERS}")
    architectures = sorted({s.architecture or "model" for s in saved_models})
    metadata = {
        "dataset": first.dataset, "dataset_title": first.metadata.get("dataset_title"),
        "class_names": list(first.class_names), "architecture": "+".join(architectures),
        "ensemble_members": records, "command": command,
        "combined_from": [{"path": str(s.path), "command": s.metadata.get("command"),
                           "test_metrics": s.metadata.get("test_metrics"),
                           **({"members": s.metadata["picked_members"]}
                              if "picked_members" in s.metadata else {})}
                          for s in saved_models]}
    model = average_models([s.model for s in saved_models],
                           name=f"{metadata['architecture']}_ensemble")
    return model, metadata


def train_ensemble(dataset, config, members, reporter=None, control=None, augmentations=(),
                   on_epoch_end=None):
    """Train `members` models with seeds seed, seed+1, … and average them.

    `augmentations` (policy names of lab.core.augmentation) are given to the members in
    turn: members distorted in different ways make more different mistakes.
    on_epoch_end(model, state) is called after each epoch of each member.

    A stop request ends the member in training (its best weights are kept) and trains no
    further member. The result's history runs through the members' epochs one after the
    other (history["member"] says whose); best_val_accuracy is the ensemble's own.
    """
    if isinstance(members, bool) or not isinstance(members, int) or \
            not 1 <= members <= MAX_MEMBERS:
        raise TrainingError(f"an ensemble has 1 to {MAX_MEMBERS} members, got {members!r}")
    reporter = reporter or Reporter()
    config = config.resolved()
    results = []
    for number in range(1, members + 1):
        seed = None if config.seed is None else config.seed + number - 1
        member_config = replace(config, seed=seed)
        if augmentations:
            member_config = replace(member_config, augment=True,
                                    augmentation=augmentations[(number - 1) % len(augmentations)])
        member_reporter = _MemberReporter(reporter, number, members)
        results.append(train(dataset, member_config, member_reporter, control,
                             on_epoch_end=on_epoch_end))
        if results[-1].stop_reason is not StopReason.COMPLETED:
            break
    model = average_models([r.model for r in results], name=f"{config.architecture}_ensemble")
    validation = dataset.validation
    val_accuracy = (evaluate(model, validation.images, validation.labels,
                             dataset.class_names).accuracy
                    if len(validation) and not config.include_validation else float("nan"))
    history = {}
    for number, result in enumerate(results, 1):
        for key, values in result.history.items():
            history.setdefault(key, []).extend(values)
        history.setdefault("member", []).extend([number] * len(result.history.get("loss", [])))
    stopped = next((r for r in results if r.stop_reason is not StopReason.COMPLETED), None)
    result = TrainingResult(
        model, history, stopped.stop_reason if stopped else StopReason.COMPLETED, best_epoch=-1,
        best_val_accuracy=float(val_accuracy),
        wall_time=float(np.sum([r.wall_time for r in results])), config=config,
        members=tuple({"seed": r.config.seed, "augmentation": r.config.augmentation_policy(dataset.name),
                       "kept_epoch": r.best_epoch, "val_accuracy": r.best_val_accuracy,
                       "stop_reason": str(r.stop_reason)} for r in results),
        stop_detail=stopped.stop_detail if stopped else "")
    reporter.finished(result)
    return result

