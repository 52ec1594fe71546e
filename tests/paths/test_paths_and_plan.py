"""The graph, the Capital One path, ranking, the JSON contract, crown jewels and the plan."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rich.console import Console

from ssrm.model import Stage
from ssrm.model.resources.data.s3 import PublicAccessBlock
from ssrm.paths import (
    CrownJewelError,
    build_graph,
    crown_jewels_from_dict,
    find_paths,
    load_crown_jewels,
    paths_to_dict,
    plan_fixes,
    plan_to_dict,
    render_paths,
    render_plan,
)
from tests.builders import (
    ACCOUNT,
    CONFIDENTIAL,
    allow,
    bucket,
    failing,
    instance,
    inventory,
    network,
    profile_for,
    role,
    security_group,
    trust,
    user,
    world,
)


def capital_one(tokens: str = "optional"):  # type: ignore[no-untyped-def]
    web_role = role("web-role", trust(service="ec2.amazonaws.com"), allow("s3:*"), profile=True)
    web = instance("i-web", name="web-1", profile=web_role.instance_profile_arns[0], tokens=tokens)
    data = bucket("customer-data", tags=CONFIDENTIAL)
    other = bucket("static-assets")
    resources = [*network(), security_group("sg-web", world(80), world(22)), web_role, profile_for(web_role), web,
                 data, other]
    findings = [failing("ec2_instance_imdsv1_allowed", web, stage=Stage.DISCOVER_SPREAD,
                        cli="aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens "
                            "required")] if tokens == "optional" else []
    return inventory(*resources), findings, web, data


def test_capital_one_is_one_path() -> None:
    inv, findings, web, data = capital_one()
    graph = build_graph(inv, findings)
    paths = find_paths(graph)
    assert len(paths) == 1
    path = paths[0]
    assert path.nodes == ("internet", web.arn, f"credentials:{web.arn}", "arn:aws:iam::111122223333:role/web-role",
                          data.arn)
    assert [e.stage.value for e in path.edges] == ["initial-access", "control", "discover-spread", "exfiltrate"]
    assert [e.technique for e in path.edges] == ["T1190", "T1552.005", "T1078.004", "T1530"]
    assert path.edges[1].finding_rule_id == "ec2_instance_imdsv1_allowed"
    assert "static-assets" not in str(path.nodes)  # not a crown jewel


def test_imdsv2_is_harder_than_imdsv1() -> None:
    v1 = find_paths(build_graph(*capital_one("optional")[:2]))[0]
    v2 = find_paths(build_graph(*capital_one("required")[:2]))[0]
    assert v2.ease < v1.ease and "IMDSv2" in v2.edges[1].sentence


def test_json_contract() -> None:
    inv, findings, _, _ = capital_one()
    graph = build_graph(inv, findings)
    paths = find_paths(graph)
    plan = plan_fixes(graph, paths, findings)
    (doc,) = paths_to_dict(paths)
    assert set(doc) == {"id", "target", "target_kind", "target_label", "value", "length", "ease", "steps"}
    assert set(doc["steps"][0]) == {"from", "to", "stage", "technique", "sentence", "finding_rule_id"}
    assert doc["target_kind"] == "data" and doc["length"] == 4 and doc["value"] == 85
    (step,) = plan_to_dict(plan)
    assert set(step) == {"order", "title", "stage", "effort", "fixes_rule_ids", "resources", "paths_broken",
                         "severity", "cli", "terraform"}
    assert step["fixes_rule_ids"] == ["ec2_instance_imdsv1_allowed"] and step["paths_broken"] == [doc["id"]]
    assert "--instance-id i-web" in step["cli"] and step["title"] == "Require IMDSv2 on web-1 (i-web)"


def test_plan_falls_back_to_least_privilege_when_imds_is_fine() -> None:
    inv, findings, _, _ = capital_one("required")
    graph = build_graph(inv, findings)
    plan = plan_fixes(graph, find_paths(graph), findings)
    assert [s.title for s in plan] == ["Narrow web-role's s3 permissions (web-role-p0) to what it uses"]
    assert plan[0].fix.rule_ids == [] and "put-role-policy" in plan[0].fix.cli[0]


def test_plan_orders_by_stage_and_prefers_one_fix_for_many_paths() -> None:
    alice = user("alice", allow("*"), password_enabled=True)
    inv, findings, _, _ = capital_one()
    inv.add([alice, bucket("payments-archive", tags={"data-classification": "restricted"})])
    findings.append(failing("iam_user_console_mfa", alice))
    findings.append(failing("iam_user_inline_full_admin", alice, stage=Stage.DISCOVER_SPREAD))
    graph = build_graph(inv, findings)
    paths = find_paths(graph)
    assert paths[0].target.kind.value == "admin"  # the most valuable target first
    plan = plan_fixes(graph, paths, findings)
    assert [s.stage.value for s in plan] == sorted((s.stage.value for s in plan), key=lambda v: Stage(v).order)
    imds = next(s for s in plan if "IMDSv2" in s.title)
    assert len(imds.paths_broken) == 2  # both buckets, one fix
    assert plan[0].title == "Require MFA for alice"


def test_public_bucket_is_a_one_step_path_cut_by_block_public_access() -> None:
    public = bucket("customer-exports", tags=CONFIDENTIAL, policy={
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": "arn:aws:s3:::customer-exports/*"}]})
    findings = [failing("s3_bucket_public_policy", public, stage=Stage.EXFILTRATE)]
    graph = build_graph(inventory(public), findings)
    (path,) = find_paths(graph)
    assert path.length == 1 and path.edges[0].finding_rule_id == "s3_bucket_public_policy"
    (step,) = plan_fixes(graph, [path], findings)
    assert step.title == "Turn on S3 Block Public Access for the account"
    blocked = public.model_copy(update={"public_access_block": PublicAccessBlock(restrict_public_buckets=True)})
    assert find_paths(build_graph(inventory(blocked), [])) == []


def test_crown_jewel_configuration(tmp_path: Path) -> None:
    inv, findings, _, data = capital_one()
    config = tmp_path / "jewels.yml"
    config.write_text("tags:\n  tier: {gold: 99}\nnames:\n  'static-*': 30\narns:\n"
                      f"  '{data.arn}': 0\ndefaults: false\n")
    jewels = load_crown_jewels(config)
    graph = build_graph(inv, findings, jewels)
    targets = {p.target.label for p in find_paths(graph)}
    assert targets == {"static-assets"}
    assert jewels.tags["tier"]["gold"] == 99


@pytest.mark.parametrize("text", ["names: [1, 2]\n", "tags:\n  a: {b: 500}\n", "colour: blue\n", "- a\n", "a: [\n"])
def test_crown_jewel_file_errors_are_one_line(tmp_path: Path, text: str) -> None:
    config = tmp_path / "jewels.yml"
    config.write_text(text)
    with pytest.raises(CrownJewelError) as error:
        load_crown_jewels(config)
    assert "\n" not in str(error.value)


def test_default_jewels_rank_tags_names_and_types() -> None:
    jewels = crown_jewels_from_dict({})
    assert jewels.value_of(bucket("x", tags={"Data-Classification": "Restricted"}))[0] == 90
    assert jewels.value_of(bucket("acme-customer-exports"))[0] == 70
    assert jewels.value_of(bucket("static"))[0] == 0


def test_search_is_bounded() -> None:
    inv, findings, _, _ = capital_one()
    inv.add([bucket(f"customer-{n}", tags=CONFIDENTIAL) for n in range(40)])
    graph = build_graph(inv, findings)
    assert len(find_paths(graph, max_paths=5)) == 5
    assert find_paths(graph, max_depth=3) == []
    started = time.monotonic()
    find_paths(graph, time_budget_s=0.0)
    assert time.monotonic() - started < 1.0


def test_render_paths_and_plan() -> None:
    inv, findings, _, _ = capital_one()
    graph = build_graph(inv, findings)
    paths = find_paths(graph)
    console = Console(record=True, width=200)
    render_paths(console, paths_to_dict(paths))
    render_plan(console, plan_to_dict(plan_fixes(graph, paths, findings)))
    text = console.export_text()
    assert "customer-data" in text and "Require IMDSv2 on web-1" in text and "T1552.005" in text


def test_admin_principals_do_not_fan_out_to_every_store() -> None:
    admin = user("root-like", allow("*"), password_enabled=True)
    graph = build_graph(inventory(admin, bucket("customer-data", tags=CONFIDENTIAL)), [])
    assert list(graph.digraph.successors(admin.arn)) == [f"admin:{ACCOUNT}"]
