"""GAN evaluation metrics."""
