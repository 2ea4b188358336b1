import pytest

from tests.factories import PhaseFactory, SectorFactory, StrategyFactory


@pytest.fixture
def strategy():
    strategy = StrategyFactory()
    for number in range(1, 6):
        PhaseFactory(strategy=strategy, number=number)
    return strategy


@pytest.fixture
def css(strategy):
    return SectorFactory(code="CSS")
