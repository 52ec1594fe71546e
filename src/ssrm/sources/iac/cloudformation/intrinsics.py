"""Resolve CloudFormation intrinsic functions and conditions statically; the rest becomes Unknown."""

from __future__ import annotations

import re
from typing import Any

from ssrm.sources.iac.unknown import Unknown, find_unknown

NO_VALUE = object()
PSEUDO = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": NO_VALUE}
SUB_VARIABLE = re.compile(r"\$\{(!?)([^}]+)\}")
NAME_PROPERTY = {"AWS::S3::Bucket": "BucketName"}
ID_PREFIX = {"AWS::EC2::InternetGateway": "igw-", "AWS::EC2::NatGateway": "nat-",
             "AWS::EC2::EgressOnlyInternetGateway": "eigw-"}


def _section(template: dict[str, Any], name: str) -> dict[str, Any]:
    value = template.get(name)
    return value if isinstance(value, dict) else {}


class TemplateContext:
    """Parameters, mappings, conditions and resources of one template, for resolving references."""

    def __init__(self, template: dict[str, Any], overrides: dict[str, Any]) -> None:
        self.parameters = _section(template, "Parameters")
        self.mappings = _section(template, "Mappings")
        self.condition_exprs = _section(template, "Conditions")
        self.resources = _section(template, "Resources")
        self.overrides = overrides
        self._conditions: dict[str, Any] = {}

    # --- references ------------------------------------------------------------------------------
    def ref(self, name: str) -> Any:
        if name in PSEUDO:
            return PSEUDO[name]
        if name.startswith("AWS::"):
            return Unknown(f"depends on {name}, known only at deployment")
        if name in self.overrides:
            return self.overrides[name]
        if name in self.parameters:
            spec = self.parameters[name] or {}
            if isinstance(spec, dict) and "Default" in spec:
                default = spec["Default"]
                if str(spec.get("Type", "")).startswith("List<") or spec.get("Type") == "CommaDelimitedList":
                    return [v.strip() for v in str(default).split(",")] if isinstance(default, str) else default
                return default
            return Unknown(f"depends on parameter {name}, which has no default")
        if name in self.resources:
            return self.physical_id(name)
        return Unknown(f"Ref to undeclared {name}")

    def physical_id(self, logical_id: str) -> Any:
        resource = self._resource(logical_id)
        prop = NAME_PROPERTY.get(str(resource.get("Type")))
        properties = resource.get("Properties")
        if prop and isinstance(properties, dict):
            name = self.resolve(properties.get(prop))
            if isinstance(name, str) and name:
                return name
        return ID_PREFIX.get(str(resource.get("Type")), "") + logical_id

    def _resource(self, logical_id: str) -> dict[str, Any]:
        resource = self.resources.get(logical_id)
        return resource if isinstance(resource, dict) else {}

    def arn(self, logical_id: str) -> str:
        resource = self._resource(logical_id)
        physical = self.physical_id(logical_id)
        if resource.get("Type") == "AWS::S3::Bucket" and physical != logical_id:
            return f"arn:aws:s3:::{physical}"
        return f"cloudformation:{logical_id}"

    def get_att(self, logical_id: str, attribute: str) -> Any:
        if logical_id not in self.resources:
            return Unknown(f"GetAtt of undeclared {logical_id}")
        if attribute == "Arn":
            return self.arn(logical_id)
        if attribute in ("GroupId", "Id", "KeyId", "RoleId"):
            return self.physical_id(logical_id)
        return Unknown(f"{logical_id}.{attribute} is known only after deployment")

    # --- conditions ------------------------------------------------------------------------------
    def condition(self, name: str) -> Any:
        if name not in self._conditions:
            self._conditions[name] = Unknown(f"condition {name} refers to itself")
            if name not in self.condition_exprs:
                self._conditions[name] = Unknown(f"condition {name} is not declared")
            else:
                self._conditions[name] = self.resolve(self.condition_exprs[name])
        return self._conditions[name]

    # --- evaluation ------------------------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            items = [self.resolve(v) for v in value]
            return [i for i in items if i is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref":
                return self.ref(str(arg))
            if key == "Condition" and isinstance(arg, str):
                return self.condition(arg)
            if key.startswith("Fn::"):
                return self._function(key[4:], arg)
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def _function(self, name: str, arg: Any) -> Any:
        if name == "If":
            cond, yes, no = arg
            test = self.condition(cond)
            if isinstance(test, Unknown):
                left, right = self.resolve(yes), self.resolve(no)
                return left if left == right else test
            return self.resolve(yes if test else no)
        if name == "GetAtt":
            parts = arg.split(".", 1) if isinstance(arg, str) else list(arg)
            attribute = self.resolve(parts[1])
            if isinstance(attribute, Unknown):
                return attribute
            return self.get_att(parts[0], str(attribute))
        if name == "Sub":
            return self._sub(arg)
        if name in ("Base64",):
            return self.resolve(arg)
        args = self.resolve(arg)
        unknown = find_unknown(args)
        if unknown is not None:
            return unknown
        try:
            return self._pure(name, args)
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            return Unknown(f"Fn::{name} could not be evaluated: {exc}")

    def _pure(self, name: str, args: Any) -> Any:
        if name == "Join":
            return str(args[0]).join(str(v) for v in args[1])
        if name == "Select":
            return args[1][int(args[0])]
        if name == "Split":
            return str(args[1]).split(str(args[0]))
        if name == "Equals":
            return str(args[0]) == str(args[1])
        if name == "Not":
            return not args[0]
        if name == "And":
            return all(args)
        if name == "Or":
            return any(args)
        if name == "FindInMap":
            return self.mappings[args[0]][args[1]][args[2]]
        if name == "ToJsonString":
            import json

            return json.dumps(args)
        if name == "ImportValue":
            return Unknown(f"imported from another stack ({args})")
        return Unknown(f"Fn::{name} is not evaluated statically")

    def _sub(self, arg: Any) -> Any:
        template, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1] if len(arg) > 1 else {})
        local = {k: self.resolve(v) for k, v in (variables or {}).items()}
        problems: list[Unknown] = []

        def one(match: re.Match[str]) -> str:
            if match.group(1) == "!":
                return "${" + match.group(2) + "}"
            name = match.group(2).strip()
            if name in local:
                value = local[name]
            elif "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                value = self.get_att(logical_id, attribute)
            else:
                value = self.ref(name)
            if isinstance(value, Unknown):
                problems.append(value)
                return ""
            return str(value)

        text = SUB_VARIABLE.sub(one, str(template))
        return problems[0] if problems else text
