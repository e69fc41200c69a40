"""PacGAN's packing (Lin et al. 2018, arXiv 1712.04086): D judges m examples at once."""

import tensorflow as tf

from tfgan_zoo.aids.base import Aid, register


@register
class Packing(Aid):
    """The discriminator judges m examples concatenated on the channel axis.

        pack: [n, ..., c] -> [n / m, ..., m c],  m consecutive examples side by side,

    so D's input has m times the generator's channels (build it with
    `tfgan_zoo.networks.aids.packed`) and a loss value is one per pack. A
    pack has no single label: packing refuses conditional models.

    Args:
        packing: m >= 2 (the flat field; 1 is no packing).
    """

    name = "packing"
    fields = {"packing": 1}
    test_fields = {"packing": 2}
    # Packing merges examples, so aids that change single examples go first.
    order = 1

    def __init__(self, packing):
        if not isinstance(packing, int) or packing < 2:
            raise ValueError(f"packing must be an integer >= 1, got {packing!r}")
        self.packing = packing

    @classmethod
    def from_fields(cls, packing):
        if packing < 1:
            raise ValueError(f"packing must be >= 1, got {packing}")
        return cls(packing) if packing > 1 else None

    def attach(self, gan):
        if gan.conditional:
            raise ValueError(f"packing judges several examples at once, which have no single label; "
                             f"{type(gan).__name__} is conditional, so use packing=1")
        produced = gan.generator.output_shape[-1]
        judged = gan.discriminator.inputs[0].shape[-1]
        if judged != produced * self.packing:
            raise ValueError(
                f"packing={self.packing} needs a discriminator taking {self.packing} x {produced} = "
                f"{self.packing * produced} channels, but it takes {judged}; build it with "
                "tfgan_zoo.networks.aids.packed(discriminator, packing)"
            )

    def discriminator_input(self, gan, images):
        return self.pack(images)

    def discriminator_labels(self, labels):
        # Unconditional models ignore labels; conditional ones refuse packing.
        return None

    def pack(self, images):
        """[n, ..., c] -> [n / m, ..., m c]: m consecutive examples side by side."""
        rows = images.shape[0]
        if rows is not None and rows % self.packing:
            raise ValueError(f"a batch of {rows} examples cannot be packed in groups of packing="
                             f"{self.packing}; use a (per-replica) batch size divisible by {self.packing}")
        rank = images.shape.rank
        grouped = tf.reshape(images, [-1, self.packing, *images.shape[1:]])
        # Move the group axis next to the channels, then merge the two.
        grouped = tf.transpose(grouped, [0, *range(2, rank), 1, rank])
        return tf.reshape(grouped, [-1, *images.shape[1:-1], self.packing * images.shape[-1]])
