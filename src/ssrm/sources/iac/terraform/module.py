"""One Terraform module directory: variables, locals, resources (count / for_each), data, modules, outputs.

Everything is evaluated lazily and memoized, so references between resources resolve in any order;
a reference cycle or anything unknowable becomes ``Unknown`` with the reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lark import Tree

from ssrm.model import Gap
from ssrm.model.bounds import COLLECTION_ITEMS, EVALUATION_STEPS, INSTANCES_PER_BLOCK, INSTANCES_PER_TREE, MODULE_DEPTH
from ssrm.model.safe_parse import InputFileError, read_text
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.suppress import suppressions_at
from ssrm.sources.iac.synthesize import computed_attribute, join_key
from ssrm.sources.iac.terraform.expressions import Budget, Evaluator
from ssrm.sources.iac.terraform.hcl import Block, HclSyntaxError, parse_hcl
from ssrm.sources.iac.terraform.policy_document import policy_document_json
from ssrm.sources.iac.terraform.values import Traversable, materialize
from ssrm.sources.iac.unknown import Unknown

META_ARGUMENTS = {"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"}
SPECIAL_ROOTS = {"var", "local", "module", "data", "path", "terraform", "count", "each", "self"}


@dataclass
class LoadContext:
    """What every module of one tree shares: errors found so far, the files read, and the work done
    (instances made, evaluation steps) that the bounds in ``ssrm.model.bounds`` cap."""

    gaps: list[Gap] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)
    instances: int = 0
    tree_full: bool = False
    parsed: dict[Path, list[Block]] = field(default_factory=dict, repr=False)
    _seen: set[Gap] = field(default_factory=set, repr=False)

    def gap(self, api: str, error: str, message: str, resource: str | None = None) -> None:
        gap = Gap(service="iac", region="global", api=api, error=error, message=message, resource=resource)
        if gap not in self._seen:
            self._seen.add(gap)
            self.gaps.append(gap)

    def bound_gaps(self) -> None:
        """One gap when the evaluation budget ran out (everything evaluated after it is unknown)."""
        if self.budget.exceeded and not any(g.error == "BoundExceeded" and g.api == "terraform:evaluate"
                                            for g in self.gaps):
            self.gap("terraform:evaluate", "BoundExceeded", f"evaluation stopped at {EVALUATION_STEPS.describe()}; "
                     "values evaluated after it are unknown")


class _Namespace(Traversable):
    """``var``, ``local``, ``module``: attribute access backed by a function."""

    def __init__(self, label: str, get: Any) -> None:
        self.label, self._get = label, get

    def get_attr(self, name: str) -> Any:
        return self._get(name)

    def get_index(self, key: Any) -> Any:
        return self._get(str(key))

    def __str__(self) -> str:
        return self.label


class ResourceInstance(Traversable):
    """One instance of a resource block; attributes are evaluated on first use."""

    def __init__(self, module: TerraformModule, block: Block, address: str, bound: dict[str, Any]) -> None:
        self.module, self.block, self.address, self.bound = module, block, address, bound
        self._attrs: dict[str, Any] | None = None
        self._evaluating = False

    @property
    def kind(self) -> str:
        return self.block.labels[0]

    def attrs(self) -> dict[str, Any]:
        if self._attrs is None:
            if self._evaluating:
                return {"__cycle__": Unknown(f"{self.address} refers to itself")}
            self._evaluating = True
            evaluator = self.module.evaluator.with_bound(**self.bound)
            self._attrs = evaluate_body(self.block, evaluator)
            self._evaluating = False
        return self._attrs

    def get_attr(self, name: str) -> Any:
        attrs = self.attrs()
        if name in attrs:
            return join_key(self.kind, self.address, name, attrs[name])
        return computed_attribute(self.kind, self.address, attrs, name)

    def get_index(self, key: Any) -> Any:
        return Unknown(f"cannot index {self.address}")

    def __str__(self) -> str:
        return self.address


class DataInstance(ResourceInstance):
    """A data source: read from the provider at plan time, so unknown here (policy documents excepted)."""

    def get_attr(self, name: str) -> Any:
        if self.kind == "aws_iam_policy_document" and name in ("json", "minified_json"):
            return policy_document_json(self.attrs())
        attrs = self.attrs()
        if name in attrs and name not in ("id", "arn"):
            return attrs[name]
        return Unknown(f"depends on {self.address}, a data source read from AWS at plan time")


def evaluate_body(block: Block, evaluator: Evaluator) -> dict[str, Any]:
    """Attributes (plain values) and nested blocks (lists of dicts, ``dynamic`` blocks expanded)."""
    values: dict[str, Any] = {}
    for name, attribute in block.attributes.items():
        if name not in META_ARGUMENTS:
            values[name] = evaluator.value(attribute.expr)
    for child in block.blocks:
        if child.type in META_ARGUMENTS:
            continue
        if child.type == "dynamic" and child.labels:
            _expand_dynamic(child, evaluator, values)
            continue
        values.setdefault(child.type, []).append(evaluate_body(child, evaluator))
    return values


def _expand_dynamic(block: Block, evaluator: Evaluator, values: dict[str, Any]) -> None:
    name = block.labels[0]
    iterator = name
    if "iterator" in block.attributes:
        expr = block.attributes["iterator"].expr
        names = expr.scan_values(lambda v: True) if isinstance(expr, Tree) else [expr]
        iterator = next(iter(names), name)
    collection = evaluator.value(block.attributes["for_each"].expr) if "for_each" in block.attributes else []
    content = next((c for c in block.blocks if c.type == "content"), None)
    target = values.setdefault(name, [])
    if isinstance(collection, Unknown):
        values[name] = collection
        return
    if not isinstance(collection, (dict, list)):
        values[name] = Unknown(f"dynamic {name}: for_each is a {type(collection).__name__}, not a map or a list")
        return
    if len(collection) > COLLECTION_ITEMS.value:
        values[name] = Unknown(f"dynamic {name}: {len(collection):,} items cross {COLLECTION_ITEMS.describe()}")
        return
    if content is None or not isinstance(target, list):
        return
    pairs = collection.items() if isinstance(collection, dict) else enumerate(collection)
    for key, item in pairs:
        target.append(evaluate_body(content, evaluator.with_bound(**{iterator: {"key": key, "value": item}})))


class TerraformModule:
    """A module directory evaluated with the given input variables."""

    def __init__(self, directory: Path, inputs: dict[str, Any], prefix: str, context: LoadContext,
                 depth: int = 0, ancestors: tuple[Path, ...] = ()) -> None:
        self.directory, self.inputs, self.prefix, self.context, self.depth = directory, inputs, prefix, context, depth
        self.ancestors = (*ancestors, directory.resolve())
        self.blocks = self._read()
        self.evaluator = Evaluator(self._root, functions={"file": self._file, "fileexists": self._file_exists},
                                   budget=context.budget)
        self._locals: dict[str, Any] = {}
        self._locals_in_progress: set[str] = set()
        self._local_exprs = {name: attr for b in self.blocks if b.type == "locals"
                             for name, attr in b.attributes.items()}
        self._variables = {b.labels[0]: b for b in self.blocks if b.type == "variable" and b.labels}
        self._outputs = {b.labels[0]: b for b in self.blocks if b.type == "output" and b.labels}
        self._resources: dict[tuple[str, str, str], Any] = {}
        self._declared = {(b.type, *b.labels[:2]): b for b in self.blocks
                          if b.type in ("resource", "data") and len(b.labels) >= 2}
        self._modules: dict[str, Any] = {}

    # --- reading ---------------------------------------------------------------------------------
    def _read(self) -> list[Block]:
        """The directory's blocks, parsed once per load however many module instances use them."""
        key = self.directory.resolve()
        if key not in self.context.parsed:
            self.context.parsed[key] = self._parse()
        return self.context.parsed[key]

    def _parse(self) -> list[Block]:
        blocks: list[Block] = []
        for path in sorted(self.directory.glob("*.tf")):
            name = str(path)
            try:
                text = read_text(path, "Terraform file")
            except InputFileError as exc:
                self.context.gap("hcl:parse", "InvalidHCL", str(exc), resource=name)
                continue
            self.context.lines[name] = text.splitlines()
            try:
                blocks.extend(parse_hcl(text, name))
            except HclSyntaxError as exc:
                self.context.gap("hcl:parse", "InvalidHCL", str(exc), resource=name)
            except RecursionError:
                self.context.gap("hcl:parse", "InvalidHCL", f"{name}: invalid HCL: nested too deeply to parse",
                                 resource=name)
        return blocks

    # --- files relative to the module --------------------------------------------------------------
    def _path(self, name: str) -> Path:
        path = Path(name)
        return path if path.is_absolute() else Path.cwd() / path

    def _file(self, name: str) -> Any:
        try:
            return self._path(name).read_text(encoding="utf-8")
        except OSError as exc:
            return Unknown(f"file({name!r}) cannot be read: {exc.strerror}")

    def _file_exists(self, name: str) -> bool:
        return self._path(name).is_file()

    # --- scope -----------------------------------------------------------------------------------
    def _root(self, name: str) -> Any:
        if name == "var":
            return _Namespace("var", self.variable)
        if name == "local":
            return _Namespace("local", self.local)
        if name == "module":
            return _Namespace("module", self.module_output_namespace)
        if name == "data":
            return _Namespace("data", lambda kind: _Namespace(f"data.{kind}",
                                                                lambda n: self.collection("data", kind, n)))
        if name == "path":
            # path.root is the root module's directory, also inside a child module
            return {"module": str(self.directory), "root": str(self.ancestors[0]), "cwd": str(Path.cwd())}
        if name == "terraform":
            return {"workspace": "default"}
        if name in ("count", "each", "self"):
            return Unknown(f"{name} used outside a resource with count/for_each")
        return _Namespace(name, lambda n: self.collection("managed", name, n))

    def variable(self, name: str) -> Any:
        if name in self.inputs:
            return self.inputs[name]
        block = self._variables.get(name)
        if block is None:
            return Unknown(f"var.{name} is not declared")
        if "default" in block.attributes:
            return Evaluator(lambda root: Unknown(f"{root} in a variable default")).value(
                block.attributes["default"].expr)
        return Unknown(f"depends on var.{name}, which has no default")

    def local(self, name: str) -> Any:
        if name in self._locals:
            return self._locals[name]
        if name not in self._local_exprs:
            return Unknown(f"local.{name} is not declared")
        if name in self._locals_in_progress:
            where = f"{self.prefix}local.{name}"
            self.context.gap("terraform:locals", "Cycle", f"{where} refers to itself (circular locals); "
                             "values that use it are unknown", resource=where)
            return Unknown(f"local.{name} refers to itself")
        self._locals_in_progress.add(name)
        value = self.evaluator.lazy(self._local_exprs[name].expr)
        self._locals_in_progress.discard(name)
        self._locals[name] = value
        return value

    # --- resources and data ----------------------------------------------------------------------
    def collection(self, mode: str, kind: str, name: str) -> Any:
        """What ``kind.name`` means: one instance, a list (count) or a map (for_each) of instances."""
        key = (mode, kind, name)
        if key not in self._resources:
            block = self._declared.get(("data" if mode == "data" else "resource", kind, name))
            if block is None:
                label = f"data.{kind}.{name}" if mode == "data" else f"{kind}.{name}"
                return Unknown(f"{label} is not declared in {self.directory}")
            self._resources[key] = self._expand(block, mode)
        return self._resources[key]

    def _expand(self, block: Block, mode: str) -> Any:
        base = ("data." if mode == "data" else "") + ".".join(block.labels[:2])
        address = self.prefix + base
        make = DataInstance if mode == "data" else ResourceInstance
        return expand_instances(self, block, address, make)

    def instances(self) -> list[ResourceInstance]:
        found: list[ResourceInstance] = []
        for block in self.blocks:
            if block.type == "resource" and len(block.labels) == 2:
                expanded = self.collection("managed", *block.labels)
                if isinstance(expanded, list):
                    found.extend(expanded)
                elif isinstance(expanded, dict):
                    found.extend(expanded.values())
                elif isinstance(expanded, ResourceInstance):
                    found.append(expanded)
        for child in self.child_modules():
            found.extend(child.instances())
        return found

    # --- modules ---------------------------------------------------------------------------------
    def child_modules(self) -> list[TerraformModule]:
        children: list[TerraformModule] = []
        for block in self.blocks:
            if block.type == "module" and block.labels:
                loaded = self.module_call(block.labels[0])
                if isinstance(loaded, TerraformModule):
                    children.append(loaded)
                elif isinstance(loaded, list):
                    children.extend(loaded)
                elif isinstance(loaded, dict):
                    children.extend(loaded.values())
        return children

    def module_call(self, name: str) -> Any:
        if name in self._modules:
            return self._modules[name]
        block = next((b for b in self.blocks if b.type == "module" and b.labels == [name]), None)
        self._modules[name] = Unknown(f"module.{name} is not declared")
        if block is None:
            return self._modules[name]
        source = self.evaluator.value(block.attributes["source"].expr) if "source" in block.attributes else None
        address = f"{self.prefix}module.{name}"
        if not isinstance(source, str) or not source.startswith(("./", "../")):
            self.context.gap("terraform:module", "RemoteModule", f"{address}: source {source!r} is not a local "
                             "directory; its resources are not assessed (use a plan JSON)", resource=address)
            self._modules[name] = Unknown(f"{address} comes from a remote source that is not read")
            return self._modules[name]
        directory = Path(os.path.normpath(self.directory / source))
        if not directory.is_dir():
            self.context.gap("terraform:module", "ModuleNotFound", f"{address}: {directory} not found",
                             resource=address)
            self._modules[name] = Unknown(f"{address}: {directory} not found")
            return self._modules[name]
        problem = self._nesting_problem(directory, address)
        if problem is not None:
            self._modules[name] = problem
            return problem
        self._modules[name] = expand_instances(self, block, address, self._module_factory(directory))
        return self._modules[name]

    def _nesting_problem(self, directory: Path, address: str) -> Unknown | None:
        """A module that includes itself (directly or through others), or nests beyond the bound."""
        if directory.resolve() in self.ancestors:
            message = (f"{address}: {directory} is already being loaded by an enclosing module (a module that "
                       "includes itself); not expanded")
            self.context.gap("terraform:module", "ModuleCycle", message, resource=address)
            return Unknown(message)
        if self.depth + 1 > MODULE_DEPTH.value:
            message = f"{address}: not expanded: it crosses {MODULE_DEPTH.describe()}"
            self.context.gap("terraform:module", "BoundExceeded", message, resource=address)
            return Unknown(message)
        return None

    def _module_factory(self, directory: Path) -> Any:
        def make(parent: TerraformModule, block: Block, address: str, bound: dict[str, Any]) -> TerraformModule:
            evaluator = parent.evaluator.with_bound(**bound)
            inputs = {n: evaluator.lazy(a.expr) for n, a in block.attributes.items()
                      if n not in META_ARGUMENTS and n not in ("source", "version", "providers")}
            return TerraformModule(directory, inputs, address + ".", parent.context, parent.depth + 1,
                                   parent.ancestors)

        return make

    def module_output_namespace(self, name: str) -> Any:
        loaded = self.module_call(name)
        if isinstance(loaded, Unknown):
            return loaded
        if isinstance(loaded, TerraformModule):
            return _Namespace(f"module.{name}", loaded.output)
        if isinstance(loaded, list):
            return [_Namespace(f"module.{name}", m.output) for m in loaded]
        return {k: _Namespace(f"module.{name}", m.output) for k, m in loaded.items()}

    def output(self, name: str) -> Any:
        block = self._outputs.get(name)
        if block is None or "value" not in block.attributes:
            return Unknown(f"output {name} is not declared in {self.directory}")
        return self.evaluator.lazy(block.attributes["value"].expr)

    # --- records ---------------------------------------------------------------------------------
    def raw_resources(self, source: str = "terraform") -> list[RawResource]:
        records: list[RawResource] = []
        for instance in self.instances():
            attrs = {k: materialize(v) for k, v in instance.attrs().items()}
            expansion = getattr(instance, "expansion_unknown", None)
            if expansion is not None:
                attrs["__expansion__"] = expansion
            lines = self.context.lines.get(instance.block.file, [])
            records.append(RawResource(
                kind=instance.kind, address=instance.address, attrs=attrs, source=source,
                file=instance.block.file, line=instance.block.line,
                suppressions=suppressions_at(lines, instance.block.line, instance.block.file),
            ))
        return records


