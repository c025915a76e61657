"""Shared fixtures: real MNIST, loaded once per test session, and quiet deterministic torch."""
import pytest
import torch

from dkm_lib import load_mnist


@pytest.fixture(scope="session")
def mnist_train():
    return load_mnist(train=True)


@pytest.fixture(scope="session")
def mnist_test():
    return load_mnist(train=False)


@pytest.fixture(scope="session")
def small_data(mnist_train, mnist_test):
    """6,000 training and 2,000 test images: real digits, small enough for CPU tests."""
    (tx, ty), (sx, sy) = mnist_train, mnist_test
    return tx[:6000], ty[:6000], sx[:2000], sy[:2000]


@pytest.fixture(autouse=True)
def _fixed_threads():
    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)
