"""Progressive GAN (Karras et al. 2017, "Progressive Growing of GANs for Improved Quality,
Stability, and Variation", arXiv 1710.10196)."""

import dataclasses
import math

import keras
import tensorflow as tf

from tfgan_zoo.gans.gan import GAN, unpack_batch
from tfgan_zoo.gans.staged import StagedGAN, phase_containing
from tfgan_zoo.gans.wgan_gp import WGANGP
from tfgan_zoo.networks.progressive import resolution_of
from tfgan_zoo.registry import VARIANTS
from tfgan_zoo.replicas import unscaled_optimizer


@dataclasses.dataclass(frozen=True)
class Phase:
    """A stretch of training with one network shape and one input pipeline.

    index: position in the schedule; level: doublings from 4x4; fading:
    whether alpha ramps 0 -> 1 during it; start, end: its train steps
    [start, end) (end None for the last, which lasts until training stops).
    """

    index: int
    level: int
    fading: bool
    resolution: int
    batch_size: int
    start: int
    end: int | None


class GrowthSchedule:
    """The phases of progressive growing, as a pure function of the train step.

    Level 0 (4x4) only stabilizes; every later level fades its block in over
    ceil(fade_images / batch) steps, then stabilizes for
    ceil(stabilize_images / batch) steps; the final level's stabilization
    lasts until training stops. Each level has its own batch size.
    """

    def __init__(self, levels, fade_images, stabilize_images, batch_sizes):
        self.levels = levels
        phases, start = [], 0
        for level in range(levels + 1):
            batch = batch_sizes[level]
            stretches = [(True, math.ceil(fade_images / batch))] if level else []
            stretches.append((False, math.ceil(stabilize_images / batch)))
            for fading, steps in stretches:
                last = level == levels and not fading
                phases.append(Phase(len(phases), level, fading, resolution_of(level), batch, start,
                                    None if last else start + steps))
                start += steps
        self.phases = phases

    def phase_at(self, step):
        return phase_containing(self.phases, step)

    def alpha_at(self, step, phase=None):
        """Alpha of the step that starts with `step` steps done: (step - start) / fade
        steps in a fade, 1 otherwise. `step` may be a tensor (inside the train
        step) when its `phase` is given."""
        phase = phase or self.phase_at(step)
        if not phase.fading:
            return 1.0
        done = tf.cast(step, tf.float32) - phase.start
        return tf.clip_by_value(done / (phase.end - phase.start), 0.0, 1.0)


