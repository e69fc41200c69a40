"""Top-k training (Sinha et al. 2020, arXiv 2002.06224): G learns from the fakes D rates best."""

import tensorflow as tf

from tfgan_zoo import replicas
from tfgan_zoo.aids.base import Aid, register


@register
class TopK(Aid):
    """G's adversarial loss counts only the k generated examples of the global
    batch that D rates best; the others' gradients, which mostly point G away
    from where the data is, are dropped:

        L_G = (1/k) sum_{i in top k} l_G(G(z_i)),   k = floor(B max(gamma^floor(t / T), nu)),

    B the global batch, t the train steps done, T the steps of the paper's
    epoch. The rate starts at 1 and decays once per T steps down to nu. As
    the authors' code does (its `TopKGenerator`: gamma 0.99, nu 0.5, one
    decay per epoch), only the adversarial loss is cut; another aid's
    generator terms (feature matching) keep the whole batch. There the
    examples are chosen by D's output; here by the lowest adversarial loss,
    which is the same choice for every loss that falls as D's output rises
    (minimax, non-saturating, hinge, Wasserstein) and also defines it for the
    others (least squares, the energies of EBGAN and BEGAN).

    Args:
        top_k: True turns it on (the flat field).
        top_k_decay: gamma in (0, 1].
        top_k_min_rate: nu in (0, 1], the smallest fraction kept.
        top_k_decay_steps: T >= 1, the train steps between decays (an epoch).
    """

    name = "top_k"
    fields = {"top_k": False, "top_k_decay": 0.99, "top_k_min_rate": 0.5, "top_k_decay_steps": 2000}
    test_fields = {"top_k": True, "top_k_decay": 0.5, "top_k_decay_steps": 1}

    def __init__(self, top_k_decay=0.99, top_k_min_rate=0.5, top_k_decay_steps=2000):
        if not 0.0 < top_k_decay <= 1.0 or not 0.0 < top_k_min_rate <= 1.0:
            raise ValueError(f"top_k_decay and top_k_min_rate must be in (0, 1], got {top_k_decay} and "
                             f"{top_k_min_rate}")
        if top_k_decay_steps < 1:
            raise ValueError(f"top_k_decay_steps must be >= 1, got {top_k_decay_steps}")
        self.top_k_decay = top_k_decay
        self.top_k_min_rate = top_k_min_rate
        self.top_k_decay_steps = top_k_decay_steps
        self.top_k = True

    @classmethod
    def from_fields(cls, top_k, top_k_decay, top_k_min_rate, top_k_decay_steps):
        aid = cls(top_k_decay, top_k_min_rate, top_k_decay_steps)  # checks the fields even when off
        return aid if top_k else None

    def rate(self, step):
        """max(gamma^floor(t / T), nu) at train step t."""
        decays = tf.cast(tf.cast(step, tf.int64) // self.top_k_decay_steps, tf.float32)
        return tf.maximum(tf.pow(tf.constant(self.top_k_decay, tf.float32), decays), self.top_k_min_rate)

    def reweigh_adversarial_loss(self, gan, per_example):
        everyone = replicas.all_gather(tf.stop_gradient(tf.cast(per_example, tf.float32)))
        total = tf.shape(everyone)[0]
        k = tf.maximum(tf.cast(tf.floor(self.rate(gan.steps_done) * tf.cast(total, tf.float32)), tf.int32), 1)
        _, best = tf.math.top_k(-everyone, k)
        # B / k on the chosen examples: the one reduction's division by B then gives their mean.
        weights = tf.scatter_nd(best[:, None], tf.fill([k], tf.cast(total, tf.float32) / tf.cast(k, tf.float32)),
                                [total])
        return per_example * tf.cast(replicas.local_slice(weights), per_example.dtype)
