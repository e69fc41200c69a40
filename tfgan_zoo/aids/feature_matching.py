"""Feature matching (Salimans et al. 2016, arXiv 1606.03498, section 3.1)."""

import keras
import tensorflow as tf

from tfgan_zoo import replicas
from tfgan_zoo.aids.base import Aid, Term, check_not_negative, register
from tfgan_zoo.losses.regularizers import feature_matching_distance
from tfgan_zoo.networks.aids import head_layer
from tfgan_zoo.networks.calls import call_with_labels


@register
class FeatureMatching(Aid):
    """G matches the mean of D's features on real and generated examples:

        L_G = a L_adv + w ||E_x f(x) - E_z f(G(z))||_2^2,

    f being the discriminator's activation at `feature_matching_layer`
    (default: the input of its last layer with weights), both means over the
    global batch, and no gradient through the real features. The distance is
    reported as the metric `feature_matching`.

    Args:
        feature_matching: w > 0.
        feature_matching_layer: the name of the discriminator layer whose output is f.
        adversarial_weight: a >= 0; 0 trains G by feature matching alone.
    """

    name = "feature_matching"
    fields = {"feature_matching": 0.0, "feature_matching_layer": "", "adversarial_weight": 1.0}
    test_fields = {"feature_matching": 1.0}

    def __init__(self, feature_matching, feature_matching_layer="", adversarial_weight=1.0):
        if not feature_matching > 0 or adversarial_weight < 0:
            raise ValueError(f"feature_matching must be > 0 and adversarial_weight >= 0, got {feature_matching} "
                             f"and {adversarial_weight}")
        self.feature_matching = feature_matching
        self.feature_matching_layer = feature_matching_layer
        self.adversarial_weight = adversarial_weight
        self.tracker = self.feature_extractor = None

    @classmethod
    def from_fields(cls, feature_matching, feature_matching_layer, adversarial_weight):
        check_not_negative(feature_matching=feature_matching, adversarial_weight=adversarial_weight)
        if not feature_matching:
            if adversarial_weight == 0:
                raise ValueError("adversarial_weight=0 leaves the generator no loss; set feature_matching > 0 "
                                 "to train it by feature matching alone")
            if adversarial_weight != 1:
                raise ValueError(f"adversarial_weight={adversarial_weight} weighs G's adversarial loss against "
                                 "feature matching; set feature_matching > 0 too")
            return None
        return cls(feature_matching, feature_matching_layer, adversarial_weight)

    def attach(self, gan):
        """Builds f: a model sharing D's layers that returns the matched features."""
        self.tracker = keras.metrics.Mean(name="feature_matching")
        discriminator = gan.discriminator
        if self.feature_matching_layer:
            try:
                features = discriminator.get_layer(self.feature_matching_layer).output
            except ValueError:
                names = ", ".join(layer.name for layer in discriminator.layers)
                raise ValueError(f"feature_matching_layer {self.feature_matching_layer!r} is not a layer "
                                 f"of the discriminator; its layers: {names}") from None
        else:
            features = head_layer(discriminator).input
        self.feature_extractor = keras.Model(discriminator.inputs, features, name="feature_extractor")

    def distance(self, gan, real_in, fake_in, labels=None):
        """||E_x f(x) - E_z f(G(z))||^2 with both means over the global batch."""
        real_features = tf.stop_gradient(call_with_labels(self.feature_extractor, real_in, labels))
        fake_features = call_with_labels(self.feature_extractor, fake_in, labels)
        return feature_matching_distance(replicas.global_mean(real_features, axis=0),
                                         replicas.global_mean(fake_features, axis=0))

    def generator_term(self, gan, real_in, fake_in, labels):
        return Term(self.distance(gan, real_in, fake_in, labels), self.feature_matching, self.tracker)

    @property
    def metrics(self):
        return [self.tracker]
