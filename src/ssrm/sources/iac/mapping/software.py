"""Software an instance's image or boot script names, read from the code (judged by the end-of-life rule).

The AMI is usually a data source (``data "aws_ami"`` with a name filter) or a public SSM parameter path
(``/aws/service/canonical/ubuntu/server/18.04/...``); user data installs runtimes
(``curl https://deb.nodesource.com/setup_8.x | bash``). Only what the text names is recorded.
"""

from __future__ import annotations

import re
from typing import Any

from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.unknown import Unknown

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"nodesource\.com/setup_(\d+)\.x"), "nodejs {0}"),
    (re.compile(r"\bnodejs?[-_ ]?v?(\d+)(?:\.\d+)*(?:[-_ ]|$)"), "nodejs {0}"),
    (re.compile(r"ubuntu[-/a-z]*?[-/](\d{2}\.04)\b"), "ubuntu {0}"),
    (re.compile(r"\b(?:trusty|xenial|bionic|focal)\b"), "ubuntu {codename}"),
    (re.compile(r"\bamzn-ami-"), "amazon linux 1"),
    (re.compile(r"\bamzn2-ami-|amzn2-ami-"), "amazon linux 2"),
    (re.compile(r"\bcentos[-_ ]?([678])\b"), "centos {0}"),
)
UBUNTU_CODENAMES = {"trusty": "14.04", "xenial": "16.04", "bionic": "18.04", "focal": "20.04"}
DATA_SOURCE = re.compile(r"^depends on (data\.aws_ami\.[\w-]+)")


def software_in(text: str) -> list[str]:
    found: list[str] = []
    lowered = text.lower()
    for pattern, label in PATTERNS:
        for match in pattern.finditer(lowered):
            if "{codename}" in label:
                name = label.format(codename=UBUNTU_CODENAMES[match.group(0)])
            else:
                name = label.format(*match.groups())
            if name not in found:
                found.append(name)
    return found


def image_text(image: Any, links: Links) -> str:
    """What the code says about the image: its id or SSM path, or the name filters of its data source."""
    if isinstance(image, str):
        return image
    if isinstance(image, Unknown):
        source = DATA_SOURCE.match(image.reason)
        data = links.find("data.aws_ami", source.group(1)) if source else None
        if data is not None:
            filters = data.attrs.get("filter") or []
            values = [v for f in filters if isinstance(f, dict) for v in (f.get("values") or [])]
            return " ".join(str(v) for v in [*values, data.attrs.get("name_regex") or ""])
    return ""


def declared_software(image: Any, user_data: Any, links: Links) -> tuple[str, ...]:
    texts = [image_text(image, links)]
    if isinstance(user_data, str):
        texts.append(user_data)
    return tuple(dict.fromkeys(name for text in texts for name in software_in(text)))
