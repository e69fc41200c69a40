"""FID, KID, IS and precision/recall against closed forms and straightforward numpy."""

import collections

import numpy as np
import pytest

from tfgan_zoo.metrics import (
    FeatureStatistics,
    channel_code_purity,
    code_purity,
    frechet_distance,
    inception_score,
    kernel_distance,
    precision_recall,
    stacked_mnist_coverage,
    stacked_mnist_marginal_kl,
    unbiased_mmd2,
)


def test_streaming_statistics_equal_numpy_mean_and_cov():
    features = np.random.default_rng(0).normal(size=(500, 6))
    stats = FeatureStatistics(6)
    for start in range(0, 500, 64):
        stats.update(features[start:start + 64])
    np.testing.assert_allclose(stats.mean, features.mean(0), rtol=1e-10)
    np.testing.assert_allclose(stats.covariance, np.cov(features, rowvar=False), rtol=1e-9, atol=1e-12)


def test_fid_of_a_set_with_itself_is_zero():
    features = np.random.default_rng(1).normal(size=(400, 8))
    mean, cov = features.mean(0), np.cov(features, rowvar=False)
    assert frechet_distance(mean, cov, mean, cov) == pytest.approx(0.0, abs=1e-8)


def test_fid_of_two_gaussians_equals_the_closed_form():
    # Diagonal covariances: d^2 = |mu1 - mu2|^2 + sum (sqrt(a_i) - sqrt(b_i))^2.
    mean1, mean2 = np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 0.0])
    var1, var2 = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 1.0])
    expected = 5.0 + (1 - 2) ** 2 + (2 - 1) ** 2 + (3 - 1) ** 2
    assert frechet_distance(mean1, np.diag(var1), mean2, np.diag(var2)) == pytest.approx(expected, rel=1e-10)
    # A rotated pair keeps the distance (the trace term is basis-free).
    rotation, _ = np.linalg.qr(np.random.default_rng(2).normal(size=(3, 3)))
    rotated = frechet_distance(rotation @ mean1, rotation @ np.diag(var1) @ rotation.T,
                               rotation @ mean2, rotation @ np.diag(var2) @ rotation.T)
    assert rotated == pytest.approx(expected, rel=1e-8)


