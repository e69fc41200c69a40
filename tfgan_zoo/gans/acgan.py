"""Auxiliary classifier GAN (Odena et al. 2016, arXiv 1610.09585)."""

import keras

from tfgan_zoo.gans.auxiliary_head import AuxiliaryHeadGAN
from tfgan_zoo.losses.classification import auxiliary_classifier_loss
from tfgan_zoo.registry import VARIANTS


@VARIANTS.register("acgan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class ACGAN(AuxiliaryHeadGAN):
    """G(z, c) makes an image of class c; D judges real/fake AND classifies.

    With L_S the adversarial objective (non-saturating by default) and
    L_C = -log P(C = c | X) the class head's cross-entropy:

        L_D = L_S^D + w (L_C(x, c_real) + L_C(G(z, c), c)),
        L_G = L_S^G + w L_C(G(z, c), c).

    The paper maximises L_C + L_S for D and L_C - L_S for G; with the
    non-saturating L_S this is the form above (Odena et al., section 3).

    Args:
        generator: a conditional generator ([z, label] -> images).
        discriminator: images -> [real/fake logit, class logits]
            (`acgan_mnist_discriminator`).
        num_classes: number of classes (> 0).
        class_weight: w.
        objective: see `GAN`; "non_saturating" by default.
        See `GAN` for the rest.
    """

    refused_aids = {"packing": "a pack of several examples has no single label"}
    test_networks = {"generator": {"name": "cgan_mnist_generator", "z_dim": 8, "num_classes": 3, "embedding_dim": 4},
                     "discriminator": {"name": "acgan_mnist_discriminator", "num_classes": 3}}

    def __init__(self, generator, discriminator, num_classes=10, class_weight=1.0, objective="non_saturating",
                 **kwargs):
        if num_classes < 1:
            raise ValueError(f"num_classes must be >= 1 for AC-GAN, got {num_classes}")
        self.check_head(discriminator, num_classes, "class logits", "use acgan_mnist_discriminator")
        if class_weight < 0:
            raise ValueError(f"class_weight must be >= 0, got {class_weight}")
        super().__init__(generator, discriminator, objective=objective, num_classes=num_classes, **kwargs)
        self.class_weight = class_weight
        self.class_loss_tracker = keras.metrics.Mean(name="class_loss")

    @property
    def metrics(self):
        return [*super().metrics, self.class_loss_tracker]

    def discriminator_head_loss(self, real_head, fake_head, labels):
        class_loss = auxiliary_classifier_loss(real_head, labels) + auxiliary_classifier_loss(fake_head, labels)
        self.class_loss_tracker.update_state(class_loss)
        return self.class_weight * class_loss

    def generator_head_loss(self, fake_head, labels):
        return self.class_weight * auxiliary_classifier_loss(fake_head, labels)

    def get_config(self):
        return {**super().get_config(), "class_weight": self.class_weight}
