"""Bad requests get a 4xx answer that names the problem, never a traceback.

Malformed bodies, unknown ids (with the library's did-you-mean), naive
instants, oversize bodies and batches, unknown endpoints and methods: each a
JSON error with the status, one message and every problem at its JSON
pointer into the body.
"""

from __future__ import annotations

from typing import Any

import pytest

from .shared import require_extras

require_extras()

LIMIT_BODY = 4_096
LIMIT_BATCH = 5


def ask(**context: Any) -> dict[str, Any]:
    """A well-formed evaluation of the `mythos5` example, with `context`."""
    return {
        "subject": {"type": "recipient", "id": "other-corp"},
        "resource": {"type": "item", "id": "mythos-5"},
        "action": {"name": "hosted-api"},
        "context": {"on": "2026-06-27", **context},
    }


@pytest.fixture(scope="module")
def server(serving: Any) -> Any:
    """`mythos5`, with small limits on bodies and batches."""
    return serving(
        ["mythos5"],
        "--max-body",
        str(LIMIT_BODY),
        "--max-batch",
        str(LIMIT_BATCH),
    )


def problems(response: Any, status: int = 400) -> list[tuple[str, str]]:
    """The (pointer, message) pairs of an error answer with `status`."""
    assert status == response.status_code, response.text
    assert "Traceback" not in response.text
    error = response.json()["error"]
    assert status == error["status"]
    found = [(p["pointer"], p["message"]) for p in error["problems"]]
    assert error["message"] == "; ".join(
        f"{pointer}: {message}" if pointer else message for pointer, message in found
    )
    return found


class TestMalformedBodies:
    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (
                b'{"subject": ',
                "the body is not JSON: Expecting value at line 1 column 13",
            ),
            (b"", "the body is empty: send a JSON object"),
            (b'{"a": NaN}', "the body is not JSON: `NaN` is not a JSON value"),
            (b'\xff{"a": 1}', "the body is not UTF-8: byte 0 cannot be read"),
            (b"[1, 2]", "expected a JSON object (an evaluation)"),
        ],
    )
    def test_unreadable_body(self, server: Any, body: bytes, message: str) -> None:
        """A body that is not one JSON object: 400, saying what is wrong and where."""
        response = server.client.post("/access/v1/evaluation", content=body)
        assert [("", message)] == problems(response)

    def test_every_problem_at_once(self, server: Any) -> None:
        """Each problem of an evaluation is reported at its pointer, all at once."""
        body = {
            "subjct": {"id": "x"},
            "resource": {"id": 7},
            "action": {"name": "hosted-api", "properties": {"weights": True}},
            "context": {"location": "USA", "attestation": ["x"], "on": "2026-06-27"},
        }
        assert [
            ("/subjct", "unknown key `subjct` (did you mean `subject`?)"),
        ] == problems(server.post("/access/v1/evaluation", body))
        body["subject"] = body.pop("subjct")
        assert [
            ("/resource/id", "expected an id (a non-empty string), got `7`"),
            (
                "/action/properties",
                "a mode is named, not described: give the name of a mode the "
                "regimes define (e.g. `hosted-api`)",
            ),
            (
                "/context/attestation",
                "unknown key `attestation` (did you mean `attestations`?)",
            ),
            (
                "/context/location",
                "expected an ISO 3166-1 alpha-2 country code, got `USA` (did you mean `US`?)",
            ),
        ] == problems(server.post("/access/v1/evaluation", body))

    def test_missing_parts(self, server: Any) -> None:
        """An evaluation without a subject, resource or action says which is missing."""
        assert [
            ("/subject", "expected an object, got nothing"),
            ("/resource", "expected an object, got nothing"),
            ("/action", "expected an object, got nothing"),
        ] == problems(server.post("/access/v1/evaluation", {}))

    def test_facts_are_read_as_a_regime_file_reads_them(self, server: Any) -> None:
        """A recipient's facts are checked by the regime-file loader, each
        problem at its pointer, with its did-you-mean."""
        body = ask()
        body["subject"] = {
            "id": "wei",
            "properties": {
                "kind": "individual",
                "citizenship": [{"country": "CN"}],
                "employments": [{"employer": "acme-cloud", "start": "2026-02-30"}],
            },
        }
        assert [
            (
                "/subject/properties/citizenship",
                "unknown key `citizenship` (did you mean `citizenships`?)",
            ),
            (
                "/subject/properties/employments/0/start",
                'expected a real calendar date or instant, got "2026-02-30"',
            ),
        ] == problems(server.post("/access/v1/evaluation", body))


