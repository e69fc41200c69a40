"""The training driver: one loop for every strategy, resumable from its workdir.

A workdir holds:
    config.json            the config the run was started with
    checkpoints/ckpt-N     networks, optimizers, seed state and step counter
    tensorboard/           event files (scalars every log_every steps,
                           a fixed-z sample grid every sample_every steps)
    samples/step_N.png     the same grids as PNG files
"""

import contextlib
import copy
import json
import math
import os
import signal
import sys
import threading
import time

import keras
import numpy as np
import tensorflow as tf
import tqdm

from tfgan_zoo import data as data_lib
from tfgan_zoo.builders import build_gan, packing
from tfgan_zoo.errors import (
    CheckpointWriteError,
    ClusterError,
    ConfigError,
    DivergenceError,
    WorkdirError,
    reason_of,
    system_refusal,
)
from tfgan_zoo.export import checkpoint as workdir_reader
from tfgan_zoo.gans.staged import StagedGAN
from tfgan_zoo.layers import SelfAttention, attention_maps
from tfgan_zoo.networks.resnet import initial_weights_discarded
from tfgan_zoo.trainers import config as config_lib
from tfgan_zoo.trainers import datasets, images, summaries, workdir_lock
from tfgan_zoo.trainers import strategy as strategy_lib
from tfgan_zoo.workdir import (
    BEST_DIR,
    BEST_RECORD,
    EVAL_DIR,
    SAMPLES_DIR,
    TENSORBOARD_DIR,
    checkpoint_dir,
    kept_checkpoint_dir,
)


