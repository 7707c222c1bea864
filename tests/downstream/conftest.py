"""The sample downstream project is run by tests/test_testing.py through pytester,
never collected by the outer suite."""

collect_ignore_glob = ["*"]
