"""Variants whose discriminator has a second, auxiliary head (AC-GAN's classifier, InfoGAN's Q)."""

from tfgan_zoo.gans.gan import GAN


class AuxiliaryHeadGAN(GAN):
    """D returns [logit, head outputs]: the logit plays the adversarial game, and each
    player's loss adds a term on the head,

        L_D = L_S^D(D(x), D(G(z))) + head_D(H(x), H(G(z)), c),
        L_G = L_S^G(D(G(z))) + head_G(H(G(z)), c),

    with L_S the objective, H the head and c the step's labels (AC-GAN's
    classes, InfoGAN's codes). A subclass gives the two head terms; D runs
    once per batch for both outputs, and in the `simultaneous` order G's loss
    reads them from D's own pass. `discriminator_loss` returns D's outputs
    as [logit, head] pairs (`score` gives the logit).
    """

    def check_head(self, discriminator, outputs, what, remedy):
        """Raises unless the discriminator returns [logit, `outputs` head outputs] (`what` they are;
        `remedy` says which networks do)."""
        if len(discriminator.outputs) != 2 or discriminator.outputs[1].shape[-1] != outputs:
            raise ValueError(f"{type(self).__name__}'s discriminator must return [logit, {outputs} {what}]; {remedy}")

    def discriminate(self, images, labels, training=True):
        return self.discriminator(images, training=training)[0]

    def score(self, outputs):
        return outputs[0]

    def discriminator_head_loss(self, real_head, fake_head, labels):
        """head_D per example [batch]."""
        raise NotImplementedError

    def generator_head_loss(self, fake_head, labels):
        """head_G per example [batch]."""
        raise NotImplementedError

    def discriminator_loss(self, real_images, fake_images, labels):
        real_out = self.discriminator(real_images, training=True)
        fake_out = self.discriminator(fake_images, training=True)
        adversarial = self.objective_discriminator_loss(real_out[0], fake_out[0])
        return adversarial + self.discriminator_head_loss(real_out[1], fake_out[1], labels), real_out, fake_out

    def generator_loss(self, real_images, fake_images, labels):
        real_out = self.discriminator(real_images, training=True) if self.objective.generator_uses_real else None
        return self.generator_loss_on_pass(real_out, self.discriminator(fake_images, training=True), labels)

    def generator_loss_on_pass(self, real_out, fake_out, labels):
        real_logit = real_out[0] if self.objective.generator_uses_real else None
        return self.objective.generator_loss(real_logit, fake_out[0]) + self.generator_head_loss(fake_out[1], labels)