def expand_instances(module: TerraformModule, block: Block, address: str, make: Any) -> Any:
    """Apply ``count`` / ``for_each``: a single instance, a list, or a map keyed like Terraform.

    A value Terraform would refuse, or one over the per-block bound, keeps one representative instance
    and records a gap naming the reason. Once the whole tree is over its bound, nothing more is expanded
    (one gap says so): a fan-out of modules cannot make millions of representatives either."""
    if module.context.instances >= INSTANCES_PER_TREE.value:
        if not module.context.tree_full:
            module.context.tree_full = True
            module.context.gap("terraform:expand", "BoundExceeded", f"{address} and the blocks read after it are "
                               f"not assessed: the tree crossed {INSTANCES_PER_TREE.describe()}")
        return []
    if "count" in block.attributes:
        count = module.evaluator.value(block.attributes["count"].expr)
        if isinstance(count, Unknown):
            return _unexpanded(module, block, address, make, count, "count")
        if isinstance(count, bool):
            count = int(count)
        if not isinstance(count, (int, float)) or count < 0 or int(count) != count:
            why = Unknown(f"is not known: count is {_shown(count)}, not a whole number of 0 or more")
            return _unexpanded(module, block, address, make, why, "count", error="InvalidCount")
        problem = _over_bound(module, address, int(count))
        if problem is not None:
            return _unexpanded(module, block, address, make, problem, "count", error="BoundExceeded")
        module.context.instances += int(count)
        return [make(module, block, f"{address}[{i}]", {"count": {"index": i}}) for i in range(int(count))]
    if "for_each" in block.attributes:
        each = module.evaluator.value(block.attributes["for_each"].expr)
        if isinstance(each, Unknown):
            return _unexpanded(module, block, address, make, each, "each")
        if not isinstance(each, (dict, list)):
            why = Unknown(f"is not known: for_each is {_shown(each)}, not a map or a set")
            return _unexpanded(module, block, address, make, why, "each", error="InvalidForEach")
        problem = _over_bound(module, address, len(each))
        if problem is not None:
            return _unexpanded(module, block, address, make, problem, "each", error="BoundExceeded")
        module.context.instances += len(each)
        pairs = each.items() if isinstance(each, dict) else ((str(v), v) for v in each)
        return {str(k): make(module, block, f'{address}["{k}"]', {"each": {"key": str(k), "value": v}})
                for k, v in pairs}
    module.context.instances += 1
    return make(module, block, address, {})


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _over_bound(module: TerraformModule, address: str, wanted: int) -> Unknown | None:
    if wanted > INSTANCES_PER_BLOCK.value:
        return Unknown(f"is not known: {wanted:,} instances cross {INSTANCES_PER_BLOCK.describe()}")
    if module.context.instances + wanted > INSTANCES_PER_TREE.value:
        return Unknown(f"is not known: {wanted:,} more instances cross {INSTANCES_PER_TREE.describe()}")
    return None


def _unexpanded(module: TerraformModule, block: Block, address: str, make: Any, why: Unknown, name: str,
                error: str = "UnknownCount") -> Any:
    """count/for_each unknown: keep one representative instance, its per-instance values unknown."""
    module.context.instances += 1
    instance = make(module, block, address, {name: Unknown(f"{name} of {address}: {why.reason}")})
    instance.expansion_unknown = Unknown(f"how many {address} exist {why.reason}")
    module.context.gap("terraform:expand", error, f"{address}: instance count {why.reason}", resource=address)
    return instance
