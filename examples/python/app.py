#!/usr/bin/env python3
"""The example app of bin/app.ts, in Python.

Like the TypeScript app it synthesizes one stack, `CrGrants`, whose
`RegistryAccess` named `Grants` holds the grants of examples/grants.yaml. Here
those grants are written as `GrantSpec` structs in Python, so the app shows the
Python API; the template is the same, byte for byte. With `-c grants=PATH` it
reads that grants file instead, as the TypeScript app does.

Install the wheel that `npm run package` builds beside the ROS CDK packages:

    python3 -m venv .venv
    .venv/bin/pip install dist/python/ros_cdk_cr_grants-*.whl ros-cdk-core ros-cdk-ram
    CDK_OUTDIR=cdk.out.py .venv/bin/python examples/python/app.py

Run it from the project folder: file paths are relative to the working
directory. The ROS CDK CLI runs it with `"app": ".venv/bin/python
examples/python/app.py"` in cdk.json.
"""
import ros_cdk_core as ros

from ros_cdk_cr_grants import CheckSuppression, GrantSpec, NamespaceAccess, RegistryAccess

# The file whose grants GRANTS repeats; the TypeScript app reads it by default.
DEFAULT_GRANTS_FILE = "examples/grants.yaml"

PRODUCTION = "cri-5jx0k2m8q4w7r1t9"
BUILD = "cri-8hz3n6p1v5c0y2ld"

GRANTS = [
    # Shared base images: every developer and every cluster node can pull them.
    GrantSpec(
        instance_id=PRODUCTION,
        namespace="base-images",
        access=NamespaceAccess.PULL,
        groups=["all-developers"],
        roles=["ack-node-pull"],
    ),
    # Only the image pipeline publishes base images, never from the console.
    GrantSpec(
        instance_id=PRODUCTION,
        namespace="base-images",
        access=NamespaceAccess.PUSH_PULL,
        roles=["ci-image-builder"],
        console_access=False,
    ),
    # Payments team: everyone reads, the release owners push.
    GrantSpec(
        instance_id=PRODUCTION,
        namespace="payments",
        access=NamespaceAccess.PULL,
        groups=["payments-devs"],
    ),
    GrantSpec(
        instance_id=PRODUCTION,
        namespace="payments",
        access=NamespaceAccess.PUSH_PULL,
        users=["alice", "bob"],
    ),
    # Checkout: Shanghai only, production account only.
    GrantSpec(
        instance_id=PRODUCTION,
        namespace="checkout",
        access=NamespaceAccess.PUSH_PULL,
        groups=["checkout-devs"],
        regions=["cn-shanghai"],
        account_id="1234567890123456",
    ),
    # The ML platform owner manages the namespace; researchers read models.
    # FULL is cr:*, which the checker reports (CRG-S001); the suppression says
    # why full control is intended, in the template's Metadata.
    GrantSpec(
        instance_id=BUILD,
        namespace="ml-models",
        access=NamespaceAccess.FULL,
        users=["carol"],
        suppressions=[
            CheckSuppression(
                id="CRG-S001",
                reason="Carol owns the model registry and prunes or deletes old model repositories",
            )
        ],
    ),
    GrantSpec(
        instance_id=BUILD,
        namespace="ml-models",
        access=NamespaceAccess.PULL,
        groups=["ml-researchers"],
    ),
    # Anyone on the platform team may do anything in the sandbox.
    GrantSpec(
        instance_id=BUILD,
        namespace="sandbox",
        access=NamespaceAccess.FULL,
        groups=["platform-admins"],
        suppressions=[
            CheckSuppression(
                id="CRG-S001",
                reason="The sandbox holds throw-away images that platform admins may change or wipe at will",
            )
        ],
    ),
]

app = ros.App()
grants_file = app.node.try_get_context("grants")
stack = ros.Stack(
    app,
    "CrGrants",
    description=f"Container Registry grants from {grants_file or DEFAULT_GRANTS_FILE}",
)
if grants_file:
    RegistryAccess.from_file(stack, "Grants", grants_file)
else:
    RegistryAccess(stack, "Grants", grants=GRANTS, policy_name_prefix="cr-platform")
app.synth()
