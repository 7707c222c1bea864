"""Audits on Dask: the same answers as one process, with the regime shipped once."""

from __future__ import annotations

from collections.abc import Iterator

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import aicontrols as ac
import aicontrols.dask

from .test_audit import MYTHOS, mythos_log


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes on this machine (loopback only, no dashboard)."""
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    frame: pd.DataFrame = mythos_log(8_000, seed=11).to_pandas()
    return frame


def expected(log: pd.DataFrame, **kwargs: object) -> list[tuple[str, str]]:
    result = ac.audit(MYTHOS, log, **kwargs)  # type: ignore[arg-type]
    return list(
        zip(result["verdict"].astype(str), result["reason"].astype(str), strict=True)
    )


def test_cluster_agrees_with_one_process(client: Client, log: pd.DataFrame) -> None:
    """A Dask audit on two workers gives one process's answers, index kept."""
    frame = dd.from_pandas(log, npartitions=8)
    result = aicontrols.dask.audit(MYTHOS, frame).compute()
    assert list(log.index) == list(result.index)
    assert expected(log) == list(
        zip(result["verdict"].astype(str), result["reason"], strict=True)
    )
    # both workers took part
    assert 2 == len(client.scheduler_info()["workers"])


def test_as_known_on_reaches_the_workers(client: Client, log: pd.DataFrame) -> None:
    """`as_known_on=` applies on the workers as in one process."""
    frame = dd.from_pandas(log, npartitions=4)
    result = aicontrols.dask.audit(MYTHOS, frame, as_known_on="2026-06-20").compute()
    assert expected(log, as_known_on="2026-06-20") == list(
        zip(result["verdict"].astype(str), result["reason"], strict=True)
    )


def test_the_regime_is_one_key_of_the_graph(log: pd.DataFrame) -> None:
    """The regime travels once per worker, not once per partition."""
    frame = dd.from_pandas(log, npartitions=8)
    graph = dict(aicontrols.dask.audit(MYTHOS, frame).__dask_graph__())
    names = [k[0] if isinstance(k, tuple) else k for k in graph]
    assert 8 == sum(str(n).startswith("_partition-") for n in names)
    assert [f"aicontrols-regime-{MYTHOS.fingerprint}"] == [
        n for n in names if str(n).startswith("aicontrols-regime-")
    ]


def test_bad_rows_are_marked_or_raised(client: Client, log: pd.DataFrame) -> None:
    """On Dask a bad row is marked unreadable or raised with its row number."""
    broken = log.copy()
    broken.loc[broken.index[5], "item"] = "mythos-6"
    frame = dd.from_pandas(broken, npartitions=4)
    marked = aicontrols.dask.audit(MYTHOS, frame, errors="mark").compute()
    assert "unreadable" == marked["verdict"].iloc[5]
    assert marked["reason"].iloc[5].startswith("`item`: unknown item id `mythos-6`")
    with pytest.raises(ac.AuditRowError, match="row 5: `item`"):
        aicontrols.dask.audit(MYTHOS, frame).compute()


def test_a_missing_column_fails_before_running(log: pd.DataFrame) -> None:
    """A log lacking a column is refused when the audit is built, before it runs."""
    frame = dd.from_pandas(log.drop(columns=["mode"]), npartitions=2)
    with pytest.raises(ac.QueryError, match="no column `mode`"):
        aicontrols.dask.audit(MYTHOS, frame)


def test_not_a_regime(log: pd.DataFrame) -> None:
    """A regime name instead of a `Regime` is refused with a `QueryError`."""
    with pytest.raises(ac.QueryError, match="expected a Regime"):
        aicontrols.dask.audit("mythos5", dd.from_pandas(log, npartitions=2))  # type: ignore[arg-type]


def test_extra_columns_reach_the_workers(log: pd.DataFrame) -> None:
    """A column the audit does not read is refused, or kept when named as extra."""
    extra = log.assign(request_id=[f"req-{i}" for i in range(len(log))])
    frame = dd.from_pandas(extra, npartitions=2)
    with pytest.raises(ac.QueryError, match="`request_id`"):
        aicontrols.dask.audit(MYTHOS, frame)
    kept = aicontrols.dask.audit(MYTHOS, frame, extra_columns=["request_id"]).compute()
    assert list(extra["request_id"]) == list(kept["request_id"])
