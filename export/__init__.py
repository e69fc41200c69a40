"""Export trained generators: SavedModel for TF Serving."""

from tfgan_zoo.export.checkpoint import ExportError, load_trained_gan
from tfgan_zoo.export.saved_model import GeneratorModule, export_saved_model, next_version, save_generator

__all__ = [
    "ExportError",
    "GeneratorModule",
    "export_saved_model",
    "load_trained_gan",
    "next_version",
    "save_generator",
]