def straightforward_mmd2(x, y):
    def k(a, b):
        return (a @ b / len(a) + 1.0) ** 3

    m, n = len(x), len(y)
    xx = sum(k(x[i], x[j]) for i in range(m) for j in range(m) if i != j) / (m * (m - 1))
    yy = sum(k(y[i], y[j]) for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    xy = sum(k(x[i], y[j]) for i in range(m) for j in range(n)) / (m * n)
    return xx + yy - 2 * xy


def test_kid_matches_a_straightforward_computation():
    rng = np.random.default_rng(3)
    real, fake = rng.normal(size=(10, 5)), rng.normal(0.5, 1.0, size=(10, 5))
    assert unbiased_mmd2(real, fake) == pytest.approx(straightforward_mmd2(real, fake), rel=1e-10)
    mean, std = kernel_distance(real, fake, num_subsets=1, subset_size=100)
    assert mean == pytest.approx(straightforward_mmd2(real, fake), rel=1e-10) and std == 0.0


def test_inception_score_matches_numpy_and_its_bounds():
    rng = np.random.default_rng(4)
    logits = rng.normal(size=(40, 5)) * 3
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    scores = []
    for part in np.array_split(p, 4):
        py = part.mean(0)
        scores.append(np.exp(np.mean([np.sum(row * np.log(row / py)) for row in part])))
    mean, std = inception_score(p, splits=4)
    assert mean == pytest.approx(np.mean(scores), rel=1e-10) and std == pytest.approx(np.std(scores), rel=1e-8)
    confident = np.eye(5)[np.arange(50) % 5]  # every class equally often, each sample certain
    assert inception_score(confident, splits=1)[0] == pytest.approx(5.0, rel=1e-6)
    assert inception_score(np.full((50, 5), 0.2), splits=1)[0] == pytest.approx(1.0, rel=1e-10)


def test_precision_and_recall_of_identical_sets_are_one_and_disjoint_sets_zero():
    features = np.random.default_rng(5).normal(size=(200, 4))
    assert precision_recall(features, features.copy()) == (1.0, 1.0)
    assert precision_recall(features, features + 100.0) == (0.0, 0.0)
    # Fakes on half of the real manifold: full precision, partial recall (the
    # fakes' k-NN balls reach a little past the half they cover).
    precision, recall = precision_recall(features, features[features[:, 0] > 0])
    assert precision == 1.0 and 0.4 < recall < 0.85


def test_stacked_mnist_coverage_counts_digit_triples():
    digits = np.array([[1, 2, 3], [1, 2, 3], [0, 0, 0], [9, 9, 9]])
    modes, kl = stacked_mnist_coverage(digits)
    q = np.array([0.5, 0.25, 0.25])
    assert modes == 3 and kl == pytest.approx(np.sum(q * np.log(q * 1000)), rel=1e-10)
    all_modes = np.stack(np.unravel_index(np.arange(1000), (10, 10, 10)), axis=1)
    assert stacked_mnist_coverage(all_modes) == (1000, pytest.approx(0.0, abs=1e-12))


def _total_correlation(digits):
    """KL(q || q_1 q_2 q_3) of the empirical joint against the product of its marginals, summed
    directly over the triples present."""
    joint = collections.Counter(map(tuple, digits))
    marginals = [collections.Counter(digits[:, channel]) for channel in range(3)]
    n = len(digits)
    return sum(count / n * np.log(count / n / np.prod([marginals[c][triple[c]] / n for c in range(3)]))
               for triple, count in joint.items())


@pytest.mark.parametrize("seed", range(5))
def test_the_stacked_mnist_kl_is_the_channels_kl_plus_their_total_correlation(seed):
    rng = np.random.default_rng(seed)
    # Skewed digit frequencies, and a second channel that copies the first part of the time.
    digits = rng.choice(10, size=(rng.integers(50, 3000), 3), p=rng.dirichlet(np.full(10, 2.0)))
    copies = rng.random(len(digits)) < rng.random()
    digits[copies, 1] = digits[copies, 0]
    _, kl = stacked_mnist_coverage(digits)
    marginal = stacked_mnist_marginal_kl(digits)
    by_hand = sum(np.sum(f[f > 0] * np.log(10 * f[f > 0]))
                  for f in (np.bincount(digits[:, c], minlength=10) / len(digits) for c in range(3)))
    # Sums of a few thousand float64 logs: a few ulps of the KL's scale each.
    assert marginal == pytest.approx(by_hand, rel=1e-9, abs=1e-12)
    assert kl == pytest.approx(marginal + _total_correlation(digits), rel=1e-9, abs=1e-12)


def test_balanced_independent_channels_have_no_marginal_kl():
    all_modes = np.stack(np.unravel_index(np.arange(1000), (10, 10, 10)), axis=1)
    assert stacked_mnist_marginal_kl(all_modes) == pytest.approx(0.0, abs=1e-12)
    only_sevens_in_red = all_modes.copy()
    only_sevens_in_red[:, 0] = 7
    assert stacked_mnist_marginal_kl(only_sevens_in_red) == pytest.approx(np.log(10), rel=1e-12)


def test_code_purity_counts_each_category_under_its_commonest_class():
    codes = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 2])
    classes = np.array([3, 3, 1, 4, 4, 3, 3, 0, 0, 0])
    # category 0: 2 of 3 are 3s; category 1: 2 of 2 are 4s; category 2: 3 of 5 are 0s.
    assert code_purity(codes, classes) == pytest.approx((2 + 2 + 3) / 10)
    assert code_purity(classes, classes) == 1.0
    # A code independent of the classes scores about the commonest class's share.
    rng = np.random.default_rng(0)
    independent = code_purity(rng.integers(0, 10, 100_000), rng.integers(0, 10, 100_000))
    assert 0.1 < independent < 0.11
    with pytest.raises(ValueError, match="two equal non-empty vectors"):
        code_purity([0, 1], [0])


def test_channel_code_purity_is_each_codes_purity_against_each_channel():
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 10, (5000, 3))
    # Codes 0 and 2 set their own channels' digits; code 1 sets channel 2's too (tied), channel 1 is its own.
    channels = np.stack([codes[:, 0], rng.integers(0, 10, 5000), (codes[:, 2] + 3) % 10], axis=1)
    purity = channel_code_purity(codes, channels)
    assert purity.shape == (3, 3)
    for m, c in ((0, 0), (2, 2)):
        assert purity[m, c] == 1.0
    for m in range(3):
        assert purity[m, m] == code_purity(codes[:, m], channels[:, m])
    # Independent pairs score about the commonest digit's share: 5,000 samples in 10 categories of
    # about 500, each category's commonest of 10 digits about 0.1 + 2.5 * sqrt(0.09 / 500) = 0.13 at most.
    assert 0.1 < purity[1, 1] < 0.14 and 0.1 < purity[0, 1] < 0.14
    with pytest.raises(ValueError, match=r"\[n, M\] and \[n, C\]"):
        channel_code_purity(codes[:, 0], channels)
