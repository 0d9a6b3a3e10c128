import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { isCheckable } from '../../src/core/check/kinds/registry';
import { loadPack } from '../../src/core/packLoader';
import { BUILTIN_PACK, REPO_ROOT, temporaryDir } from '../support/helpers';

function packagedFiles(): string[] {
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  return execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

it('the .vsix holds every script the build makes: the extension loads them by path at run time', () => {
  const listed = new Set(packagedFiles());
  const built = readdirSync(path.join(REPO_ROOT, 'dist'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    // The CLI ships through npm (bin/ai-practice.js), not in the extension; so does the class
    // report's page script, which only the CLI's `grade` reads (it inlines it into class.html).
    .filter((file) => file !== 'cli.js' && file.split(path.sep).join('/') !== 'report/classReport.js')
    .map((file) => `dist/${file.split(path.sep).join('/')}`);
  for (const needed of ['dist/extension.js', 'dist/checkRunner.js', 'dist/learnerHost.js', 'dist/lib/anthropic-sdk.js']) assert.ok(built.includes(needed), `the build makes ${needed}`);
  assert.deepEqual(built.filter((file) => !listed.has(file)), [], 'built scripts missing from the package (see .vscodeignore)');
  assert.ok(listed.has('packs/builtin/ai-practice-pack.json'));
});

it("checks every kind from the packaged files alone: nothing they load at run time comes from the repository's node_modules", async () => {
  // The .vsix's files (and the CLI beside them) in a folder with no node_modules above it, as
  // an installed extension has them: a bundle that requires a package outside dist/lib fails here.
  const installed = await temporaryDir('ai-practice-installed-');
  for (const file of [...packagedFiles(), 'dist/cli.js', 'bin/ai-practice.js']) {
    await fs.mkdir(path.dirname(path.join(installed, file)), { recursive: true });
    await fs.copyFile(path.join(REPO_ROOT, file), path.join(installed, file));
  }
  const workspace = await temporaryDir('ai-practice-installed-ws-');
  const cli = (args: string[]): string => execFileSync(process.execPath, [path.join(installed, 'bin', 'ai-practice.js'), ...args], { cwd: workspace, encoding: 'utf8', env: { ...process.env, ANTHROPIC_API_KEY: '' } });
  const pack = await loadPack(BUILTIN_PACK);
  // Not a project's stage: a later stage will not start before the earlier ones pass.
  const kinds = new Map(pack.exercises.filter((exercise) => isCheckable(exercise.kind) && !exercise.stage).map((exercise) => [exercise.kind, exercise.id]));
  assert.ok(kinds.size >= 7, 'an exercise of each kind');
  for (const [kind, id] of kinds) {
    cli(['start', id]);
    let stdout: string;
    try {
      stdout = cli(['check', id, '--json', '--provider', 'replay']);
    } catch (error) {
      stdout = (error as { stdout: string }).stdout; // the starter fails: exit 1
    }
    const report = JSON.parse(stdout) as { status: string; message: string; detail?: string };
    assert.equal(report.status, 'fail', `${kind} (${id}): ${report.message}\n${report.detail ?? ''}`);
  }
});

it("the walkthrough's steps each show a picture, in the light and the dark theme, all in the .vsix and small; its old Markdown pages are not shipped", async () => {
  const listed = new Set(packagedFiles());
  const manifest = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const steps = manifest.contributes.walkthroughs.flatMap((walkthrough: { steps: unknown[] }) => walkthrough.steps) as { id: string; media: { image?: Record<string, string>; altText?: string } }[];
  assert.equal(steps.length, 4);
  const images = new Set<string>();
  for (const step of steps) {
    const image = step.media.image;
    assert.ok(image, `${step.id} shows an image`);
    assert.deepEqual(Object.keys(image).sort(), ['dark', 'hc', 'hcLight', 'light'], step.id);
    assert.notEqual(image.light, image.dark, `${step.id}: a picture for each theme`);
    const alt = /^%(.+)%$/.exec(step.media.altText ?? '')?.[1];
    assert.ok(alt && (nls[alt]?.length ?? 0) > 20, `${step.id} describes its picture for a screen reader`);
    for (const file of Object.values(image)) {
      assert.ok(listed.has(file), `${file} is in the .vsix`);
      images.add(file);
    }
  }
  let total = 0;
  for (const file of images) {
    const bytes = await fs.readFile(path.join(REPO_ROOT, file));
    // A WebP file: "RIFF", its size, "WEBP"; its picture at the size the walkthrough pane shows.
    assert.equal(bytes.toString('latin1', 0, 4) + bytes.toString('latin1', 8, 12), 'RIFFWEBP', file);
    total += bytes.length;
  }
  assert.ok(total < 400 * 1024, `the walkthrough's pictures take ${Math.round(total / 1024)} KB`);
  assert.deepEqual([...listed].filter((file) => file.startsWith('media/walkthrough/') && !images.has(file)), [], 'nothing else of the walkthrough is shipped');
});
