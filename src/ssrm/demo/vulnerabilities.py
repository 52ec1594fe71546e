"""Demo planting: what Amazon Inspector and ECR image scanning know about Acme Shop (planted last).

Inspector scans EC2, ECR and Lambda in the main region only (the second region is the one nobody looks at).
web-1, the internet-facing host, runs a Log4Shell-vulnerable log4j; the shop-web image was built on a
libwebp with a known heap overflow. The emulator computes no findings itself: they are seeded through its
/moto-api/static endpoints, in the shapes ListFindings and DescribeImageScanFindings return.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from ssrm.demo.world import ACCOUNT, MAIN_REGION, DemoWorld

IMAGE_TAG = "2026.11.3"
IMAGE_MANIFEST = json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469,
               "digest": "sha256:" + "5e" * 32},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 3370706,
                "digest": "sha256:" + "c1" * 32}],
})


def _seed(world: DemoWorld, path: str, body: dict[str, Any]) -> None:
    request = urllib.request.Request(f"{world.endpoint}/moto-api/static/{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


def log4shell_on(instance_id: str) -> dict[str, Any]:
    return {
        "findingArn": f"arn:aws:inspector2:{MAIN_REGION}:{ACCOUNT}:finding/0f3c7e1d5a2b4c6d8e9f0a1b2c3d4e5f",
        "awsAccountId": ACCOUNT, "type": "PACKAGE_VULNERABILITY", "severity": "CRITICAL", "status": "ACTIVE",
        "title": "CVE-2021-44228 - org.apache.logging.log4j:log4j-core", "inspectorScore": 10.0,
        "exploitAvailable": "YES", "fixAvailable": "YES", "description": "Log4Shell: JNDI lookup in log messages.",
        "firstObservedAt": "2026-11-20T08:00:00Z", "lastObservedAt": "2026-12-01T08:00:00Z",
        "remediation": {"recommendation": {"text": "Update log4j-core to 2.17.1 or later."}},
        "packageVulnerabilityDetails": {
            "vulnerabilityId": "CVE-2021-44228", "source": "NVD",
            "vulnerablePackages": [{"name": "org.apache.logging.log4j:log4j-core", "version": "2.14.1",
                                    "fixedInVersion": "2.17.1"}]},
        "resources": [{"type": "AWS_EC2_INSTANCE", "id": instance_id, "region": MAIN_REGION}],
    }


def webp_scan_result() -> dict[str, Any]:
    return {
        "registryId": ACCOUNT, "repositoryName": "shop-web", "imageId": {"imageTag": IMAGE_TAG},
        "imageScanStatus": {"status": "COMPLETE", "description": "The scan was completed successfully."},
        "imageScanFindings": {
            "findings": [{
                "name": "CVE-2023-4863", "severity": "HIGH",
                "description": "Heap buffer overflow in libwebp allows a crafted WebP image to write out of bounds.",
                "attributes": [{"key": "package_name", "value": "libwebp"},
                               {"key": "package_version", "value": "1.2.4-0.1"},
                               {"key": "CVSS3_SCORE", "value": "8.8"}],
            }],
            "findingSeverityCounts": {"HIGH": 1},
        },
    }


def plant(world: DemoWorld) -> None:
    """Needs compute's web instance id and apps' shop-web repository."""
    world.client("inspector2").enable(resourceTypes=["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"], accountIds=[ACCOUNT])
    _seed(world, "inspector2/findings-results", {"results": [[log4shell_on(world.refs["web_instance_id"])]],
                                                 "account_id": ACCOUNT, "region": MAIN_REGION})
    ecr = world.client("ecr")
    ecr.put_image(repositoryName="shop-web", imageTag=IMAGE_TAG, imageManifest=IMAGE_MANIFEST)
    _seed(world, "ecr/scan-finding-results", {"results": [webp_scan_result()], "region": MAIN_REGION})
    ecr.start_image_scan(repositoryName="shop-web", imageId={"imageTag": IMAGE_TAG})
