"""The quality gate runs with the full reference gazetteer imported into a throwaway SIJILL_HOME,
as a user who has run `sijill gazetteer import` would; `builtin_home` gives the built-in list only."""
from __future__ import annotations

import pytest

from tests.shared_data import GAZETTEER


@pytest.fixture(scope="session")
def imported_gazetteer_home(tmp_path_factory):
    """A SIJILL_HOME with the full reference gazetteer imported, once a session."""
    if not (GAZETTEER / "syria_communities.csv").exists():
        pytest.skip("reference gazetteer ../shared/gazetteer is absent")
    from sijill.knowledge.gazetteer import gazetteer_file
    from sijill.knowledge.gazetteer_import import import_gazetteer
    home = tmp_path_factory.mktemp("sijill_home")
    mp = pytest.MonkeyPatch()
    mp.setenv("SIJILL_HOME", str(home))
    try:
        import_gazetteer(GAZETTEER, gazetteer_file())
    finally:
        mp.undo()
    return home


@pytest.fixture
def imported_home(imported_gazetteer_home, monkeypatch):
    """That home for one test alone: the tests after it see the gazetteer they set up themselves."""
    monkeypatch.setenv("SIJILL_HOME", str(imported_gazetteer_home))
    return imported_gazetteer_home


@pytest.fixture
def builtin_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SIJILL_HOME", str(tmp_path / "empty_home"))
    return tmp_path
