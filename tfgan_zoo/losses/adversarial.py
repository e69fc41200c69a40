"""Adversarial losses as pure, unreduced functions of discriminator outputs.

Every function takes the discriminator's raw outputs (logits for the
probabilistic losses, scores for the others) on a real batch and on a
generated batch, both shaped [batch] or [batch, ...], and returns one loss
value per example, shaped [batch]. Nothing here reduces over the batch: the
caller (`tfgan_zoo.replicas.reduce_loss`) makes that single decision so it is
correct under any `tf.distribute` strategy. Every pair takes both inputs even
where one side is unused, so the variants can treat them interchangeably.

Naming follows TF-GAN's `losses_impl.py`: <name>_generator_loss and
<name>_discriminator_loss.
"""

import tensorflow as tf


def _per_example(values):
    """Averages everything but the batch axis: [batch, ...] -> [batch]."""
    values = tf.convert_to_tensor(values)
    if values.shape.rank == 1:
        return values
    return tf.reduce_mean(tf.reshape(values, [tf.shape(values)[0], -1]), axis=1)


def _sigmoid_cross_entropy(labels, logits):
    return tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.broadcast_to(tf.cast(labels, logits.dtype), tf.shape(logits)),
        logits=logits,
    )


def minimax_discriminator_loss(real_logits, fake_logits, label_smoothing=0.0):
    """Discriminator loss of the original GAN (Goodfellow et al. 2014, arXiv 1406.2661).

    L_D = -[(1 - s) log D(x) + s log(1 - D(x))] - log(1 - D(G(z)))

    with D = sigmoid(logits) and s the one-sided label smoothing of Salimans
    et al. 2016 (arXiv 1606.03498): real targets become 1 - s, fake targets
    stay 0. s = 0 is the plain loss.
    """
    _check_smoothing(label_smoothing)
    real_logits, fake_logits = _per_example(real_logits), _per_example(fake_logits)
    real = _sigmoid_cross_entropy(1.0 - label_smoothing, real_logits)
    fake = _sigmoid_cross_entropy(0.0, fake_logits)
    return real + fake


def minimax_generator_loss(real_logits, fake_logits):
    """Saturating generator loss of the original minimax game (arXiv 1406.2661).

    L_G = log(1 - D(G(z)))

    It saturates (vanishing gradient) when D rejects the samples confidently,
    which is why `non_saturating_generator_loss` is used in practice.
    `real_logits` is unused.
    """
    del real_logits
    return -_sigmoid_cross_entropy(0.0, _per_example(fake_logits))


def non_saturating_discriminator_loss(real_logits, fake_logits, label_smoothing=0.0):
    """Same as `minimax_discriminator_loss`; the two games differ only for G."""
    return minimax_discriminator_loss(real_logits, fake_logits, label_smoothing)


def non_saturating_generator_loss(real_logits, fake_logits):
    """Non-saturating generator loss (Goodfellow et al. 2014, arXiv 1406.2661).

    L_G = -log D(G(z))

    `real_logits` is unused.
    """
    del real_logits
    return _sigmoid_cross_entropy(1.0, _per_example(fake_logits))


def wasserstein_discriminator_loss(real_logits, fake_logits):
    """Critic loss of WGAN (Arjovsky et al. 2017, arXiv 1701.07875).

    L_D = D(G(z)) - D(x)

    Minimising it maximises the critic's estimate of the Wasserstein-1
    distance; the Lipschitz constraint is the variant's job (clipping or a
    gradient penalty).
    """
    return _per_example(fake_logits) - _per_example(real_logits)


def wasserstein_generator_loss(real_logits, fake_logits):
    """Generator loss of WGAN (arXiv 1701.07875): L_G = -D(G(z)). `real_logits` is unused."""
    del real_logits
    return -_per_example(fake_logits)


def least_squares_discriminator_loss(real_logits, fake_logits):
    """Discriminator loss of LSGAN (Mao et al. 2017, arXiv 1611.04076), a=0, b=1.

    L_D = 1/2 (D(x) - 1)^2 + 1/2 D(G(z))^2
    """
    real, fake = _per_example(real_logits), _per_example(fake_logits)
    return 0.5 * tf.square(real - 1.0) + 0.5 * tf.square(fake)


def least_squares_generator_loss(real_logits, fake_logits):
    """Generator loss of LSGAN (arXiv 1611.04076), c=1: L_G = 1/2 (D(G(z)) - 1)^2.

    `real_logits` is unused.
    """
    del real_logits
    return 0.5 * tf.square(_per_example(fake_logits) - 1.0)


def hinge_discriminator_loss(real_logits, fake_logits):
    """Hinge discriminator loss (Lim & Ye 2017, arXiv 1705.02894; Miyato et al. 2018, arXiv 1802.05957).

    L_D = max(0, 1 - D(x)) + max(0, 1 + D(G(z)))
    """
    real, fake = _per_example(real_logits), _per_example(fake_logits)
    return tf.nn.relu(1.0 - real) + tf.nn.relu(1.0 + fake)


