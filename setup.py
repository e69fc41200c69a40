"""tfgan-zoo: GAN variants as Keras 3 models on TensorFlow 2.21."""

from setuptools import find_packages, setup

# trainers/ and export/ sit at the top of the repository but install inside
# the package, so no generic top-level module named `export` lands in
# site-packages.
PACKAGES = find_packages(include=["tfgan_zoo", "tfgan_zoo.*"])
PACKAGE_DIR = {"tfgan_zoo.trainers": "trainers", "tfgan_zoo.export": "export"}

setup(
    name="tfgan-zoo",
    version="0.1.0",
    description="GAN variants as Keras 3 models: train, watch, evaluate and export",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    python_requires=">=3.10",
    packages=PACKAGES + list(PACKAGE_DIR),
    package_dir=PACKAGE_DIR,
    package_data={"tfgan_zoo": ["py.typed", "metrics/assets/*.h5", "metrics/assets/*.json"]},
    install_requires=[
        "tensorflow>=2.21,<2.22",
        "keras>=3.12",
        "tensorflow-datasets>=4.9",
        "tensorboard>=2.21",
        "absl-py>=2.0",
        "importlib_resources",
        "numpy",
        "scipy",  # the Hungarian matching of the self-conditioned GAN's clusters
        "tqdm",
        "tensorflow-serving-api>=2.21,<2.22",  # PredictionLog protos for warmup records
        "ai-edge-litert>=2.1",  # the LiteRT interpreter for TFLite parity checks
    ],
    extras_require={"test": ["pytest>=8", "pytest-xdist>=3", "ruff", "matplotlib", "scikit-learn"], "benchmarks": ["matplotlib", "scikit-learn"]},
    entry_points={"console_scripts": ["tfgan-zoo=tfgan_zoo.trainers.cli:run"]},
)
