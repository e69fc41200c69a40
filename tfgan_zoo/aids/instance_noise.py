"""Instance noise (Sonderby et al. 2016, arXiv 1610.04490): D sees noisy examples."""

import tensorflow as tf

from tfgan_zoo.aids.base import Aid, check_not_negative, register


def instance_noise_stddev(step, initial, anneal_steps):
    """sigma_t = sigma_0 max(0, 1 - t / T).

    Args:
        step: t, the train steps done.
        initial: sigma_0.
        anneal_steps: T; 0 keeps sigma_0 for the whole run.
    """
    if not anneal_steps:
        return tf.constant(initial, tf.float32)
    progress = tf.cast(step, tf.float32) / float(anneal_steps)
    return initial * tf.maximum(0.0, 1.0 - progress)


@register
class InstanceNoise(Aid):
    """N(0, sigma_t^2) added to every example the discriminator sees, real and
    generated, with sigma_t = sigma_0 max(0, 1 - t / T) annealed over the
    train steps t (`GAN.steps_done`).

    Args:
        instance_noise: sigma_0 > 0.
        instance_noise_anneal_steps: T; 0 keeps sigma_0 for the whole run.
    """

    name = "instance_noise"
    fields = {"instance_noise": 0.0, "instance_noise_anneal_steps": 0}
    test_fields = {"instance_noise": 0.1, "instance_noise_anneal_steps": 10}

    def __init__(self, instance_noise, instance_noise_anneal_steps=0):
        if not instance_noise > 0 or instance_noise_anneal_steps < 0:
            raise ValueError(f"instance_noise must be > 0 and instance_noise_anneal_steps >= 0, got "
                             f"{instance_noise} and {instance_noise_anneal_steps}")
        self.instance_noise = instance_noise
        self.instance_noise_anneal_steps = instance_noise_anneal_steps

    @classmethod
    def from_fields(cls, instance_noise, instance_noise_anneal_steps):
        check_not_negative(instance_noise=instance_noise, instance_noise_anneal_steps=instance_noise_anneal_steps)
        return cls(instance_noise, instance_noise_anneal_steps) if instance_noise else None

    def discriminator_input(self, gan, images):
        stddev = instance_noise_stddev(gan.steps_done, self.instance_noise, self.instance_noise_anneal_steps)
        noise = gan.draw(tf.random.stateless_normal, tf.shape(images)[0], images.shape[1:])
        return images + tf.cast(stddev * noise, images.dtype)