@VARIANTS.register("progan")
@keras.saving.register_keras_serializable(package="tfgan_zoo")
class ProGAN(WGANGP, StagedGAN):
    """WGAN-GP with the drift term, on networks that grow from 4x4 by doubling:

        L_D = D(G(z)) - D(x) + lambda (||grad D(x_hat)||_2 - 1)^2 + eps_drift D(x)^2
        L_G = -D(G(z))

    with lambda = 10, eps_drift = 0.001 and one critic step per G step (the
    paper's appendix A.1). Training runs through the `GrowthSchedule`: at
    phase (level l, fading) both networks run grown to resolution 4 * 2^l,
    the newest block faded in with alpha = (steps into the fade) / (fade
    steps), computed in the step from the steps done (`steps_done`). The level, the
    fading flag and alpha are model state (`level`, `alpha`, saved with
    checkpoints); the trainer sets the phase with `set_phase` and feeds
    images at the phase's resolution and batch size.

    Networks: `progan_generator` and `progan_discriminator` (pixel norm,
    equalized learning rate, minibatch stddev). Sampling and export use the
    level reached (or a chosen lower one, `sampling_generator(resolution)`).

    Args:
        fade_images, stabilize_images: real images shown per fade-in and per
            stabilization phase (paper: 800,000 each).
        batch_sizes: {resolution (str or int): batch size}; resolutions not
            listed use batch_size.
        batch_size: the batch of the levels batch_sizes does not list (the
            builder passes train.batch_size).
        drift_weight: eps_drift.
        reset_optimizers_on_growth: zero both optimizers' moments and step
            at every phase boundary, where a fade-in or a stabilization
            starts (the official code's `reset_opt_for_new_lod`, on in its
            configs): the state Adam gathered at one resolution does not
            carry to the next network.
        gp_weight, d_steps: see `WGANGP` (here lambda = 10, 1 critic step).
    """

    refused_aids = dict.fromkeys(("packing", "feature_matching", "experience_replay"),
                                 "the networks change shape as they grow")
    test_networks = {"generator": {"name": "progan_generator", "z_dim": 8, "resolution": 8, "channels": 1,
                                   "filter_base": 32, "max_filters": 4},
                     "discriminator": {"name": "progan_discriminator", "resolution": 8, "channels": 1,
                                       "filter_base": 32, "max_filters": 4, "minibatch_group_size": 2}}

    def __init__(self, generator, discriminator, fade_images=800_000, stabilize_images=800_000, batch_sizes=None,
                 batch_size=16, drift_weight=0.001, reset_optimizers_on_growth=False, d_steps=1, **kwargs):
        super().__init__(generator, discriminator, d_steps=d_steps, **kwargs)
        self.synthesis = generator.get_layer("synthesis")
        self.critic = discriminator.get_layer("critic")
        if self.synthesis.final_resolution != self.critic.final_resolution:
            raise ValueError(f"the generator grows to {self.synthesis.final_resolution} but the discriminator to "
                             f"{self.critic.final_resolution}; give both the same resolution")
        if fade_images < 1 or stabilize_images < 1:
            raise ValueError(f"fade_images and stabilize_images must be >= 1, got {fade_images}, {stabilize_images}")
        self.fade_images = fade_images
        self.stabilize_images = stabilize_images
        self.batch_sizes = {str(key): int(value) for key, value in (batch_sizes or {}).items()}
        self.batch_size = batch_size
        levels = self.synthesis.levels
        known = {str(resolution_of(level)) for level in range(levels + 1)}
        unknown = sorted(set(self.batch_sizes) - known, key=int)
        if unknown:
            raise ValueError(f"batch_sizes names resolution {unknown[0]}, which is not one of the phases' "
                             f"{sorted(known, key=int)}")
        per_level = [self.batch_sizes.get(str(resolution_of(level)), batch_size) for level in range(levels + 1)]
        if min(per_level) < 1:
            raise ValueError(f"batch sizes must be >= 1, got {per_level}")
        self.schedule = GrowthSchedule(levels, fade_images, stabilize_images, per_level)
        self.phases = self.schedule.phases
        self.drift_weight = drift_weight
        self.reset_optimizers_on_growth = reset_optimizers_on_growth
        self.level_variable = self.add_weight(shape=(), dtype="int64", initializer="zeros", trainable=False,
                                              name="level", aggregation="only_first_replica")
        self.alpha = self.add_weight(shape=(), dtype="float32", initializer="ones", trainable=False, name="alpha",
                                     aggregation="only_first_replica")
        self.set_phase(self.schedule.phases[0])

    # ------------------------------------------------------------- growing

    def set_phase(self, phase, step=None):
        """Runs the networks at `phase`'s level from the next traced step on;
        with `step`, alpha is set to its value there (for samples before the
        next step), and at a phase's first step the optimizers are reset when
        `reset_optimizers_on_growth` (a resume mid-phase keeps their state)."""
        self.level, self.fading = phase.level, phase.fading
        self.level_variable.assign(phase.level)
        if step is not None:
            self.alpha.assign(self.schedule.alpha_at(step))
            if self.reset_optimizers_on_growth and phase.index > 0 and step == phase.start:
                self._reset_optimizers()
        self._phase = phase

    def _reset_optimizers(self):
        """Zeroes every optimizer variable but the learning rate: moments and step."""
        for optimizer in (self.g_optimizer, self.d_optimizer):
            inner = unscaled_optimizer(optimizer)
            for variable in inner.variables:
                # Keras keeps the rate among the variables; only it is not state.
                if variable is not inner._learning_rate:
                    variable.assign(tf.zeros_like(variable))

    def restore_phase(self):
        """After a checkpoint restore (export, sampling): the level and alpha it holds."""
        self.level = int(self.level_variable.numpy())
        self.fading = float(self.alpha.numpy()) < 1.0

    def _alpha(self):
        return self.alpha if self.fading else None

    def checkpoint_items(self):
        return {**super().checkpoint_items(), "growth": [self.level_variable, self.alpha]}

    # ------------------------------------------------------------ the step

    def train_step(self, data):
        self.alpha.assign(self.schedule.alpha_at(self.steps_done, self._phase))
        images, _ = unpack_batch(data)
        logs = super().train_step(self.faded_reals(images))
        return {**logs, "resolution": tf.constant(float(resolution_of(self.level))), "alpha": tf.identity(self.alpha)}

    def faded_reals(self, images):
        """During a fade-in, the real images crossfaded as the fakes are:
        alpha x + (1 - alpha) upsample(avgpool_2x2(x)), so D cannot tell the
        sharp reals from the half-blurred fakes (Karras et al., Fig. 2; the
        official `process_reals`, FadeLOD). Outside a fade, x."""
        if not self.fading:
            return images
        blurred = tf.nn.avg_pool2d(images, 2, 2, "VALID")
        blurred = tf.repeat(tf.repeat(blurred, 2, axis=1), 2, axis=2)
        alpha = tf.cast(self.alpha, images.dtype)
        return alpha * images + (1.0 - alpha) * blurred

    def generate(self, z, labels=None, training=True, generator=None):
        synthesis = self.synthesis if generator is None else generator.get_layer("synthesis")
        return synthesis.grown(z, self.level, self._alpha())

    def discriminate(self, images, labels, training=True):
        return self.critic.grown(images, self.level, self._alpha())

    def discriminator_loss(self, real_images, fake_images, labels):
        per_example, real_out, fake_out = super().discriminator_loss(real_images, fake_images, labels)
        drift = self.drift_weight * tf.square(tf.cast(tf.reshape(real_out, [-1]), tf.float32))
        return per_example + drift, real_out, fake_out

    # ------------------------------------------------------------ sampling

    def sampling_generator(self, resolution=None):
        """A functional generator at the level reached (alpha as it stands), or
        at a chosen lower resolution (that level's stabilized network)."""
        base = GAN.sampling_generator(self)
        synthesis = base.get_layer("synthesis")
        level, alpha = self.level, (float(self.alpha.numpy()) if self.fading else None)
        if resolution is not None:
            trained = {resolution_of(lv): lv for lv in range(self.level + 1)}
            if resolution not in trained:
                raise ValueError(f"resolution must be one of the trained ones {list(trained)}, got {resolution}")
            if trained[resolution] < self.level:
                level, alpha = trained[resolution], None
        z = keras.Input((self.z_dim,), name="z")
        return keras.Model(z, synthesis.grown(z, level, alpha), name=f"progan_generator_{resolution_of(level)}")

    def sample(self, z, labels=None):
        return self.sampling_generator()(tf.convert_to_tensor(z, tf.float32), training=False)

    def get_config(self):
        return {**super().get_config(), "fade_images": self.fade_images, "stabilize_images": self.stabilize_images,
                "batch_sizes": dict(self.batch_sizes), "batch_size": self.batch_size, "drift_weight": self.drift_weight,
                "reset_optimizers_on_growth": self.reset_optimizers_on_growth}

