"""Calling a network that may take a label input beside its main one."""


def call_with_labels(model, inputs, labels, training=True):
    """model([inputs, labels]) for a two-input (conditional) model, else model(inputs)."""
    if len(model.inputs) == 2:
        if labels is None:
            raise ValueError(f"{model.name} takes [images, label] but no labels were given")
        return model([inputs, labels], training=training)
    return model(inputs, training=training)
