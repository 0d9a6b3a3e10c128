import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, workspaceDir } from './editorHelpers';

const ask = (url: string, content: string) =>
  fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'any', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-simulator-1', max_tokens: 50, messages: [{ role: 'user', content }] }),
  });

describe('the local API simulator in the editor', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('aiPractice.stopSimulator');
  });

  it('starts, answers like the Messages API on its base URL, and stops', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('aiPractice.startSimulator', { scenario: 'echo' });
    const url = await vscode.commands.executeCommand<string | undefined>('aiPractice.simulatorUrl');
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await ask(url as string, 'hello editor');
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { content: unknown }).content, [{ type: 'text', text: 'You said: hello editor' }]);
    await vscode.commands.executeCommand('aiPractice.stopSimulator');
    assert.equal(await vscode.commands.executeCommand('aiPractice.simulatorUrl'), undefined);
    await assert.rejects(ask(url as string, 'anyone there?'));
  });

  it('plays a scenario file from the workspace, and refuses a broken one without starting', async () => {
    await activateExtension();
    const good = path.join(workspaceDir(), 'rate-limited.json');
    await fs.writeFile(good, JSON.stringify({ rules: [{ times: 1, error: { status: 429, retryAfter: 2 } }, { reply: { content: [{ type: 'text', text: 'now it works' }] } }] }));
    await vscode.commands.executeCommand('aiPractice.startSimulator', { scenario: good });
    const url = (await vscode.commands.executeCommand<string>('aiPractice.simulatorUrl')) as string;
    const limited = await ask(url, 'hi');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.equal((await ask(url, 'hi')).status, 200);
    await vscode.commands.executeCommand('aiPractice.stopSimulator');

    const broken = path.join(workspaceDir(), 'broken.json');
    await fs.writeFile(broken, '{ "rules": [] }');
    await vscode.commands.executeCommand('aiPractice.startSimulator', { scenario: broken });
    assert.equal(await vscode.commands.executeCommand('aiPractice.simulatorUrl'), undefined);
  });
});
