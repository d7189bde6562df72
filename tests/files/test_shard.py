from __future__ import annotations

import pytest

from govlint.errors import GovlintError
from govlint.files.shard import parse, select, shard_of

FILES = [f"apis/team-{t}/svc-{i}/openapi.yaml" for t in range(10) for i in range(100)]


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_shards_are_disjoint_and_cover_everything(n: int) -> None:
    shards = [select(FILES, k, n) for k in range(1, n + 1)]
    assert sorted(f for s in shards for f in s) == sorted(FILES)
    assert sum(len(s) for s in shards) == len(FILES)
    for s in shards:  # roughly balanced on a realistic tree
        assert abs(len(s) - len(FILES) / n) < 0.15 * len(FILES) / n + 10


def test_a_file_stays_in_its_shard_whatever_else_is_in_the_run() -> None:
    subset = FILES[::7]
    for k in (1, 2, 3):
        assert set(select(subset, k, 3)) == set(select(FILES, k, 3)) & set(subset)
    assert shard_of("apis/x.yaml", 4) == shard_of("./apis/x.yaml", 4)
    assert shard_of("apis/x.yaml", 4) == shard_of("apis\\x.yaml", 4)


def test_known_assignment_is_pinned() -> None:
    # a changed hash would silently reshuffle every monorepo's shards between versions
    got = [shard_of(f"apis/svc-{i}/openapi.yaml", 3) for i in range(10)]
    assert got == [3, 3, 1, 2, 1, 3, 3, 1, 1, 2]


def test_parse() -> None:
    assert parse("2/5") == (2, 5)
    assert parse(" 1/1 ") == (1, 1)
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", "-1/2"):
        with pytest.raises(GovlintError, match="--shard"):
            parse(bad)
    with pytest.raises(GovlintError):
        select(FILES, 0, 2)