class Run:
    """A GAN, its checkpoint and its step counter, created inside a strategy's scope."""

    def __init__(self, config, workdir, strategy):
        self.config = config
        self.workdir = workdir
        self.strategy = strategy
        # Every task of a multi-worker run writes checkpoints (saving takes part
        # in collectives), but only the chief writes into the workdir; the
        # others write to a temporary folder that is deleted after each save.
        self.chief = strategy_lib.is_chief(strategy)
        self.saved_step = None  # the step of the newest checkpoint, None before the first
        if self.chief:
            workdir_reader.repair_checkpoint_state(checkpoint_dir(workdir))
        # A run that resumes gets every weight from a checkpoint (`restore` raises when
        # none of them reads), so its networks skip drawing orthogonal kernels (BigGAN's:
        # half a minute for biggan128); every other initializer and the layer noise
        # states come out as in a fresh build.
        self.weights_discarded = bool(workdir_reader.listed_checkpoints(checkpoint_dir(workdir)))
        # Same seed, same initial weights and layer noise (dropout) states.
        keras.utils.set_random_seed(config["train"]["seed"])
        with strategy.scope(), (initial_weights_discarded() if self.weights_discarded else contextlib.nullcontext()):
            self.gan = build_gan(config)
        self.step = self.gan.steps_done
        self.checkpoint = tf.train.Checkpoint(step=self.step, **self.gan.checkpoint_items())
        self.manager = tf.train.CheckpointManager(
            self.checkpoint, checkpoint_dir(workdir),
            max_to_keep=config["train"]["keep_checkpoints"],
        )
        # What this task writes to: the chief's manager, or a throwaway one.
        self.writer_manager = self.manager
        if not self.chief:
            task_type, task_id = strategy_lib.task(strategy)
            self.scratch = os.path.join(workdir, f".{task_type}-{task_id}-checkpoint-scratch")
            self.writer_manager = tf.train.CheckpointManager(self.checkpoint, self.scratch, max_to_keep=1)

    def restore(self):
        """Restores the newest readable checkpoint, if any; returns the step it holds.

        A truncated or corrupt checkpoint (a machine that died mid-write, a
        full disk) is skipped with a warning naming it, and the one before
        it is used. The best-checkpoint record is checked here too, so a
        damaged one stops the run before it trains, not at its first
        evaluation.
        """
        if self.config["eval"]["best_metric"]:
            self._best_record()
        path = workdir_reader.restore_newest(self.checkpoint, self.manager.checkpoints, set_aside=self.chief)
        if path is None:
            if self.weights_discarded:  # listed when the networks were built, gone now
                raise WorkdirError(f"the checkpoints in {checkpoint_dir(self.workdir)} went away while the run "
                                   "started; rerun to start over or to resume from what is there")
            return 0
        print(f"resumed from {path} at step {int(self.step.numpy())}", file=sys.stderr)
        self.saved_step = int(self.step.numpy())
        return self.saved_step

    def rollback(self, lr_factor):
        """Restores the newest checkpoint and multiplies both learning rates by
        `lr_factor`; returns the step it went back to."""
        workdir_reader.restore_newest(self.checkpoint, self.manager.checkpoints)
        for optimizer in (self.gan.g_optimizer, self.gan.d_optimizer):
            optimizer.learning_rate = float(optimizer.learning_rate) * lr_factor
        self.gan.bad_streak.assign(0)
        for metric in self.gan.metrics:
            metric.reset_state()
        return int(self.step.numpy())

    def save_best(self, metric, value):
        """Keeps the current state as WORKDIR/best_checkpoint when `value` of `metric`
        beats the best so far (recorded in best.json); returns whether it did."""
        from tfgan_zoo.trainers import evaluate

        best_dir = os.path.join(self.workdir, BEST_DIR)
        record = self._best_record()
        best = record["value"] if record and record["metric"] == metric else None
        if not evaluate.is_better(metric, value, best):
            return False
        self._check_savable(int(self.step.numpy()))
        manager = tf.train.CheckpointManager(self.checkpoint, best_dir, max_to_keep=1, checkpoint_name="best")
        path = manager.save(checkpoint_number=int(self.step.numpy()))
        evaluate.write_report({"metric": metric, "value": value, "step": int(self.step.numpy()), "checkpoint": path},
                              os.path.join(best_dir, BEST_RECORD))
        return True

    def _best_record(self):
        """best.json: {"metric", "value", "step", "checkpoint"}, or None before the first."""
        path = os.path.join(self.workdir, BEST_DIR, BEST_RECORD)
        if not os.path.lexists(path):
            return None
        try:
            with open(path, encoding="utf-8") as file:
                record = json.load(file)
            if not (isinstance(record, dict) and isinstance(record.get("metric"), str)
                    and isinstance(record.get("value"), (int, float))):
                raise ValueError("not a record of a metric and its value")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise WorkdirError(f"{path} cannot be read ({str(error).splitlines()[0][:120]}); it records the best "
                               "evaluation so far: restore it from a backup, or move best_checkpoint/ away to "
                               "start a new record") from None
        return record

    def _check_savable(self, step):
        _check_finite({m.name: float(m.result()) for m in self.gan.metrics}, step)
        for network in (self.gan.generator, self.gan.discriminator):
            bad = [v.path for v in network.trainable_variables if not np.isfinite(v.numpy()).all()]
            if bad:
                raise DivergenceError(
                    f"weight {bad[0]} is not finite at step {step}; training diverged and this "
                    "step was not saved. Lower the learning rates and rerun to resume from the "
                    "last checkpoint"
                )

    def keeps(self, step):
        """Whether `step`'s checkpoint is kept for good (train.keep_every)."""
        every = self.config["train"].get("keep_every", 0)
        return bool(every) and step % every == 0

    def save(self):
        """Saves at the current step; refuses when a loss or a weight is not finite,
        so a diverged run never replaces a good checkpoint."""
        step = int(self.step.numpy())
        self._check_savable(step)
        try:
            path = self.writer_manager.save(checkpoint_number=step)
            if not self.chief:
                tf.io.gfile.rmtree(self.scratch)
            elif self.keeps(step):
                _keep_for_good(path, kept_checkpoint_dir(self.workdir))
            self.saved_step = step
            return path
        except (tf.errors.OpError, OSError) as error:
            # TensorFlow writes <prefix>_temp/ first; a failed write leaves it
            # behind, with whatever part of this step's files it wrote.
            prefix = os.path.join(checkpoint_dir(self.workdir), f"ckpt-{step}")
            for leftover in tf.io.gfile.glob(prefix + ".*") + tf.io.gfile.glob(prefix + "_temp*"):
                if tf.io.gfile.isdir(leftover):
                    tf.io.gfile.rmtree(leftover)
                else:
                    tf.io.gfile.remove(leftover)
            reason = system_refusal(error) or f"{reason_of(error).rsplit(';', 1)[-1].strip()}; is the disk full?"
            raise CheckpointWriteError(
                f"could not write the checkpoint of step {step} in {checkpoint_dir(self.workdir)} "
                f"({reason}). The previous checkpoint "
                f"{f'ckpt-{self.saved_step}' if self.saved_step is not None else '(none)'} is intact: free "
                "space and rerun to resume"
            ) from None


