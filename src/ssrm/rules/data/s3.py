"""S3 rules: public access (policy, ACL, Block Public Access), transport and at-rest encryption,
versioning, MFA delete, access logging, lifecycle."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Resource, Severity, Stage, UnknownField
from ssrm.model.resources.data.s3 import PublicAccessBlock, S3AccountPublicAccessBlock, S3Bucket
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.policy import actions_of, as_list, public_statements, restricting_condition, statements


def is_sensitive(tags: dict[str, str]) -> str | None:
    """The tag that marks a resource sensitive, as "key=value", or None (the crown-jewel tag patterns)."""
    from ssrm.paths.crown_jewels import SENSITIVE_WORTH, active_crown_jewels  # late: ssrm.paths loads networkx

    for key, values in active_crown_jewels().tags.items():
        for tag, value in tags.items():
            if tag.lower() == key.lower() and values.get(value.lower(), 0) >= SENSITIVE_WORTH:
                return f"{tag}={value}"
    return None


def sensitivity(resource: Resource) -> str | None:
    """Why a resource holds sensitive data: a classification tag, or a name, address or description that
    says so (crown-jewel patterns, configurable with ``--crown-jewels`` files / ``SSRM_CROWN_JEWELS``)."""
    from ssrm.paths.crown_jewels import active_crown_jewels

    return active_crown_jewels().sensitivity_of(resource)


def describe_statement(statement: dict[str, Any]) -> str:
    sid = statement.get("Sid")
    actions = ", ".join(actions_of(statement)) or "NotAction"
    return f"statement {sid!r} allows {actions} to anyone" if sid else f"a statement allows {actions} to anyone"


@rule(
    id="s3_bucket_public_policy", title="S3 bucket policies do not grant access to anyone",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1619"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("policy",),
    remediation=Remediation(
        text="Remove the statements whose Principal is \"*\" or pin them with a condition (aws:SourceVpce, "
             "aws:PrincipalOrgID); serve public content through CloudFront with origin access control.",
        cli="aws s3api put-bucket-policy --bucket BUCKET --policy file://policy-without-open-statement.json",
        terraform='resource "aws_s3_bucket_public_access_block" "this" {\n'
                  '  bucket                  = aws_s3_bucket.this.id\n'
                  '  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    ),
    references=("FSBP S3.2", "CIS 3.1.4"),
    skips="statements limited by a restricting condition (source VPC/endpoint/IP, organization, account); "
          "a bucket whose RestrictPublicBuckets (bucket or account) neutralizes the public policy",
)
def bucket_public_policy(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """A bucket policy statement lets any principal in the world read or change the bucket."""
    open_statements = public_statements(bucket.policy)
    if not open_statements:
        return passed("no bucket policy statement is open to anyone")
    account = account_block(inv, bucket)
    restricted = (bucket.public_access_block and bucket.public_access_block.restrict_public_buckets) or (
        account is not None and account.settings.restrict_public_buckets)
    if restricted:
        return passed("policy is open to anyone but RestrictPublicBuckets limits it to the account and AWS services")
    return failed(f"bucket policy {describe_statement(open_statements[0])}")


@rule(
    id="s3_bucket_public_acl", title="S3 bucket ACLs grant nothing to AllUsers or AuthenticatedUsers",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1619"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("object_ownership", "acl_grants"),
    remediation=Remediation(
        text="Disable ACLs with Object Ownership \"bucket owner enforced\" and grant access with policies instead.",
        cli="aws s3api put-bucket-ownership-controls --bucket BUCKET "
            "--ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
        terraform='resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                  '  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}',
    ),
    references=("FSBP S3.2", "FSBP S3.12"),
    skips="object-level ACLs (not collected: one call per object); grants neutralized by IgnorePublicAcls",
)
def bucket_public_acl(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """A bucket ACL grant to the AllUsers or AuthenticatedUsers group makes the bucket public."""
    if bucket.acls_disabled:
        return passed("ACLs are disabled (Object Ownership BucketOwnerEnforced)")
    public = [g for g in bucket.acl_grants if g.is_public]
    if not public:
        return passed("no ACL grant to AllUsers or AuthenticatedUsers")
    account = account_block(inv, bucket)
    if (bucket.public_access_block and bucket.public_access_block.ignore_public_acls) or (
            account is not None and account.settings.ignore_public_acls):
        return passed("public ACL grants exist but IgnorePublicAcls makes S3 ignore them")
    grant = public[0]
    return failed(f"ACL grants {grant.permission} to {grant.grantee.rsplit('/', 1)[-1]}")


# Read-only S3 actions: a public statement granting only these exposes data but lets nobody change it.
READ_ONLY_PREFIXES = ("s3:get", "s3:list", "s3:head")
WRITE_PERMISSIONS = {"WRITE", "WRITE_ACP", "FULL_CONTROL"}


def writes(statement: dict[str, Any]) -> bool:
    """Does the statement grant anything beyond reads (NotAction counts: it grants all but what it names)?"""
    if "NotAction" in statement:
        return True
    return any(not a.lower().startswith(READ_ONLY_PREFIXES) for a in actions_of(statement))


@rule(
    id="s3_bucket_public_write", title="Nobody outside the account can write to or change an S3 bucket",
    description=("A policy statement or ACL grant that lets anyone put, delete or re-permission objects turns the "
                 "bucket into free hosting for malware and lets anyone destroy or ransom its data."),
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1485", "T1486", "T1530"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("policy", "object_ownership", "acl_grants"),
    remediation=Remediation(
        text="Remove write actions (s3:PutObject, s3:DeleteObject, s3:Put*Policy/Acl, s3:*) from statements open to "
             "\"*\" and write grants to AllUsers/AuthenticatedUsers; turn on Block Public Access.",
        cli="aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration "
            "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform='resource "aws_s3_bucket_public_access_block" "this" {\n'
                  '  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n'
                  '  ignore_public_acls      = true\n  block_public_policy     = true\n'
                  '  restrict_public_buckets = true\n}',
    ),
    references=("FSBP S3.3",),
    skips="statements limited by a restricting condition; grants and statements neutralized by Block Public Access",
)
def bucket_public_write(bucket: S3Bucket, inv: Inventory) -> Verdict:
    account = account_block(inv, bucket)
    block = bucket.public_access_block
    restricted = (block and block.restrict_public_buckets) or (account is not None and
                                                               account.settings.restrict_public_buckets)
    ignored = (block and block.ignore_public_acls) or (account is not None and account.settings.ignore_public_acls)
    open_writes = [] if restricted else [s for s in public_statements(bucket.policy) if writes(s)]
    if open_writes:
        return failed(f"bucket policy {describe_statement(open_writes[0])}")
    acl_writes = [] if bucket.acls_disabled or ignored else [
        g for g in bucket.acl_grants if g.is_public and g.permission in WRITE_PERMISSIONS]
    if acl_writes:
        return failed(f"ACL grants {acl_writes[0].permission} to {acl_writes[0].grantee.rsplit('/', 1)[-1]}")
    return passed("no policy statement or ACL grant lets anyone outside the account write to the bucket")


def account_block(inv: Inventory, bucket: S3Bucket) -> S3AccountPublicAccessBlock | None:
    """The account-level block that also covers ``bucket``; None when the source has none (IaC).

    Raises UnknownField when the account-level block was there to read but could not be.
    """
    blocks = [b for b in inv.of_type(S3AccountPublicAccessBlock) if b.account == bucket.account]
    if blocks:
        blocks[0].need("settings")
        return blocks[0]
    gap = inv.listing_gap(S3AccountPublicAccessBlock.resource_type, "global") or next(
        (g for g in inv.gaps if S3AccountPublicAccessBlock.resource_type in g.resource_types), None)
    if gap is not None:
        raise UnknownField("account public access block", gap.describe())
    return None


@rule(
    id="s3_bucket_public_access_block", title="S3 Block Public Access covers every bucket",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("public_access_block",),
    remediation=Remediation(
        text="Turn on all four Block Public Access settings on the bucket, or once for the whole account.",
        cli="aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration "
            "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform='resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = '
                  'aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n'
                  '  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    ),
    references=("FSBP S3.8", "CIS 3.1.4"),
    skips="access points (their own block settings are judged separately)",
)
def bucket_public_access_block(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """Each setting counts as on if either the bucket or the account turns it on."""
    own = bucket.public_access_block or PublicAccessBlock()
    if own.fully_on:
        return passed("all four Block Public Access settings are on for the bucket")
    account = account_block(inv, bucket) or S3AccountPublicAccessBlock(arn="", id="", configured=False)
    combined = PublicAccessBlock(
        block_public_acls=own.block_public_acls or account.settings.block_public_acls,
        ignore_public_acls=own.ignore_public_acls or account.settings.ignore_public_acls,
        block_public_policy=own.block_public_policy or account.settings.block_public_policy,
        restrict_public_buckets=own.restrict_public_buckets or account.settings.restrict_public_buckets,
    )
    if combined.fully_on:
        return passed("the bucket and account Block Public Access settings together cover all four")
    return failed("Block Public Access off for the bucket and the account: " + ", ".join(combined.off_settings()))


@rule(
    id="s3_account_public_access_block", title="S3 Block Public Access is on for the whole account",
    resource_type=S3AccountPublicAccessBlock, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.QUICK_WINS, smm="DP1.1", needs=("settings",),
    remediation=Remediation(
        text="Turn on the account-level Block Public Access; publish public content through CloudFront.",
        cli="aws s3control put-public-access-block --account-id ACCOUNT_ID --public-access-block-configuration "
            "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform='resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n'
                  '  ignore_public_acls      = true\n  block_public_policy     = true\n'
                  '  restrict_public_buckets = true\n}',
    ),
    references=("FSBP S3.1", "CIS 3.1.4"),
    skips="access points and organization-level controls (resource control policies) are not judged here",
)
def account_public_access_block(block: S3AccountPublicAccessBlock, inv: Inventory) -> Verdict:
    """The account-wide switch protects buckets created tomorrow as well as today's."""
    if not block.configured:
        return failed("no account-level Block Public Access configuration")
    if block.settings.fully_on:
        return passed("all four account-level Block Public Access settings are on")
    return failed("account-level Block Public Access off: " + ", ".join(block.settings.off_settings()))


