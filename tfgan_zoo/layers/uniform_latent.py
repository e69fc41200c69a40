"""A uniform latent read off a Gaussian one, by the probability integral transform."""

import math

import keras
from keras import ops

# Abramowitz & Stegun 7.1.26: erf(x) = 1 - (a1 t + ... + a5 t^5) e^(-x^2), t = 1 / (1 + p x), x >= 0,
# with |error| <= 1.5e-7. TFLite has no builtin erf; these are products, sums and one exp.
_P = 0.3275911
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
# A&S's bound on the formula's own error, which tests add to float32 rounding.
ERF_APPROXIMATION_ERROR = 1.5e-7


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class UniformLatent(keras.layers.Layer):
    """Maps z ~ N(0, I) to u ~ U(-1, 1)^d, coordinate by coordinate:

        u = 2 Phi(z) - 1 = erf(z / sqrt(2)),

    Phi the standard normal CDF. Phi(z) is uniform on (0, 1) for a standard
    normal z, so a generator that begins with this layer is, as a function of
    its input, a generator fed U(-1, 1) noise, as DCGAN's and PacGAN's code
    feed theirs, while the zoo keeps one latent, N(0, I), for training,
    sampling, rejection sampling and export. erf is computed by Abramowitz &
    Stegun's formula 7.1.26 (error <= 1.5e-7), which TFLite's builtin ops
    express. Its coefficients are `formula_constants`: a float16 TFLite file
    rounds them as it rounds weights, and the export's parity bound measures
    what that does.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formula_constants = (_P, *_A)

    def call(self, z):
        p, *a = self.formula_constants
        x = ops.abs(z) / math.sqrt(2.0)
        t = 1.0 / (1.0 + p * x)
        polynomial = t * (a[0] + t * (a[1] + t * (a[2] + t * (a[3] + t * a[4]))))
        magnitude = 1.0 - polynomial * ops.exp(-ops.square(x))
        return ops.where(z < 0, -magnitude, magnitude)

    def compute_output_shape(self, input_shape):
        return input_shape