class TestUnknownIds:
    @pytest.mark.parametrize(
        ("part", "value", "pointer", "message"),
        [
            (
                "subject",
                {"id": "other-crop"},
                "/subject/id",
                "unknown entity id `other-crop` (did you mean `other-corp`? known: "
                "`anthropic`, `acme-cloud`, `us-agency`, `other-corp`)",
            ),
            (
                "resource",
                {"id": "mythos-6"},
                "/resource/id",
                "unknown item id `mythos-6` (did you mean `mythos-5`? known: "
                "`mythos-5`, `fable-5`)",
            ),
            (
                "action",
                {"name": "hosted-apii"},
                "/action/name",
                "unknown mode id `hosted-apii` (did you mean `hosted-api`? known: "
                "`weights-transfer`, `on-premises`, `hosted-api`, `web-app`, "
                "`cloud-marketplace`, `fine-tuning`, `open-publication`)",
            ),
        ],
    )
    def test_unknown_id_with_did_you_mean(
        self, server: Any, part: str, value: dict[str, str], pointer: str, message: str
    ) -> None:
        """An unknown recipient, item or mode: 400 at its pointer, with the
        library's did-you-mean."""
        body = {**ask(), part: value}
        assert [(pointer, message)] == problems(
            server.post("/access/v1/evaluation", body)
        )

    def test_unknown_party(self, server: Any) -> None:
        """An unknown party is named at its place in `context.parties`."""
        body = ask(parties=[{"role": "purchaser", "id": "acme-clod"}])
        [(pointer, message)] = problems(server.post("/access/v1/evaluation", body))
        assert "/context/parties/0/id" == pointer
        assert message.startswith(
            "unknown entity id `acme-clod` (did you mean `acme-cloud`?"
        )

    def test_facts_that_contradict_the_catalog(self, server: Any) -> None:
        """A catalog id described with other facts is refused, not merged."""
        body = {
            **ask(),
            "subject": {"id": "acme-cloud", "properties": {"country": "CN"}},
        }
        [(pointer, message)] = problems(server.post("/access/v1/evaluation", body))
        assert "/subject/properties" == pointer
        assert "`country` differs" in message


class TestInstants:
    def test_naive_instant(self, server: Any) -> None:
        """An instant without its UTC offset: 400, with the two ways to give one."""
        body = {**ask(), "context": {"at": "2026-06-27T12:00:00"}}
        assert [
            (
                "/context/at",
                "`2026-06-27T12:00:00` has no UTC offset: an instant needs one, e.g. "
                "`2026-06-27T12:00:00-04:00` or `2026-06-27T12:00:00Z` (RFC 3339)",
            )
        ] == problems(server.post("/access/v1/evaluation", body))

    def test_both_at_and_on(self, server: Any) -> None:
        """`at` and `on` together: 400 at the context."""
        body = ask(at="2026-06-27T12:00:00Z")
        assert [
            ("/context", "give `at` (an instant) or `on` (a day), not both")
        ] == problems(server.post("/access/v1/evaluation", body))

    @pytest.mark.parametrize(
        ("context", "pointer", "message"),
        [
            (
                {"on": "2026-06-31"},
                "/context/on",
                "`on`: expected a date as YYYY-MM-DD, got `2026-06-31`",
            ),
            (
                {"on": "2026-06-27", "as_known_on": "soon"},
                "/context/as_known_on",
                "`as_known_on`: expected a date as YYYY-MM-DD, got `soon`",
            ),
        ],
    )
    def test_impossible_dates(
        self, server: Any, context: dict[str, str], pointer: str, message: str
    ) -> None:
        """A date that does not exist: the library's message, at its pointer."""
        body = {**ask(), "context": context}
        assert [(pointer, message)] == problems(
            server.post("/access/v1/evaluation", body)
        )


