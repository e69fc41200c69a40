"""Training aids, one file each, as functions and objects a GAN calls into.

Started with unrolling (`unrolling.py`); the others still live in
`tfgan_zoo.gans.gan` and `tfgan_zoo.gans.aids` while the move goes on.
"""
