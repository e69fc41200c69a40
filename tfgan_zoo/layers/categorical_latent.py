"""A categorical code read off a Gaussian latent, so that a generator can be discontinuous in z."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="tfgan_zoo")
class CategoricalLatent(keras.layers.Layer):
    """Replaces the first K coordinates of z by the one-hot code of their argmax:

        c = argmax_{j < K} z_j,   output = [one_hot(c, K), z_K, ..., z_{d-1}],

    and with M codes, each of the first M blocks of K coordinates by its own:
    c_m = argmax_{j < K} z_{mK + j}, output = [one_hot(c_1), ..., one_hot(c_M),
    z_{MK}, ..., z_{d-1}]. The M codes are independent and uniform (a Stacked
    MNIST generator can give one to each channel's digit).

    For z ~ N(0, I) the argmax of K independent coordinates is uniform over the
    K categories, so the output is InfoGAN's latent (Chen et al. 2016, arXiv
    1606.03657): a uniform categorical code beside continuous noise. The
    `infogan` variant adds InfoGAN's mutual-information term; alone, the
    layer leaves G free to ignore the code. The generator still takes
    z ~ N(0, I) (exports, truncation and rejection sampling see no change),
    but it is now continuous only within each category. A generator that is
    continuous in a connected latent must put mass on paths between the
    disconnected parts of the data, the bridges between modes (Khayatkhoei et
    al. 2018, arXiv 1806.00880); with the code, each category can land on
    its own part.

    No gradient flows to z through the code (z is never trained).

    Args:
        categories: K >= 2.
        codes: M >= 1; z must have more than M K coordinates.
    """

    def __init__(self, categories, codes=1, **kwargs):
        super().__init__(**kwargs)
        if categories < 2:
            raise ValueError(f"categories must be >= 2, got {categories}")
        if codes < 1:
            raise ValueError(f"codes must be >= 1, got {codes}")
        self.categories = categories
        self.codes = codes

    @property
    def coordinates(self):
        """M K: the leading coordinates of z that the codes take."""
        return self.categories * self.codes

    def build(self, input_shape):
        if input_shape[-1] is not None and input_shape[-1] <= self.coordinates:
            what = (f"a categorical code of {self.categories} categories takes" if self.codes == 1 else
                    f"{self.codes} categorical codes of {self.categories} categories take")
            raise ValueError(
                f"{what} {self.coordinates} of z's coordinates, and G needs continuous ones beside them: "
                f"z_dim must be > {self.coordinates}, got {input_shape[-1]}"
            )

    def call(self, z):
        # The one-hot of the argmax, built from comparisons: `ops.argmax` and `ops.one_hot` lower
        # to ops that TFLite's builtins lack (a bitwise sign test), comparisons and a cumulative
        # sum do not. Of tied maxima only the first is kept, as argmax does: a coordinate is the
        # code if it is a maximum and no maximum comes before it. The maxima before each one are
        # counted by a cumulative sum shifted by one, and tested against 1/2 rather than
        # subtracted: a full-integer TFLite file calibrates that sum on draws without ties
        # (range [0, 1]) and saturates a count of 2 at 1, which the test still reads right.
        # Ties are what int8 gives: rounding z to 8 bits ties the top two of 10 coordinates
        # in about 3% of draws.
        # Each code is one row of a [batch, M, K] view.
        logits = ops.reshape(z[:, :self.coordinates], (-1, self.codes, self.categories))
        is_max = ops.cast(ops.greater_equal(logits, ops.max(logits, axis=-1, keepdims=True)), z.dtype)
        maxima_before = ops.cumsum(ops.concatenate([ops.zeros_like(is_max[..., :1]), is_max[..., :-1]], axis=-1),
                                   axis=-1)
        code = is_max * ops.cast(ops.less(maxima_before, 0.5), z.dtype)
        return ops.concatenate([ops.reshape(code, (-1, self.coordinates)), z[:, self.coordinates:]], axis=-1)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "categories": self.categories, "codes": self.codes}


def latent_codes(generator):
    """(M, K) of the generator's `CategoricalLatent`: M codes of K categories in z's first M K
    coordinates; (0, 0) without one."""
    layer = next((layer for layer in generator.layers if isinstance(layer, CategoricalLatent)), None)
    return (layer.codes, layer.categories) if layer is not None else (0, 0)
