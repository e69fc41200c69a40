"""Losses of the autoencoder ("energy") discriminators, unreduced.

Here the discriminator's output per example is an energy: the reconstruction
error of its autoencoder, low on real data.
"""

import tensorflow as tf

from tfgan_zoo.losses.precision import at_least_float32


def _as_float(*values):
    return [at_least_float32(value) for value in values]


def reconstruction_energy(images, reconstructions, norm="l2"):
    """Per-example reconstruction error: mean |x - D(x)|^p over pixels (p = 2 or 1)."""
    difference = tf.reshape(at_least_float32(images) - at_least_float32(reconstructions),
                            [tf.shape(images)[0], -1])
    if norm == "l2":
        return tf.reduce_mean(tf.square(difference), axis=1)
    if norm == "l1":
        return tf.reduce_mean(tf.abs(difference), axis=1)
    raise ValueError(f"norm must be 'l1' or 'l2', got {norm!r}")


def ebgan_discriminator_loss(real_energy, fake_energy, margin):
    """EBGAN discriminator loss (Zhao et al. 2016, arXiv 1609.03126).

    L_D = D(x) + max(0, m - D(G(z)))
    """
    real_energy, fake_energy = _as_float(real_energy, fake_energy)
    return real_energy + tf.nn.relu(margin - fake_energy)


def ebgan_generator_loss(real_energy, fake_energy):
    """EBGAN generator loss (arXiv 1609.03126): L_G = D(G(z)). `real_energy` is unused."""
    del real_energy
    return _as_float(fake_energy)[0]


def pulling_away_term(codes):
    """EBGAN's pulling-away term (arXiv 1609.03126, eq. 6), one value per example.

    PT = 1 / (N (N - 1)) sum_i sum_{j != i} (s_i . s_j / (||s_i|| ||s_j||))^2

    Returns, for each i, (1 / (N - 1)) sum_{j != i} cos^2(s_i, s_j), whose mean
    over the batch is PT. It is 0 for mutually orthogonal codes and 1 for
    parallel ones.
    """
    codes = tf.reshape(at_least_float32(codes), [tf.shape(codes)[0], -1])
    unit = tf.math.l2_normalize(codes, axis=1)
    cosine_squared = tf.square(tf.matmul(unit, unit, transpose_b=True))
    count = tf.cast(tf.shape(codes)[0], codes.dtype)
    off_diagonal = tf.reduce_sum(cosine_squared, axis=1) - tf.linalg.diag_part(cosine_squared)
    return off_diagonal / tf.maximum(count - 1.0, 1.0)


def began_discriminator_loss(real_energy, fake_energy, k):
    """BEGAN discriminator loss (Berthelot et al. 2017, arXiv 1703.10717).

    L_D = L(x) - k_t L(G(z_D)), where L is the L1 reconstruction energy.
    """
    real_energy, fake_energy, k = _as_float(real_energy, fake_energy, k)
    return real_energy - k * fake_energy


def began_generator_loss(real_energy, fake_energy):
    """BEGAN generator loss (arXiv 1703.10717): L_G = L(G(z_G)). `real_energy` is unused."""
    del real_energy
    return _as_float(fake_energy)[0]


def began_k_update(k, real_energy_mean, fake_energy_mean, gamma, lambda_k):
    """BEGAN's equilibrium control (arXiv 1703.10717, eq. 4).

    k_{t+1} = clip(k_t + lambda_k (gamma L(x) - L(G(z_G))), 0, 1)
    """
    k, real_energy_mean, fake_energy_mean = _as_float(k, real_energy_mean, fake_energy_mean)
    return tf.clip_by_value(k + lambda_k * (gamma * real_energy_mean - fake_energy_mean), 0.0, 1.0)


def began_convergence(real_energy_mean, fake_energy_mean, gamma):
    """BEGAN's convergence measure (arXiv 1703.10717, section 3.4.1).

    M_global = L(x) + |gamma L(x) - L(G(z_G))|
    """
    real_energy_mean, fake_energy_mean = _as_float(real_energy_mean, fake_energy_mean)
    return real_energy_mean + tf.abs(gamma * real_energy_mean - fake_energy_mean)
