"""What a model is, as data: its layers and parameters (Keras's ``model.summary()``) and the
record of how it was made (the folder's ``metadata.json``). ``info`` prints it and the Inspect
tab's *Model* page shows it.

An ensemble made by ``combine`` is one Keras model whose members' layers are named ``m1_…``,
``m2_…``; when every member has the same layers, the card lists them once, per member.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lab.core.ensemble import layer_chains
from lab.core.inspection import layer_summaries

TRAINING_KEYS = ("epochs", "batch_size", "optimizer", "learning_rate", "lr_schedule",
                 "dropout", "augmentation", "handwriting", "seed")


def model_card(saved) -> dict:
    """A SavedModel → {"title", "dataset", "classes", "parameters", "trainable", "size_bytes",
    "layers", "members", "member_parameters", "layers_per_member", "training", "test",
    "command", "member_records", "saved_at", "lab_version", "run_id"}; a field the metadata
    lacks is None."""
    meta = saved.metadata or {}
    model = saved.model
    layers, per_member, member_parameters = _layers(model)
    test = meta.get("test_metrics") or {}
    file = Path(saved.path) / "model.keras" if getattr(saved, "path", None) else None
    return {
        "title": saved.title,
        "dataset": meta.get("dataset_title") or meta.get("dataset"),
        "classes": [str(name) for name in (meta.get("class_names") or saved.class_names)],
        "parameters": int(model.count_params()),
        "trainable": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
        "size_bytes": file.stat().st_size if file is not None and file.is_file() else None,
        "layers": layers,
        "members": len(member_parameters),
        "member_parameters": member_parameters,
        "layers_per_member": per_member,
        "training": _training(meta),
        "test": ({"accuracy": float(test["accuracy"]), "loss": float(test.get("loss", 0.0)),
                  "n": int(test.get("n", 0))} if "accuracy" in test else None),
        "command": meta.get("command"),
        "member_records": [{"seed": record.get("seed"), "command": record.get("command")}
                           for record in meta.get("ensemble_members") or ()
                           if isinstance(record, dict)],
        "saved_at": meta.get("saved_at"),
        "lab_version": meta.get("lab_version"),
        "run_id": meta.get("run_id"),
    }


def _layers(model):
    """(layers to show, shown once per member?, parameters of each member) — an ensemble of
    identical members shows its input, the first member's layers (named as in the member,
    ``"member": True``) and its output. Every row: {name, kind, output_shape, parameters,
    member}."""
    whole = [{**row, "member": False} for row in layer_summaries(model)]
    chains = layer_chains(model)
    if len(chains) < 2:
        return whole, False, [int(model.count_params())]
    by_name = {row["name"]: row for row in whole}
    members = [[{**by_name[layer.name], "name": name, "member": True} for name, layer in chain]
               for chain in chains]
    sizes = [sum(row["parameters"] for row in member) for member in members]
    if any([_signature(row) for row in member] != [_signature(row) for row in members[0]]
           for member in members):
        return whole, False, sizes
    inside = {layer.name for chain in chains for _, layer in chain}
    outside = [row for row in whole if row["name"] not in inside]
    inputs = [row for row in outside if row["kind"] == "input"]
    return inputs + members[0] + [row for row in outside if row["kind"] != "input"], True, sizes


def _signature(row):
    return row["name"], row["kind"], row["output_shape"], row["parameters"]


def member_sizes(card) -> str:
    """Each member's parameters: "391,850", or "225,034 + 391,850" when they differ."""
    sizes = card["member_parameters"]
    if len(set(sizes)) == 1:
        return f"{sizes[0]:,}"
    return " + ".join(f"{size:,}" for size in sizes)


def _training(meta):
    """The training settings worth reading, from the metadata's hyperparameters; None for a
    model without them (an ensemble, a model from elsewhere)."""
    settings = meta.get("hyperparameters")
    if not isinstance(settings, dict):
        return None
    found = {key: settings[key] for key in TRAINING_KEYS if settings.get(key) not in (None, "")}
    for key in ("best_epoch", "best_val_accuracy", "wall_time_s", "stop_reason"):
        if meta.get(key) is not None:
            found[key] = meta[key]
    return found or None


def training_text(training) -> str:
    """The training settings in one line: "30 epochs, batch 128, adam at 0.003 (one-cycle), …"."""
    t = dict(training)
    parts = []
    if "epochs" in t:
        parts.append(f"{t['epochs']} epoch{'' if t['epochs'] == 1 else 's'}")
    if "batch_size" in t:
        parts.append(f"batch {t['batch_size']}")
    if "optimizer" in t or "learning_rate" in t:
        rate = f" at {t['learning_rate']:g}" if "learning_rate" in t else ""
        schedule = f" ({t['lr_schedule']})" if "lr_schedule" in t else ""
        parts.append(f"{t.get('optimizer', 'learning rate')}{rate}{schedule}")
    if "dropout" in t:
        parts.append(f"dropout {t['dropout']:g}")
    if "augmentation" in t:
        parts.append(f"augmentation {t['augmentation']}")
    if t.get("handwriting"):
        parts.append(f"{t['handwriting']:,} handwriting images per class")
    if "seed" in t:
        parts.append(f"seed {t['seed']}")
    if "best_epoch" in t:
        best = f"best epoch {t['best_epoch']}"
        if "best_val_accuracy" in t:
            best += f" (validation {t['best_val_accuracy']:.2%})"
        parts.append(best)
    if "wall_time_s" in t:
        seconds = float(t["wall_time_s"])
        parts.append(f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min")
    if t.get("stop_reason") not in (None, "completed"):
        parts.append(f"ended: {t['stop_reason']}")
    return ", ".join(parts)


def card_lines(card) -> list[str]:
    """The card for people, as ``info`` prints it."""
    lines = [f"{card['title']} on {card['dataset'] or '?'} ({len(card['classes'])} classes: "
             f"{' '.join(card['classes'])})"]
    size = f" · model.keras {card['size_bytes'] / 1e6:.1f} MB" if card["size_bytes"] else ""
    each = f" ({card['members']} members of {member_sizes(card)})" if card["members"] > 1 else ""
    lines.append(f"parameters {card['parameters']:,}{each}, trainable {card['trainable']:,}"
                 f"{size}")
    if card["test"]:
        test = card["test"]
        lines.append(f"test accuracy {test['accuracy']:.2%} (loss {test['loss']:.4f}, "
                     f"{test['n']:,} images)")
    if card["training"]:
        lines.append(f"trained: {training_text(card['training'])}")
    if card["command"]:
        lines.append(f"made by: {card['command']}")
    for number, record in enumerate(card["member_records"], 1):
        lines.append(f"  member {number}: seed {record['seed']} · {record['command'] or '?'}")
    if card["saved_at"]:
        lines.append(f"saved {card['saved_at'][:19].replace('T', ' ')} UTC"
                     f" · lab {card['lab_version'] or '?'}")
    lines.append("layers:")
    name_width = max(len(layer["name"]) for layer in card["layers"]) + 2
    kind_width = max(len(layer["kind"]) for layer in card["layers"])
    inside = False
    for layer in card["layers"]:
        if layer["member"] and not inside:
            lines.append(f"  each of the {card['members']} members:")
        inside = layer["member"]
        name = ("  " if inside else "") + layer["name"]
        shape = "×".join(str(d) for d in layer["output_shape"]) or "-"
        lines.append(f"  {name:<{name_width}}  {layer['kind']:<{kind_width}}  {shape:>10}  "
                     f"{layer['parameters']:>9,}")
    return lines