def _replica_batch_check(config, strategy):
    batch_size, replicas = config["train"]["batch_size"], strategy.num_replicas_in_sync
    if batch_size % replicas:
        raise ConfigError(
            f"train.batch_size={batch_size} is not divisible by the {replicas} replicas; "
            f"use a multiple of {replicas}"
        )
    m = packing(config)
    if isinstance(m, int) and m > 1 and (batch_size // replicas) % m:
        raise ConfigError(
            f"train.batch_size={batch_size} is not divisible by packing={m} on each of the "
            f"{replicas} replica(s); use a batch size that is a multiple of {m * replicas}"
        )


def make_dataset(config, data_dir, d_steps, start_step=0, steps=None):
    """Batches of d_steps * batch_size real examples: one slice per discriminator update.

    The order depends only on the seed; a run resumed at `start_step` skips
    the batches already consumed, so it reads what an uninterrupted run reads.
    `steps` (None: unbounded) is how many batches will be taken: the decoded
    examples are cached only when the stream goes past one pass, so a
    short run neither pays for a cache it never reads nor leaves tf.data a
    half-filled cache to discard (its "did not fully read the dataset being
    cached" warning).
    """
    data = config["data"]
    source = datasets.load(config, data_dir)
    if source.skipped_files:
        print(f"warning: skipped {len(source.skipped_files)} unreadable file(s) in {source.name}, "
              f"e.g. {source.skipped_files[0]}", file=sys.stderr)
    real_per_step = config["train"]["batch_size"] * d_steps
    read = None if steps is None else (start_step + steps) * real_per_step
    dataset = data_lib.training_batches(
        source, image_size=data["image_size"], channels=data["channels"],
        batch_size=real_per_step, shuffle_buffer=data["shuffle_buffer"], seed=config["train"]["seed"],
        skip_batches=start_step, pad_to=data.get("pad_to", 0),
        cache=read is None or not source.num_examples or read > source.num_examples,
    )
    # Across workers, shard each global batch by examples: every worker reads
    # the same (seeded) stream, so no file-count limit applies and the data
    # order does not depend on the number of workers.
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return dataset.with_options(options)


def fixed_noise(config, z_dim):
    """The z of the sample grids: the same for every grid of a run."""
    rng = np.random.default_rng(config["train"]["seed"])
    return rng.standard_normal((config["train"]["num_samples"], z_dim)).astype(np.float32)


class _StopRequest:
    """Turns SIGINT/SIGTERM into a flag the loop checks between steps."""

    def __init__(self):
        self.signal_name = None

    def __call__(self, signum, frame):
        del frame
        self.signal_name = signal.Signals(signum).name

    @contextlib.contextmanager
    def installed(self):
        if sys.platform == "win32" or not _in_main_thread():
            yield self
            return
        previous = {sig: signal.signal(sig, self) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _in_main_thread():
    return threading.current_thread() is threading.main_thread()


def train(config, workdir, data_dir=None, strategy=None, progress=True):
    """Trains until config["train"]["steps"], resuming from the workdir.

    The chief holds the workdir's lock for the whole run, so a second
    `train` on it is refused (`workdir_lock`). Returns a dict with the final
    step, whether the run was interrupted, and the last logged metrics.
    """
    # Resolved before the lock, so a bad config leaves no trace in the workdir.
    config = config_lib.resolve(config, workdir, data_dir)
    strategy = strategy or tf.distribute.get_strategy()
    lock = workdir_lock.exclusive(workdir) if strategy_lib.is_chief(strategy) else contextlib.nullcontext()
    with lock:
        return _train(config, workdir, data_dir, strategy, progress)


def _train(config, workdir, data_dir, strategy, progress):
    train_cfg = config["train"]
    _replica_batch_check(config, strategy)
    run = Run(config, workdir, strategy)
    start = run.restore()
    # Staged variants (ProGAN's growth, Stacked GAN's stages): phases with their own step and data.
    phased = isinstance(run.gan, StagedGAN)

    def pipeline(step):
        """(distributed batches, compiled step) for the phase `step` falls in."""
        phase_config, skip, end = config, step, train_cfg["steps"]
        if phased:
            phase = run.gan.phase_at(step)
            run.gan.set_phase(phase, step)
            phase_config = copy.deepcopy(config)
            phase_config["data"]["image_size"] = phase.resolution
            phase_config["train"].update(batch_size=phase.batch_size, seed=config["train"]["seed"] + phase.index)
            _replica_batch_check(phase_config, strategy)
            skip = step - phase.start
            end = min(end, phase.end or end)
            if progress and run.chief:
                print(f"step {step}: phase {_describe(phase)}", file=sys.stderr, flush=True)
        dataset = make_dataset(phase_config, data_dir, d_steps=run.gan.d_steps, start_step=skip,
                               steps=max(end - step, 0))
        return (iter(strategy.experimental_distribute_dataset(dataset)),
                compiled_step(run.gan, strategy, jit_compile=train_cfg["jit_compile"]))

    distributed, step_fn = pipeline(start)
    progress = progress and run.chief  # one task reports
    if run.chief:
        config_lib.write_config(workdir, config)
    if train_cfg["on_divergence"] == "rollback" and run.saved_step is None:
        run.save()  # the initial weights: something to roll back to before the first checkpoint
    rollbacks = 0
    if run.chief:
        writer = tf.summary.create_file_writer(os.path.join(workdir, TENSORBOARD_DIR))
        os.makedirs(os.path.join(workdir, SAMPLES_DIR), exist_ok=True)
    else:
        writer = tf.summary.create_noop_writer()
    z_fixed = fixed_noise(config, run.gan.z_dim)
    query = train_cfg.get("attention_query", (0.5, 0.5))
    mixture = data_lib.MIXTURES.get(config["data"]["name"])

    stop = _StopRequest()
    logged = {}
    # A live bar on a terminal; in a log file, one plain line per log interval.
    live = progress and sys.stderr.isatty()
    bar = tqdm.tqdm(total=train_cfg["steps"], initial=start, unit="step", disable=not live,
                    dynamic_ncols=True)
    with stop.installed(), writer.as_default(), bar, _peer_failures(strategy):
        step = start
        if run.chief:
            summaries.write_run_description(config, workdir, start)
        window_start, window_step = time.perf_counter(), start
        while step < train_cfg["steps"] and stop.signal_name is None:
            if refit_if_due(run.gan, config, data_dir, step, progress):
                window_start = time.perf_counter()  # the rate counts train steps only
            metrics = step_fn(next(distributed))
            step += 1
            bar.update(1)
            phase_end_grid = False
            if phased and step < train_cfg["steps"] and run.gan.phase_at(step) != run.gan.phase_at(step - 1):
                if run.chief:  # the grid of the phase just finished, at its resolution
                    _write_samples(run.gan, z_fixed, workdir, step, mixture, query)
                    phase_end_grid = True
                distributed, step_fn = pipeline(step)
            if step % train_cfg["log_every"] == 0 or step == train_cfg["steps"]:
                now = time.perf_counter()
                logged = {name: float(value) for name, value in metrics.items()}
                try:
                    _check_finite(logged, step)
                    _check_streak(int(run.gan.bad_streak.numpy()), train_cfg["max_bad_steps"], step)
                except DivergenceError as error:
                    if train_cfg["on_divergence"] != "rollback" or rollbacks >= train_cfg["max_rollbacks"]:
                        raise
                    rollbacks += 1
                    step = run.rollback(train_cfg["rollback_lr_factor"])
                    bar.reset(total=train_cfg["steps"])
                    bar.update(step)
                    distributed, step_fn = pipeline(step)
                    print(f"warning: {str(error).split(';')[0]}; rolled back to step {step} with learning "
                          f"rates x{train_cfg['rollback_lr_factor']} (rollback {rollbacks} of "
                          f"{train_cfg['max_rollbacks']})", file=sys.stderr, flush=True)
                    window_start, window_step = time.perf_counter(), step
                    continue
                logged["steps_per_s"] = (step - window_step) / max(now - window_start, 1e-9)
                # Images of the step just run: a staged variant's phase has its own batch.
                images_per_step = run.gan.phase_at(step - 1).batch_size if phased else train_cfg["batch_size"]
                logged["images_per_s"] = logged["steps_per_s"] * images_per_step
                window_start, window_step = now, step
                summaries.write_scalars({**logged, **summaries.learning_rates(run.gan)}, step)
                bar.set_postfix({k: f"{v:.3g}" for k, v in logged.items()}, refresh=False)
                if progress and not live:
                    values = " ".join(f"{k}={v:.4g}" for k, v in logged.items())
                    print(f"step {step}/{train_cfg['steps']} {values}", file=sys.stderr, flush=True)
                for metric in run.gan.metrics:
                    metric.reset_state()
            if step % train_cfg["sample_every"] == 0 and run.chief and not phase_end_grid:
                _write_samples(run.gan, z_fixed, workdir, step, mixture, query)
            if step % train_cfg["checkpoint_every"] == 0 or run.keeps(step):
                run.save()
            if config["eval"]["every"] and step % config["eval"]["every"] == 0 and run.chief:
                _evaluate(run, data_dir, step, progress)
        if run.saved_step is None or step > run.saved_step:
            run.save()
        if step % train_cfg["sample_every"] and run.chief:
            _write_samples(run.gan, z_fixed, workdir, step, mixture, query)
    writer.flush()
    if stop.signal_name:
        print(f"{stop.signal_name} received: stopped at step {step} with a checkpoint; rerun "
              "the same command to resume", file=sys.stderr)
    return {"step": step, "interrupted": stop.signal_name is not None, "metrics": logged}


def refit_if_due(gan, config, data_dir, step, progress):
    """Before train step `step`, the variant's refit from the run's first real examples when it
    is due (the self-conditioned GAN's clustering; `GAN.refit_due`); returns whether it ran."""
    count = gan.refit_due(step)
    if not count:
        return False
    started = time.perf_counter()
    batch_size = config["train"]["batch_size"]
    batches = math.ceil(count / batch_size)
    stream = make_dataset(config, data_dir, d_steps=1, steps=batches)
    real = np.concatenate([np.asarray(images) for images, _ in stream.take(batches)])
    description = gan.refit(real[:count], step)
    if progress:
        print(f"step {step}: {description} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    return True


def _evaluate(run, data_dir, step, progress):
    """Scores the generator, logs eval/<metric> to TensorBoard, writes eval/step_N.json,
    and keeps the best checkpoint by eval.best_metric."""
    from tfgan_zoo.trainers import evaluate

    eval_cfg = run.config["eval"]
    report = evaluate.evaluate(run.gan, run.config, eval_cfg["metrics"], eval_cfg["num_samples"],
                               cache_dir=os.path.join(run.workdir, EVAL_DIR), data_dir=data_dir,
                               extractor=eval_cfg["extractor"], seed=run.config["train"]["seed"])
    report["step"] = step
    for name, value in report["metrics"].items():
        tf.summary.scalar(f"eval/{name}", value, step=step)
    evaluate.write_report(report, os.path.join(run.workdir, EVAL_DIR, f"step_{step:07d}.json"))
    best = eval_cfg["best_metric"]
    kept = best and run.save_best(best, report["metrics"][best])
    if progress:
        values = " ".join(f"{k}={v:.4g}" for k, v in report["metrics"].items())
        print(f"eval at step {step}: {values}" + (f" (best {best} so far: kept)" if kept else ""),
              file=sys.stderr, flush=True)
    return report


def compiled_step(gan, strategy, jit_compile=False):
    """The training step as one tf.function: every replica's train_step (which
    counts the step in `gan.steps_done`), returning the metrics averaged over replicas.

    jit_compile=True compiles the whole step with XLA; it is for the
    single-device path (an XLA cluster cannot hold a cross-replica step).
    """
    if jit_compile and strategy.num_replicas_in_sync > 1:
        raise ConfigError(
            f"train.jit_compile compiles the single-device step; this strategy runs "
            f"{strategy.num_replicas_in_sync} replicas. Drop --jit_compile or use one device"
        )

    @tf.function(jit_compile=jit_compile)
    def step_fn(batch):
        outputs = strategy.run(gan.train_step, args=(batch,))
        return {name: strategy.reduce(tf.distribute.ReduceOp.MEAN, value, axis=None)
                for name, value in outputs.items()}

    return step_fn


@contextlib.contextmanager
def _peer_failures(strategy):
    """Turns a collective that fails because a peer task is gone (heartbeats
    stop; --collective_timeout passes) into a clear error instead of a trace."""
    try:
        yield
    except (tf.errors.UnavailableError, tf.errors.DeadlineExceededError, tf.errors.CancelledError,
            tf.errors.AbortedError) as error:
        if strategy_lib.task(strategy)[0] is None:
            raise
        reason = " ".join(str(error).split())[:300]
        raise ClusterError(
            f"training stopped because another task of the cluster stopped responding ({reason}). "
            "Restart every task with the same command to resume from the last checkpoint"
        ) from None


def _keep_for_good(prefix, folder):
    """Puts a saved checkpoint's files into `folder` as well, where the
    checkpoint manager, which deletes all but the newest few, never looks.
    Hard links where the filesystem has them (no second copy on disk); the
    index goes last, as a checkpoint is found by its index."""
    tf.io.gfile.makedirs(folder)
    files = sorted(tf.io.gfile.glob(prefix + ".*"), key=lambda path: path.endswith(".index"))
    for source in files:
        target = os.path.join(folder, os.path.basename(source))
        if tf.io.gfile.exists(target):  # a rerun that saves this step again replaces it
            tf.io.gfile.remove(target)
        try:
            os.link(source, target)
        except OSError:  # another filesystem, or one without links (a bucket)
            tf.io.gfile.copy(source, target, overwrite=True)


def _check_finite(metrics, step):
    bad = {name: value for name, value in metrics.items() if not math.isfinite(value)}
    if bad:
        name, value = next(iter(bad.items()))
        raise DivergenceError(
            f"{name} is {value} at step {step}; training diverged. The last checkpoint "
            "holds finite weights: lower the learning rates and rerun to resume from it"
        )


def _check_streak(bad_streak, limit, step):
    if bad_streak >= limit:
        raise DivergenceError(
            f"training diverged at step {step}: the last {bad_streak} steps all had a non-finite "
            "loss or gradient and their updates were skipped. The last checkpoint holds finite "
            "weights: lower the learning rates and rerun to resume from it (train.max_bad_steps "
            "sets the limit)"
        )


def _describe(phase):
    """One line for a phase of a staged variant (progressive growing, Stacked GAN's stages)."""
    fields = {key: value for key, value in vars(phase).items() if key not in ("index", "start", "end")}
    span = f"steps {phase.start}-{phase.end - 1}" if phase.end is not None else f"steps {phase.start}-"
    return " ".join(f"{key}={value}" for key, value in fields.items()) + f" ({span})"


def _write_samples(gan, z_fixed, workdir, step, mixture=None, query=(0.5, 0.5)):
    """The fixed-z grid; one row per class of a conditional model (per category of InfoGAN's code)."""
    labels, columns = None, None
    if gan.sample_classes:
        labels, columns = images.class_rows(len(z_fixed), gan.sample_classes)
        z_fixed = np.resize(z_fixed, (len(labels), z_fixed.shape[1]))
    generated = gan.sample(z_fixed, labels)
    if mixture is not None:
        grid = images.mixture_scatter(generated.numpy(), mixture)
    else:
        grid = images.make_grid(generated, columns=columns)
    tf.summary.image("samples", grid[None], step=step)
    images.write_image(os.path.join(workdir, SAMPLES_DIR, f"step_{step:07d}.png"), grid)
    if mixture is None:
        _write_attention(gan, z_fixed, labels, generated, step, query)


ATTENTION_SAMPLES = 8


def _write_attention(gan, z_fixed, labels, generated, step, query):
    """TensorBoard images `attention/<layer>`: where the generator's self-attention
    layers look from the query position (train.attention_query), for 8 samples."""
    if not any(isinstance(layer, SelfAttention) for layer in gan.generator.layers):
        return  # no sampling network to build (for ProGAN, a functional model per grid)
    generator = gan.sampling_generator()
    count = min(ATTENTION_SAMPLES, len(z_fixed))
    inputs = z_fixed[:count] if labels is None else [z_fixed[:count], labels[:count]]
    for name, maps in attention_maps(generator, inputs, query).items():
        overlay = images.attention_overlay(generated[:count], maps, query)
        tf.summary.image(f"attention/{name}", overlay[None], step=step)
