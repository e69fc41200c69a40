"""EBGAN and BEGAN losses against hand-computed values."""

import numpy as np
import pytest

from tfgan_zoo.losses import energy


def test_reconstruction_energy_l2_and_l1():
    images = np.array([[[1.0, -1.0]], [[0.0, 0.5]]], np.float32)
    reconstructions = np.zeros_like(images)
    np.testing.assert_allclose(energy.reconstruction_energy(images, reconstructions, "l2").numpy(), [1.0, 0.125])
    np.testing.assert_allclose(energy.reconstruction_energy(images, reconstructions, "l1").numpy(), [1.0, 0.25])
    with pytest.raises(ValueError, match="norm must be"):
        energy.reconstruction_energy(images, reconstructions, "l3")


def test_ebgan_margin_loss():
    real, fake = np.array([0.2, 0.1], np.float32), np.array([0.5, 3.0], np.float32)
    np.testing.assert_allclose(energy.ebgan_discriminator_loss(real, fake, 1.0).numpy(), [0.2 + 0.5, 0.1 + 0.0])
    np.testing.assert_allclose(energy.ebgan_generator_loss(real, fake).numpy(), fake)


def test_pulling_away_term_is_zero_for_orthogonal_codes_and_one_for_parallel():
    orthogonal = np.eye(3, dtype=np.float32) * np.array([[2.0], [0.5], [7.0]], np.float32)
    np.testing.assert_allclose(energy.pulling_away_term(orthogonal).numpy(), [0.0, 0.0, 0.0], atol=1e-7)
    parallel = np.array([[1.0, 1.0], [2.0, 2.0], [-3.0, -3.0]], np.float32)
    np.testing.assert_allclose(energy.pulling_away_term(parallel).numpy(), [1.0, 1.0, 1.0], rtol=1e-6)


def test_pulling_away_term_by_hand():
    codes = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]], np.float32)
    cos2 = {(0, 1): 0.5, (0, 2): 0.0, (1, 2): 0.5}
    per_example = [(cos2[(0, 1)] + cos2[(0, 2)]) / 2, (cos2[(0, 1)] + cos2[(1, 2)]) / 2,
                   (cos2[(0, 2)] + cos2[(1, 2)]) / 2]
    np.testing.assert_allclose(energy.pulling_away_term(codes).numpy(), per_example, rtol=1e-6)


def test_began_losses_k_update_and_convergence():
    real, fake = np.array([0.4, 0.2], np.float32), np.array([0.1, 0.3], np.float32)
    np.testing.assert_allclose(energy.began_discriminator_loss(real, fake, 0.5).numpy(), [0.35, 0.05])
    # k + lambda_k (gamma L(x) - L(G(z))) = 0.2 + 0.1 * (0.5 * 0.3 - 0.2)
    np.testing.assert_allclose(float(energy.began_k_update(0.2, 0.3, 0.2, 0.5, 0.1)), 0.195, rtol=1e-6)
    assert float(energy.began_k_update(0.0, 0.1, 5.0, 0.5, 1.0)) == 0.0
    assert float(energy.began_k_update(0.99, 5.0, 0.0, 0.5, 1.0)) == 1.0
    np.testing.assert_allclose(float(energy.began_convergence(0.3, 0.2, 0.5)), 0.3 + 0.05, rtol=1e-6)
