"""GAN variants, one per file, registered by name in VARIANTS."""

from tfgan_zoo.gans.acgan import ACGAN
from tfgan_zoo.gans.began import BEGAN
from tfgan_zoo.gans.biggan import BigGAN
from tfgan_zoo.gans.cgan import CGAN
from tfgan_zoo.gans.ebgan import EBGAN
from tfgan_zoo.gans.gan import GAN, OWN_LOSSES, unpack_batch
from tfgan_zoo.gans.hinge import HingeGAN
from tfgan_zoo.gans.lsgan import LSGAN
from tfgan_zoo.gans.nsgan import NSGAN
from tfgan_zoo.gans.objectives import Objective, get_objective
from tfgan_zoo.gans.progan import GrowthSchedule, Phase, ProGAN
from tfgan_zoo.gans.ragan import RaGAN
from tfgan_zoo.gans.ralsgan import RaLSGAN
from tfgan_zoo.gans.rsgan import RSGAN
from tfgan_zoo.gans.sagan import SAGAN
from tfgan_zoo.gans.stacked import StackedGAN, Stage
from tfgan_zoo.gans.staged import StagedGAN
from tfgan_zoo.gans.wgan import WGAN
from tfgan_zoo.gans.wgan_gp import WGANGP

__all__ = [
    "ACGAN",
    "BEGAN",
    "BigGAN",
    "CGAN",
    "EBGAN",
    "GAN",
    "LSGAN",
    "NSGAN",
    "OWN_LOSSES",
    "WGAN",
    "WGANGP",
    "HingeGAN",
    "GrowthSchedule",
    "Objective",
    "Phase",
    "ProGAN",
    "RSGAN",
    "RaGAN",
    "RaLSGAN",
    "SAGAN",
    "Stage",
    "StackedGAN",
    "StagedGAN",
    "get_objective",
    "unpack_batch",
]