def hinge_generator_loss(real_logits, fake_logits):
    """Hinge generator loss (arXiv 1802.05957): L_G = -D(G(z)). `real_logits` is unused."""
    del real_logits
    return -_per_example(fake_logits)


def relativistic_discriminator_loss(real_logits, fake_logits):
    """Relativistic standard GAN discriminator loss (Jolicoeur-Martineau 2018, arXiv 1807.00734).

    L_D = -log sigmoid(C(x_i) - C(G(z_i)))

    Each real example is paired with the generated example at the same batch index.
    """
    real, fake = _per_example(real_logits), _per_example(fake_logits)
    return _sigmoid_cross_entropy(1.0, real - fake)


def relativistic_generator_loss(real_logits, fake_logits):
    """Relativistic standard GAN generator loss (arXiv 1807.00734).

    L_G = -log sigmoid(C(G(z_i)) - C(x_i))
    """
    real, fake = _per_example(real_logits), _per_example(fake_logits)
    return _sigmoid_cross_entropy(1.0, fake - real)


def relativistic_average_discriminator_loss(real_logits, fake_logits, real_mean=None, fake_mean=None):
    """Relativistic average GAN discriminator loss (arXiv 1807.00734).

    L_D = (-log sigmoid(C(x_i) - mean_j C(G(z_j))) - log(1 - sigmoid(C(G(z_i)) - mean_j C(x_j)))) / 2

    The halving is that of the code the paper's results come from
    (AlexiaJM/RelativisticGAN, GAN_losses_iter.py, RaSGAN's errD and errG),
    as for RaLSGAN below; the paper's equation leaves it out. Adam barely
    sees the factor, but it weighs the loss against a gradient penalty or
    any other term. The means default to this batch's. Under a distribution
    strategy, pass the means over the global batch (as `gans.RaGAN` does) to
    make a step independent of the replica count.
    """
    real, fake = _per_example(real_logits), _per_example(fake_logits)
    real_mean = tf.reduce_mean(real) if real_mean is None else real_mean
    fake_mean = tf.reduce_mean(fake) if fake_mean is None else fake_mean
    return 0.5 * (_sigmoid_cross_entropy(1.0, real - fake_mean) + _sigmoid_cross_entropy(0.0, fake - real_mean))


def relativistic_average_generator_loss(real_logits, fake_logits, real_mean=None, fake_mean=None):
    """Relativistic average GAN generator loss (arXiv 1807.00734).

    L_G = (-log sigmoid(C(G(z_i)) - mean_j C(x_j)) - log(1 - sigmoid(C(x_i) - mean_j C(G(z_j))))) / 2

    Halved as the discriminator's loss (the authors' code).
    """
    return relativistic_average_discriminator_loss(fake_logits, real_logits, fake_mean, real_mean)


def relativistic_average_least_squares_discriminator_loss(real_scores, fake_scores, real_mean=None,
                                                           fake_mean=None):
    """Relativistic average least-squares discriminator loss (RaLSGAN, arXiv 1807.00734).

    L_D = ((C(x_i) - mean_j C(G(z_j)) - 1)^2 + (C(G(z_i)) - mean_j C(x_j) + 1)^2) / 2

    The halving is that of the code the paper's results come from
    (AlexiaJM/RelativisticGAN, GAN_losses_iter.py); the paper's equation and
    the authors' later relativistic-f-divergences code leave it out. Adam
    barely sees the factor, but it weighs the loss against a gradient
    penalty. The means default to this batch's; pass global-batch means
    under a distribution strategy (as `gans.RaLSGAN` does).
    """
    real, fake = _per_example(real_scores), _per_example(fake_scores)
    real_mean = tf.reduce_mean(real) if real_mean is None else real_mean
    fake_mean = tf.reduce_mean(fake) if fake_mean is None else fake_mean
    return 0.5 * (tf.square(real - fake_mean - 1.0) + tf.square(fake - real_mean + 1.0))


def relativistic_average_least_squares_generator_loss(real_scores, fake_scores, real_mean=None, fake_mean=None):
    """Relativistic average least-squares generator loss (RaLSGAN, arXiv 1807.00734).

    L_G = ((C(G(z_i)) - mean_j C(x_j) - 1)^2 + (C(x_i) - mean_j C(G(z_j)) + 1)^2) / 2
    """
    return relativistic_average_least_squares_discriminator_loss(fake_scores, real_scores, fake_mean, real_mean)


def _check_smoothing(label_smoothing):
    if not 0.0 <= label_smoothing < 1.0:
        raise ValueError(
            f"label_smoothing must be in [0, 1), got {label_smoothing}; "
            "0.1 is the usual one-sided smoothing"
        )