class TestLimits:
    def test_oversize_batch(self, server: Any) -> None:
        """More evaluations than `--max-batch`: 413, naming the limit."""
        body = {"evaluations": [ask()] * (LIMIT_BATCH + 1)}
        assert [
            (
                "/evaluations",
                "6 evaluations; the limit is 5 (`--max-batch`): split the batch",
            )
        ] == problems(server.post("/access/v1/evaluations", body), 413)

    def test_oversize_body(self, server: Any) -> None:
        """A body larger than `--max-body`: 413, naming its size and the limit."""
        body = ask(attestations=["x" * LIMIT_BODY])
        [(pointer, message)] = problems(server.post("/access/v1/evaluation", body), 413)
        assert "" == pointer
        assert message.endswith("bytes; the limit is 4,096 bytes (`--max-body`)")

    def test_oversize_body_without_a_length(self, server: Any) -> None:
        """A chunked body (no Content-Length) is cut off at the limit too."""

        def chunks() -> Any:
            for _ in range(LIMIT_BODY // 100 + 2):
                yield b" " * 100

        response = server.client.post("/access/v1/evaluation", content=chunks())
        assert [
            ("", "the body is larger; the limit is 4,096 bytes (`--max-body`)")
        ] == problems(response, 413)


class TestBatches:
    def test_a_bad_evaluation_does_not_spoil_the_batch(self, server: Any) -> None:
        """Each evaluation is answered on its own: a bad one gets an error
        object (AuthZEN's decision false, with the error), the rest answers."""
        body = {
            "subject": {"id": "other-corp"},
            "action": {"name": "hosted-api"},
            "context": {"on": "2026-06-27"},
            "evaluations": [
                {"resource": {"id": "mythos-5"}},
                {"resource": {"id": "fable-6"}},
                "not an evaluation",
                {"resource": {"id": "fable-5"}, "subjet": {}},
            ],
        }
        answers = server.post("/access/v1/evaluations", body).json()["evaluations"]
        assert [True, False, False, False] == [a["decision"] for a in answers]
        assert "permitted" == answers[0]["context"]["verdict"]
        errors = [a["context"]["error"] for a in answers[1:]]
        assert [
            [
                (
                    "/evaluations/1/resource/id",
                    "unknown item id `fable-6` (did you mean `fable-5`? known: "
                    "`mythos-5`, `fable-5`)",
                )
            ],
            [("/evaluations/2", "expected an object (an evaluation)")],
            [
                (
                    "/evaluations/3/subjet",
                    "unknown key `subjet` (did you mean `subject`?)",
                )
            ],
        ] == [[(p["pointer"], p["message"]) for p in e["problems"]] for e in errors]
        assert {400} == {e["status"] for e in errors}

    def test_a_default_is_located_where_it_is_written(self, server: Any) -> None:
        """A problem in a batch's default is located at the default."""
        body = {
            "subject": {"id": "other-crop"},
            "action": {"name": "hosted-api"},
            "evaluations": [{"resource": {"id": "mythos-5"}}],
        }
        [answer] = server.post("/access/v1/evaluations", body).json()["evaluations"]
        assert "/subject/id" == answer["context"]["error"]["problems"][0]["pointer"]

    def test_permit_on_first_permit(self, server: Any) -> None:
        """`permit_on_first_permit` stops at the first permission, answers
        kept or not."""
        body = {
            "subject": {"id": "other-corp"},
            "action": {"name": "hosted-api"},
            "context": {"on": "2026-06-27"},
            "options": {"evaluations_semantic": "permit_on_first_permit"},
            "evaluations": [
                {"resource": {"id": "nothing"}},
                {"resource": {"id": "mythos-5"}},
                {"resource": {"id": "fable-5"}},
            ],
        }
        for _ in range(2):  # the second time, from the kept answers
            answers = server.post("/access/v1/evaluations", body).json()["evaluations"]
            assert [False, True] == [a["decision"] for a in answers]

    def test_deny_on_first_deny(self, server: Any) -> None:
        """`options.evaluations_semantic: deny_on_first_deny` stops at the first
        denial (AuthZEN), so the answer may be shorter than the batch."""
        body = {
            "subject": {"id": "other-corp"},
            "action": {"name": "hosted-api"},
            "context": {"on": "2026-06-27"},
            "options": {"evaluations_semantic": "deny_on_first_deny"},
            "evaluations": [
                {"resource": {"id": "mythos-5"}},
                {"resource": {"id": "nothing"}},
                {"resource": {"id": "fable-5"}},
            ],
        }
        answers = server.post("/access/v1/evaluations", body).json()["evaluations"]
        assert [True, False] == [a["decision"] for a in answers]

    @pytest.mark.parametrize("semantic", ["all", ["execute_all"]])
    def test_bad_options(self, server: Any, semantic: Any) -> None:
        """An unknown semantic is a 400 for the whole batch, listing the known ones."""
        body = {"options": {"evaluations_semantic": semantic}, "evaluations": [ask()]}
        assert [
            (
                "/options/evaluations_semantic",
                "expected one of `execute_all`, `deny_on_first_deny`, "
                "`permit_on_first_permit`",
            )
        ] == problems(server.post("/access/v1/evaluations", body))

    def test_an_empty_batch_is_one_evaluation(self, server: Any) -> None:
        """Without `evaluations`, the batch endpoint answers its top-level
        evaluation, as AuthZEN says."""
        answer = server.post("/access/v1/evaluations", {**ask(), "evaluations": []})
        assert server.post("/access/v1/evaluation", ask()).json() == answer.json()


class TestEndpoints:
    def test_unknown_endpoint(self, server: Any) -> None:
        """An unknown path is a JSON 404 naming it."""
        assert [
            (
                "",
                "no endpoint `GET /v2/decide` (see `GET /v1/regimes`, docs: reference/http)",
            )
        ] == problems(server.client.get("/v2/decide"), 404)

    def test_wrong_method(self, server: Any) -> None:
        """A GET of a POST endpoint is a JSON 405 naming the allowed method."""
        response = server.client.get("/access/v1/evaluation")
        assert [
            ("", "`GET /access/v1/evaluation`: method not allowed (allowed: POST)")
        ] == problems(response, 405)
        assert "POST" == response.headers["Allow"]

    def test_request_id_is_echoed(self, server: Any) -> None:
        """An `X-Request-ID` comes back on the answer, as AuthZEN asks, errors too."""
        for body in (ask(), {}):
            response = server.post(
                "/access/v1/evaluation", body, headers={"X-Request-ID": "req-42"}
            )
            assert "req-42" == response.headers["X-Request-ID"]

    def test_discovery(self, server: Any) -> None:
        """The AuthZEN metadata names the evaluation endpoints."""
        found = server.client.get("/.well-known/authzen-configuration").json()
        assert (
            f"{server.url}/access/v1/evaluations"
            == found["access_evaluations_endpoint"]
        )


class TestShapes:
    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (
                {"subject": {"id": "wei", "properties": [1]}},
                [("/subject/properties", "expected an object, got `[1]`")],
            ),
            (
                {"subject": {"id": "wei", "properties": {"id": "wei"}}},
                [("/subject/properties/id", "the id goes in `subject/id`, not here")],
            ),
            (
                {"subject": {"type": 3, "id": "other-corp"}},
                [("/subject/type", "expected a string, got `3`")],
            ),
            (
                {"context": {"on": "2026-06-27", "location": 5}},
                [("/context/location", "expected a country code (a string), got `5`")],
            ),
            (
                {"context": {"on": "2026-06-27", "parties": {"role": "purchaser"}}},
                [
                    (
                        "/context/parties",
                        'expected a list of parties, got `{"role": "purchaser"}`',
                    )
                ],
            ),
            (
                {"context": {"on": "2026-06-27", "parties": [{"id": "acme-cloud"}]}},
                [("/context/parties/0/role", "expected a party role, got nothing")],
            ),
            (
                {
                    "context": {
                        "on": "2026-06-27",
                        "parties": [
                            {"role": "end_user", "id": "acme-cloud"},
                            {"role": "purchasr", "id": "acme-cloud"},
                        ],
                    }
                },
                [
                    (
                        "/context/parties/0/role",
                        "the recipient is the end user: give it as `subject`; a "
                        "party is a `purchaser`, `intermediate_consignee` or "
                        "`ultimate_consignee`",
                    ),
                    (
                        "/context/parties/1/role",
                        "unknown party role `purchasr` (did you mean `purchaser`?)",
                    ),
                ],
            ),
            (
                {"context": {"on": "2026-06-27", "attestations": "signed"}},
                [
                    (
                        "/context/attestations",
                        'expected a list of strings, got `"signed"`',
                    )
                ],
            ),
            (
                {"context": {"on": "2026-06-27", "attestations": ["signed", ""]}},
                [("/context/attestations/1", 'expected a non-empty string, got `""`')],
            ),
            (
                {"context": {"at": 1782000000}},
                [
                    (
                        "/context/at",
                        "expected an RFC 3339 instant with its offset, got `1782000000`",
                    )
                ],
            ),
            (
                {"context": "2026-06-27"},
                [("/context", 'expected an object, got `"2026-06-27"`')],
            ),
        ],
    )
    def test_malformed_values(
        self, server: Any, change: dict[str, Any], expected: list[tuple[str, str]]
    ) -> None:
        """A value of the wrong shape is named at its pointer, with the value."""
        body = {**ask(), **change}
        assert expected == problems(server.post("/access/v1/evaluation", body))

    def test_an_unknown_employer_in_the_facts(self, server: Any) -> None:
        """An id inside a recipient's facts that the catalog does not know is
        located inside the facts."""
        body = ask()
        body["subject"] = {
            "id": "wei",
            "properties": {
                "kind": "individual",
                "citizenships": [{"country": "CN"}],
                "employments": [{"employer": "Acme-Cloud"}],
            },
        }
        assert [
            (
                "/subject/properties/employments/0/employer",
                "employer of `wei`: unknown entity id `Acme-Cloud` (did you mean "
                "`acme-cloud`?)",
            )
        ] == problems(server.post("/access/v1/evaluation", body))

    def test_an_item_that_contradicts_the_catalog(self, server: Any) -> None:
        """A catalog item described with other facts is refused at its facts."""
        body = {
            **ask(),
            "resource": {"id": "mythos-5", "properties": {"developer": "x"}},
        }
        [(pointer, message)] = problems(server.post("/access/v1/evaluation", body))
        assert "/resource/properties" == pointer
        assert message.startswith("item `mythos-5` is in the regime's catalog")


def test_several_regimes_name_the_one_without_the_id(serving: Any) -> None:
    """With several regimes, an id one of them lacks is named with that regime."""
    both = serving(["mythos5", "ai-diffusion-2025"])
    [(pointer, message)] = problems(both.post("/access/v1/evaluation", ask()))
    assert "/subject/id" == pointer
    assert message.startswith(
        "regime `us-ai-diffusion-2025`: unknown entity id `other-corp` (known: "
    )
