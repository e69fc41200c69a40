"""Variants that train in stages (ProGAN's growth, Stacked GAN's stacks): the phase protocol."""

from tfgan_zoo.gans.gan import GAN


def phase_containing(phases, step):
    """The phase that train step `step` falls in: phases are consecutive
    [start, end) spans, the last with end None."""
    return next(phase for phase in phases if phase.end is None or step < phase.end)


class StagedGAN(GAN):
    """A GAN trained through consecutive phases, each with its own networks in
    play and its own input pipeline.

    A subclass sets `self.phases`: records with `index`, `start` and `end`
    (train steps [start, end); end None for the last), and the `resolution`
    and `batch_size` its real images are served at. It implements
    `set_phase` and `restore_phase`. The trainer, by type:
      - at the start of a run and at every phase boundary calls
        `set_phase(phase_at(step), step)` and rebuilds the input pipeline at
        the phase's resolution and batch size; it writes a sample grid as each
        phase ends;
      - sampling, evaluation and export call `restore_phase()` after restoring
        a checkpoint, so the model runs as it stood when it was saved.
    The phase is model state kept in checkpoints (a variable each subclass
    adds to `checkpoint_items`), so a run stopped mid-phase resumes in it.
    """

    phases = ()

    def phase_at(self, step):
        return phase_containing(self.phases, step)

    def set_phase(self, phase, step=None):
        """Runs `phase` from the next traced step on; `step` is the step about to run."""
        raise NotImplementedError

    def restore_phase(self):
        """Sets the Python-side phase from the checkpointed phase variable."""
        raise NotImplementedError

    def sampling_generator(self, resolution=None):
        """The generator to sample from; staged variants with one output
        resolution accept only that one."""
        generator = super().sampling_generator()
        size = generator.output_shape[1]
        if resolution is not None and resolution != size:
            raise ValueError(f"{type(self).__name__} draws {size}x{size} images only, got resolution {resolution}")
        return generator
