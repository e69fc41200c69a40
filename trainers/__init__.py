"""Training: strategy selection, the training driver, the command line."""
