"""dkm_lib: Deep K-means (a convolutional autoencoder trained jointly with k-means) for the book.

    from dkm_lib import DeepKMeans, TrainConfig, train, evaluate, load_checkpoint
    from dkm_lib import alpha_schedule, cluster_acc, load_mnist, load_fashion_mnist
"""
from .checkpoints import load_checkpoint, read_checkpoint
from .config import PRESETS, TrainConfig
from .data import FASHION_MNIST_CLASSES, DataError, load_fashion_mnist, load_mnist
from .loss import alpha_schedule, dkm_loss
from .metrics import ari, cluster_acc, cluster_to_label, nmi
from .model import Decoder, DeepKMeans, Encoder
from .epoch import TrainingDiverged, evaluate, train_epoch
from .trainer import train

__version__ = "0.1.0"
__all__ = [
    "DataError", "FASHION_MNIST_CLASSES", "load_fashion_mnist", "load_mnist", "alpha_schedule", "dkm_loss", "ari",
    "cluster_acc", "cluster_to_label", "nmi", "Decoder", "DeepKMeans", "Encoder", "PRESETS", "TrainConfig",
    "TrainingDiverged", "evaluate", "load_checkpoint", "read_checkpoint", "train", "train_epoch",
]
