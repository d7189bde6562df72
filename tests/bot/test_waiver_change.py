"""``waiverChange`` in the JSON report: the waivers a branch added since ``--new-since`` /
``--changed-since`` REF, which the comment bot's summary lists (exceptions a merge
request grants itself)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from tests.ci.project import REPO, commit, git, make_repo, spec, write
from tests.conftest import run_govlint

from govlint.bot import plan as P

WAIVER = """\
  - rule: {rule}
    files: {files}
    owner: payments-team
    approver: api-council
    reason: {reason}
    expires: 2027-03-01
"""


def test_waivers_added_since_the_base_are_in_the_report_and_the_summary(tmp_path: Path):
    old = WAIVER.format(rule="operation-summary", files="api/orders.yaml", reason="legacy")
    repo = make_repo(tmp_path / "repo", {
        "api/payments.yaml": spec("Payments", contact=True),
        "api/orders.yaml": spec("Orders", contact=True, summary=False),
        ".govlint/waivers.yaml": "waivers:\n" + old,
    })
    base = git(repo, "rev-parse", "HEAD").strip()
    new = WAIVER.format(rule="info-contact", files="[api/payments.yaml]",
                        reason="owner @someone decides <b>later</b>")
    write(repo, {"api/payments.yaml": spec("Payments", contact=False),
                 ".govlint/waivers.yaml": "waivers:\n" + old + new})
    commit(repo, "waive instead of fixing")
    run = run_govlint("lint", "--new-since", base, "-f", "json:r.json", ".", cwd=repo)
    assert run.code == 0, run.stderr  # the new finding is waived
    report = json.loads((repo / "r.json").read_text())
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    change = report["waiverChange"]
    assert change["file"] == ".govlint/waivers.yaml" and change["base"] == base
    assert change["removed"] == 0 and change["entries"] == 2
    assert change["added"] == [{
        "rule": "info-contact", "files": ["api/payments.yaml"], "owner": "payments-team",
        "approver": "api-council", "reason": "owner @someone decides <b>later</b>",
        "expires": "2027-03-01"}]
    summary = P.build(P.load_inputs([repo / "r.json"]), {}, P.Options()).summary
    assert "Waivers `.govlint/waivers.yaml`: **1 waiver added** since" in summary
    assert "`info-contact` in `api/payments.yaml` (owner payments-team" in summary
    assert "<b>" not in summary and "@someone" not in summary

    same = run_govlint("lint", "--new-since", "HEAD", "-f", "json:r2.json", ".", cwd=repo)
    assert same.code == 0, same.stderr
    assert json.loads((repo / "r2.json").read_text())["waiverChange"]["added"] == []