def denies_insecure_transport(document: dict[str, Any] | None) -> bool:
    for statement in statements(document):
        if statement.get("Effect") != "Deny" or statement.get("Principal") not in ("*", {"AWS": "*"}):
            continue
        if not any(a in ("*", "s3:*") for a in actions_of(statement)):
            continue
        condition = statement.get("Condition") or {}
        for operator, block in condition.items():
            if operator.lower() != "bool" or not isinstance(block, dict):
                continue
            for key, values in block.items():
                if key.lower() == "aws:securetransport" and "false" in [str(v).lower() for v in as_list(values)]:
                    return True
    return False


@rule(
    id="s3_bucket_tls_enforced", title="S3 bucket policies deny requests that do not use TLS",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1040",), phase=Phase.EFFICIENT, smm="DP3.1", needs=("policy",),
    remediation=Remediation(
        text="Add a Deny statement for all principals and s3:* when aws:SecureTransport is false.",
        cli="aws s3api put-bucket-policy --bucket BUCKET --policy '{\"Version\":\"2012-10-17\",\"Statement\":"
            "[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
            "\"Resource\":[\"arn:aws:s3:::BUCKET\",\"arn:aws:s3:::BUCKET/*\"],"
            "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}'",
        terraform='data "aws_iam_policy_document" "tls_only" {\n  statement {\n    effect    = "Deny"\n'
                  '    actions   = ["s3:*"]\n    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]\n'
                  '    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n'
                  '    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n'
                  '      values   = ["false"]\n    }\n  }\n}',
    ),
    references=("CIS 3.1.1", "FSBP S3.5"),
    skips="TLS minimum version conditions (s3:TlsVersion) are not judged",
)
def bucket_tls_enforced(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """Without the Deny, a client (or an attacker downgrading it) can read and write over plain HTTP."""
    if bucket.policy is None:
        return failed("no bucket policy, so plain-HTTP requests are allowed")
    if denies_insecure_transport(bucket.policy):
        return passed("bucket policy denies requests with aws:SecureTransport false")
    return failed("bucket policy has no Deny on aws:SecureTransport false")


@rule(
    id="s3_bucket_sensitive_kms_encryption",
    title="S3 buckets holding sensitive data encrypt with a KMS key by default",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.1",
    needs=("default_encryption", "tags"),
    description="S3 encrypts every new object with SSE-S3 since January 2023, so 'no encryption' no longer "
                "happens on AWS. What still matters is who can decrypt: with SSE-KMS reading an object also "
                "needs kms:Decrypt on a key you control and audit. The rule asks that of buckets marked "
                "sensitive: tagged (data-classification=confidential and the like) or named or described as "
                "holding cardholder data, financials, secrets, private keys... (the crown-jewel patterns); "
                "other buckets pass on SSE-S3.",
    remediation=Remediation(
        text="Set default encryption to SSE-KMS with a customer-managed key (and an S3 Bucket Key for cost).",
        cli="aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration "
            "'{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\","
            "\"KMSMasterKeyID\":\"KEY_ARN\"},\"BucketKeyEnabled\":true}]}'",
        terraform='resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n'
                  '  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n'
                  '      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.this.arn\n    }\n'
                  '    bucket_key_enabled = true\n  }\n}',
    ),
    references=("FSBP S3.17",),
    skips="buckets nothing marks as sensitive need only S3's own default encryption (SSE-S3)",
)
def bucket_sensitive_kms_encryption(bucket: S3Bucket, inv: Inventory) -> Verdict:
    why = sensitivity(bucket)
    algorithm = bucket.default_encryption.algorithm if bucket.default_encryption else None
    if bucket.default_encryption and bucket.default_encryption.uses_kms:
        return passed(f"default encryption {algorithm}")
    if why is None:
        return passed(f"nothing marks it sensitive (tags, name, description); default encryption "
                      f"{algorithm or 'SSE-S3 (S3 default)'}")
    return failed(f"judged sensitive ({why}) but default encryption is {algorithm or 'SSE-S3 (S3 default)'}, "
                  "not SSE-KMS")


@rule(
    id="s3_bucket_versioning", title="S3 buckets keep object versions",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    needs=("versioning",),
    remediation=Remediation(
        text="Enable versioning so overwritten or deleted objects can be restored; pair it with a lifecycle "
             "rule that expires old versions.",
        cli="aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled",
        terraform='resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                  '  versioning_configuration {\n    status = "Enabled"\n  }\n}',
    ),
    references=("FSBP S3.14",),
    skips="whether old versions are ever expired (s3_bucket_lifecycle asks for lifecycle rules)",
)
def bucket_versioning(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """Without versions, one delete or overwrite (ransomware, a bad deploy) loses data for good."""
    if bucket.versioning.status == "Enabled":
        return passed("versioning is enabled")
    return failed(f"versioning is {bucket.versioning.status}")


@rule(
    id="s3_bucket_mfa_delete", title="S3 buckets require MFA to delete versions",
    description=("MFA delete requires a second factor to delete object versions or disable versioning, so stolen keys "
                 "alone cannot destroy the history."),
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1485", "T1490"), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    needs=("versioning",),
    remediation=Remediation(
        text="As the root user with an MFA device, enable MFA delete (only possible from the API or CLI). "
             "Object Lock is the manageable alternative for new buckets.",
        cli="aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration "
            "Status=Enabled,MFADelete=Enabled --mfa 'arn:aws:iam::ACCOUNT_ID:mfa/root-account-mfa-device CODE'",
        terraform='resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                  '  mfa    = "arn:aws:iam::ACCOUNT_ID:mfa/root-account-mfa-device CODE"\n'
                  '  versioning_configuration {\n    status     = "Enabled"\n    mfa_delete = "Enabled"\n  }\n}',
    ),
    references=("CIS 3.1.2", "FSBP S3.20"),
    skips="buckets protected by Object Lock instead (not collected)",
)
def bucket_mfa_delete(bucket: S3Bucket, inv: Inventory) -> Verdict:
    if bucket.versioning.mfa_delete:
        return passed("MFA delete is enabled")
    return failed(f"MFA delete is disabled (versioning {bucket.versioning.status})")


@rule(
    id="s3_bucket_access_logging", title="S3 buckets log server access requests",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1530", "T1619"), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("logging",),
    remediation=Remediation(
        text="Send server access logs to a dedicated log bucket (or enable CloudTrail S3 data events).",
        cli="aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status "
            "'{\"LoggingEnabled\":{\"TargetBucket\":\"LOG_BUCKET\",\"TargetPrefix\":\"BUCKET/\"}}'",
        terraform='resource "aws_s3_bucket_logging" "this" {\n  bucket        = aws_s3_bucket.this.id\n'
                  '  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "${aws_s3_bucket.this.id}/"\n}',
    ),
    references=("FSBP S3.9", "CIS 4.4"),
    skips="CloudTrail data events as an alternative source of object-level logs are not looked up",
)
def bucket_access_logging(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """Without access logs nobody can tell afterwards which objects were read, and by whom."""
    if bucket.logging is None:
        return failed("server access logging is off")
    return passed(f"access logs go to {bucket.logging.target_bucket}")


@rule(
    id="s3_bucket_lifecycle", title="S3 buckets have a lifecycle configuration",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1530",), phase=Phase.FOUNDATIONAL, smm="DP2.2",
    needs=("lifecycle_rules",),
    remediation=Remediation(
        text="Add lifecycle rules that expire data you no longer need and old object versions.",
        cli="aws s3api put-bucket-lifecycle-configuration --bucket BUCKET --lifecycle-configuration "
            "'{\"Rules\":[{\"ID\":\"expire-old-versions\",\"Status\":\"Enabled\",\"Filter\":{},"
            "\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":90}}]}'",
        terraform='resource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                  '  rule {\n    id     = "expire-old-versions"\n    status = "Enabled"\n    filter {}\n'
                  '    noncurrent_version_expiration {\n      noncurrent_days = 90\n    }\n  }\n}',
    ),
    references=("FSBP S3.13", "FSBP S3.10"),
    skips="whether the retention the rules set fits your legal obligations",
)
def bucket_lifecycle(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """Data kept forever is data that can leak forever; lifecycle rules bound retention."""
    enabled = [r for r in bucket.lifecycle_rules if r.enabled]
    if enabled:
        return passed(f"{len(enabled)} enabled lifecycle rule(s)")
    if bucket.lifecycle_rules:
        return failed("every lifecycle rule is disabled")
    return failed("no lifecycle configuration")



# FSBP S3.6: actions another account must never be granted on a bucket (they hand over its control).
CONTROL_ACTIONS = ("s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy",
                   "s3:PutEncryptionConfiguration", "s3:PutObjectAcl")


def _foreign_principals(statement: dict[str, Any], own_account: str) -> list[str]:
    """AWS principals of ``statement`` outside ``own_account`` ("*" unless a condition pins the caller)."""
    principal = statement.get("Principal")
    named = as_list(principal.get("AWS")) if isinstance(principal, dict) else as_list(principal)
    foreign: list[str] = []
    for value in (str(v) for v in named):
        if value == "*":
            if not restricting_condition(statement):
                foreign.append(value)
            continue
        account = value.split(":")[4] if value.startswith("arn:") and value.count(":") >= 5 else value
        if account != own_account:
            foreign.append(value)
    return foreign


def _control_actions(statement: dict[str, Any]) -> list[str]:
    granted = [a.lower() for a in actions_of(statement)]
    return [action for action in CONTROL_ACTIONS
            if any(fnmatchcase(action.lower(), pattern) for pattern in granted)]


@rule(
    id="s3_bucket_cross_account_control_actions",
    title="S3 bucket policies do not let other accounts change the bucket's policy, ACLs or encryption",
    resource_type=S3Bucket, layer=Layer.CLOUD, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1530", "T1098"), phase=Phase.QUICK_WINS, smm="DP1.1",
    needs=("policy",),
    remediation=Remediation(
        text="Grant other accounts only the object actions they need; never s3:PutBucketPolicy, "
             "s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl or s3:PutEncryptionConfiguration.",
        cli="aws s3api put-bucket-policy --bucket BUCKET --policy file://policy-without-control-actions.json",
        terraform='data "aws_iam_policy_document" "bucket" {\n  statement {\n'
                  '    actions   = ["s3:GetObject"]\n    resources = ["${aws_s3_bucket.this.arn}/*"]\n'
                  '    principals {\n      type        = "AWS"\n'
                  '      identifiers = ["arn:aws:iam::<PARTNER>:root"]\n    }\n  }\n}',
    ),
    references=("FSBP S3.6",),
    skips="service principals, NotAction and NotPrincipal statements, and \"*\" principals pinned by a "
          "restricting condition (organization, account, VPC endpoint, source IP)",
)
def bucket_cross_account_control_actions(bucket: S3Bucket, inv: Inventory) -> Verdict:
    """Another account allowed to rewrite the policy or ACLs can take the bucket over or lock its owner out."""
    own = bucket.account or inv.account
    granted: list[str] = []
    for statement in statements(bucket.policy):
        if statement.get("Effect") != "Allow":
            continue
        foreign = _foreign_principals(statement, own)
        actions = _control_actions(statement) if foreign else []
        if actions:
            granted.append(f"{', '.join(actions)} to {', '.join(foreign[:3])}")
    if granted:
        return failed("bucket policy grants " + "; ".join(granted))
    if bucket.policy is None:
        return passed("no bucket policy")
    return passed("no other account may change the bucket's policy, ACLs or encryption")
