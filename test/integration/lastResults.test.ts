import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import type { CheckReport } from '../../src/core/check/report';
import { clip, LAST_RESULT_LIMITS, recordedTestsOf } from '../../src/core/lastResults';
import { exerciseProgressOf, ProgressStore } from '../../src/core/progressStore';
import { runCli, temporaryDir } from '../support/helpers';

it('ai-practice check records each test in progress, for Test Explorer to show after a reload; progress.json stays small', async () => {
  const workspace = await temporaryDir('ai-practice-ws-');
  const id = 'triage-eval-dataset';
  assert.equal((await runCli(['start', id, '--workspace', workspace])).code, 0);
  const checked = await runCli(['check', id, '--json', '--workspace', workspace]);
  assert.equal(checked.code, 1, checked.stderr);
  const report = JSON.parse(checked.stdout) as CheckReport;
  const { progress } = await new ProgressStore(workspace).read();
  const lastCheck = exerciseProgressOf(progress, 'ai-engineering-core', id)?.lastCheck;
  const recorded = recordedTestsOf(lastCheck);
  assert.deepEqual(
    recorded?.tests.map((test) => [test.name, test.status, test.message, test.location?.line]),
    report.tests.map((test) => [test.name, test.status, test.status === 'pass' || test.message === undefined ? undefined : clip(test.message, LAST_RESULT_LIMITS.message), test.location?.line]),
  );
  assert.ok(recorded?.tests.some((test) => test.message?.endsWith('…')), 'a long message is kept cut, an ellipsis saying so');
  assert.equal(recorded?.testsOmitted, undefined);
  const size = (await fs.stat(path.join(workspace, '.ai-practice', 'progress.json'))).size;
  assert.ok(size < 8_000, `progress.json is ${size} bytes`);
});
