#!/usr/bin/env python3
"""Classroom 50 autograder: AI Engineering Practice checks every exercise again.

Put this file in your classroom's bundle for the assignment as
CLASSROOM/autograders/ASSIGNMENT/autograder.py, with the course pack beside it:

    CLASSROOM/autograders/ASSIGNMENT/autograder.py   this file
    CLASSROOM/autograders/ASSIGNMENT/pack/           your pack (ai-practice-pack.json and exercises/)
    CLASSROOM/autograders/ASSIGNMENT/pack.sha256     its content hash: `ai-practice pack validate pack --json`

Classroom 50's runner starts it in the student's checkout with the submission's identity in the
environment (CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, REVIEW_URL) and the
bundle's folder in CLASSROOM50_BUNDLE_DIR. It writes result.json (schema classroom50/result/v1,
one test per exercise out of POINTS) and release-body.md (the table the release shows).
The runner must have Node 20 or later (GitHub's ubuntu runners do).
"""

import os
import subprocess
import sys

POINTS = "10"
# The CLI to run: fetched with npx by default. Set AI_PRACTICE_CLI to a command of your own
# (for example "node /opt/ai-practice/bin/ai-practice.js") to pin an installed copy.
CLI = os.environ.get("AI_PRACTICE_CLI", "npx --yes --package=github:ai-practice/ai-engineering-practice ai-practice").split()

bundle = os.environ["CLASSROOM50_BUNDLE_DIR"]
with open(os.path.join(bundle, "pack.sha256"), encoding="utf-8") as handle:
    pack_sha256 = handle.read().strip()

command = CLI + [
    "report",
    "--pack", os.path.join(bundle, "pack"),
    "--pack-sha256", pack_sha256,
    "--recheck",
    "--format", "classroom50",
    "--points", POINTS,
    "--output", "result.json",
    "--summary", "release-body.md",
]
code = subprocess.run(command, check=False).returncode
# `report` exits 1 when not every exercise passes: that is a grade, not a broken grader. With no
# result.json it could not grade (a pack that is not the pinned one, say): the runner shows why.
graded = code in (0, 1) and os.path.isfile("result.json")
sys.exit(0 if graded else (code or 1))
