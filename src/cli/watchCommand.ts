import { createHash } from 'node:crypto';
import { type FSWatcher, promises as fs, watch as watchFolder } from 'node:fs';
import * as path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { stopAllIsolated } from '../core/check/isolatedProcess';
import { regularFilesIn } from '../core/folderFiles';
import { lastTouched, nextExercise } from '../core/nextExercise';
import { CheckCancelled, type ModelSettings, type Practice } from '../core/practiceService';
import { UserError } from '../core/userError';
import { exerciseFolder } from '../core/workspaceLayout';
import { type CliCommand, type CommandContext, modelSettingsFrom, openPractice, relativeToCwd, warn } from './commandSupport';
import { sameTarget } from './nextCommand';
import { renderRoadmap } from './render';
import { renderWatch, type WatchView } from './watchScreen';

/** How long the folder must be quiet after a change before it is checked: an editor's save is several writes. */
const DEBOUNCE_MS = 150;
const CLEAR_SCREEN = '\u001b[H\u001b[2J\u001b[3J';

export const watch: CliCommand = {
  name: 'watch',
  usage: 'ai-practice watch [exercise-id] [--workspace DIR]',
  summary: 'check an exercise again on every save, with hints and the next exercise a key away',
  details:
    'Watches practice/<folder>/ and re-checks the exercise each time a file in it changes, showing\n' +
    'your progress, the failing tests and what they say. Keys: h reveals the next hint, n starts the next\n' +
    'exercise (offered once this one passes), l lists the roadmap, c checks now, q quits.\n' +
    'Without an id it picks the exercise you worked on last that has not passed, else the next one\n' +
    '(as `ai-practice next` chooses it). The exercise is scaffolded first if it is not there; nothing is\n' +
    'overwritten. Without a terminal (piped), type the letter and Enter. Ctrl+C stops it, and any check running.',
  options: ['workspace', 'pack', 'provider', 'base-url', 'model', 'budget', 'no-cache'],
  arguments: ['exercise-id?'],
  async run(context) {
    const model = modelSettingsFrom(context.flags);
    const practice = await openPractice(context);
    const read = await practice.roadmap();
    warn(context, read.warning);
    let id = context.positionals[0] ?? lastTouched(read.roadmap, read.progress)?.id;
    if (id === undefined) {
      const choice = nextExercise(read.roadmap);
      if (choice.kind === 'all-passed') {
        context.out(context.style.green(`Every exercise of ${read.roadmap.packTitle} has passed (${choice.passed} of ${choice.total}). Nothing left to watch. Well done!`));
        return 0;
      }
      id = choice.exercise.id;
    }
    return new WatchSession(context, practice, model).run(id);
  },
};

/** Fingerprint of a folder's files (names and contents): a write that changes nothing (ours, a save without edits) checks nothing. */
async function fingerprint(folder: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await regularFilesIn(folder).catch(() => [])) {
    if (file.split('/').includes('node_modules')) continue;
    hash.update(file).update('\u0000');
    hash.update(await fs.readFile(path.join(folder, file)).catch(() => Buffer.alloc(0))).update('\u0000');
  }
  return hash.digest('hex');
}

class WatchSession {
  private readonly raw: boolean;
  private view!: WatchView;
  private id = '';
  private folder = '';
  private baseline = '';
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  /** The check in flight, to supersede; `pending` asks for one more after it. */
  private inFlight: AbortController | undefined;
  private pending = false;
  private loop: Promise<void> | undefined;
  private listing = false;
  private stopped = false;
  private lines: Interface | undefined;
  private finish: (code: number) => void = () => undefined;
  private readonly onSignal = new Map<NodeJS.Signals, () => void>();

  constructor(
    private readonly context: CommandContext,
    private readonly practice: Practice,
    private readonly model: ModelSettings,
  ) {
    this.raw = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  }

  async run(id: string): Promise<number> {
    await this.open(id);
    const ended = new Promise<number>((resolve) => (this.finish = resolve));
    this.listenForKeys();
    for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
      const listener = () => void this.quit(128 + number);
      this.onSignal.set(signal, listener);
      process.on(signal, listener);
    }
    this.requestCheck();
    return ended;
  }

  /** Scaffolds `id` (never overwriting) and watches its folder; the first check follows. */
  private async open(id: string): Promise<void> {
    const started = await this.practice.start(id);
    warn(this.context, started.warning);
    const exercise = started.exercise;
    const { roadmap } = await this.practice.roadmap();
    this.id = exercise.id;
    this.view = {
      passed: roadmap.passed,
      total: roadmap.total,
      exercise: {
        id: exercise.id,
        title: exercise.title,
        mainFile: relativeToCwd(this.context, path.join(started.folder, this.practice.mainFile(exercise.id))),
        stage: exercise.stage ? `stage ${exercise.stage.number} of ${exercise.stage.of} of ${exercise.stage.project.title}` : undefined,
      },
      phase: 'idle',
      keys: this.raw ? 'raw' : 'line',
      notice: started.created.length > 0 ? `${started.firstStart ? 'Created' : 'Restored'} ${started.created.join(', ')} in ${relativeToCwd(this.context, started.folder)}.` : undefined,
    };
    this.listing = false;
    const folder = exerciseFolder(this.practice.workspace, exercise.folderId);
    // Our own writes (the scaffold) are in the baseline: only the learner's changes trigger a check.
    this.baseline = await fingerprint(folder);
    if (folder !== this.folder || !this.watcher) {
      this.watcher?.close();
      this.folder = folder;
      this.watcher = watchFolder(folder, { recursive: true }, () => this.changed());
      this.watcher.on('error', (error) => {
        this.view.notice = `Stopped noticing saves in ${relativeToCwd(this.context, folder)} (${error.message}). Press c to check, or q and start again.`;
        this.watcher?.close();
        this.watcher = undefined;
        this.draw();
      });
    }
  }

  private changed(): void {
    if (this.stopped) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.checkIfChanged(), DEBOUNCE_MS);
  }

  private async checkIfChanged(): Promise<void> {
    const now = await fingerprint(this.folder);
    if (now === this.baseline || this.stopped) return;
    this.baseline = now;
    this.requestCheck();
  }

  /** A check now: the one in flight (if any) is stopped and this one runs after it, never two at once. */
  private requestCheck(): void {
    this.pending = true;
    this.inFlight?.abort();
    this.loop ??= this.checkWhilePending().finally(() => (this.loop = undefined));
  }

  private async checkWhilePending(): Promise<void> {
    while (this.pending && !this.stopped) {
      this.pending = false;
      const controller = new AbortController();
      this.inFlight = controller;
      const id = this.id;
      this.view.phase = 'checking';
      this.draw();
      try {
        const result = await this.practice.check(id, { signal: controller.signal, model: this.model });
        if (controller.signal.aborted || this.stopped || id !== this.id) continue;
        const { roadmap } = await this.practice.roadmap();
        this.view = {
          ...this.view,
          phase: 'checked',
          report: result.report,
          problem: undefined,
          passed: roadmap.passed,
          total: roadmap.total,
          next: result.report.status === 'pass' ? nextExercise(roadmap) : undefined,
          notice: result.warning,
        };
      } catch (error) {
        if (error instanceof CheckCancelled || controller.signal.aborted) continue;
        const problem = error instanceof UserError ? { message: error.message, fix: error.fix } : { message: `internal error: ${error instanceof Error ? error.message : String(error)}`, fix: 'This is a bug in ai-practice; `ai-practice check` shows the details.' };
        this.view = { ...this.view, phase: 'checked', report: undefined, problem, next: undefined };
      } finally {
        if (this.inFlight === controller) this.inFlight = undefined;
      }
      this.draw();
    }
  }

  private listenForKeys(): void {
    const { stdin } = process;
    if (this.raw) {
      stdin.setRawMode(true);
      stdin.setEncoding('utf8');
      stdin.on('data', this.onData);
      stdin.resume();
    } else {
      this.lines = createInterface({ input: stdin });
      // The end of the input (a closed pipe) stops nothing: saves are still checked until q or Ctrl+C.
      this.lines.on('line', (line) => this.onKey(line.trim().charAt(0).toLowerCase()));
    }
  }

  private readonly onData = (data: string): void => {
    // An arrow or function key is an escape sequence, not keys of its own: only Esc alone counts.
    if (data.startsWith('\u001b')) return data === '\u001b' ? this.onKey('escape') : undefined;
    for (const key of data) this.onKey(key === '\u0003' ? 'ctrl-c' : key.toLowerCase());
  };

  private onKey(key: string): void {
    if (this.stopped) return;
    const act = async (): Promise<void> => {
      switch (key) {
        case 'q':
          return this.quit(0);
        case 'ctrl-c':
          return this.quit(130);
        case 'h':
          return this.hint();
        case 'c':
          this.listing = false;
          this.view.notice = undefined;
          return this.requestCheck();
        case 'l':
          if (!this.raw) return this.showList();
          this.listing = !this.listing;
          return this.draw();
        case 'escape':
          this.listing = false;
          return this.draw();
        case 'n':
          return this.startNext();
        case '':
          return this.draw();
        default:
          this.view.notice = `"${key}" is not a key here.`;
          return this.draw();
      }
    };
    act().catch((error: unknown) => {
      if (this.stopped) return;
      this.view.notice = error instanceof UserError ? `${error.message}${error.fix ? ` ${error.fix}` : ''}` : `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
      this.draw();
    });
  }

  private async hint(): Promise<void> {
    const result = await this.practice.nextHint(this.id);
    this.listing = false;
    const text = result.revealed.at(-1);
    if (result.total === 0 || text === undefined) this.view.notice = 'This exercise has no hints.';
    else this.view.hint = { number: result.revealed.length, total: result.total, text, allSeen: !result.revealedNew };
    this.draw();
  }

  private async startNext(): Promise<void> {
    const next = this.view.phase === 'checked' && this.view.report?.status === 'pass' ? this.view.next : undefined;
    if (next?.kind !== 'exercise') {
      this.view.notice = next?.kind === 'all-passed' ? 'Every exercise has passed: there is no next one.' : 'n starts the next exercise once this one passes.';
      return this.draw();
    }
    this.inFlight?.abort();
    this.pending = false;
    await this.loop;
    await this.open(next.exercise.id);
    this.requestCheck();
  }

  private async showList(): Promise<void> {
    const { roadmap } = await this.practice.roadmap();
    this.write(`${renderRoadmap(roadmap, this.context.style)}\n`);
  }

  private draw(): void {
    if (this.stopped) return;
    if (this.listing && this.raw) {
      void this.practice.roadmap().then(({ roadmap }) => {
        if (!this.listing || this.stopped) return;
        this.write(`${CLEAR_SCREEN}${renderRoadmap(roadmap, this.context.style)}\n\n${this.context.style.bold('l')} or Esc: back to ${this.id} / ${this.context.style.bold('q')}: quit\n`);
      });
      return;
    }
    const screen = renderWatch(this.view, this.context.style, process.stdout.columns || 80);
    this.write(this.raw ? `${CLEAR_SCREEN}${screen}\n` : `\n${screen}\n`);
  }

  private write(text: string): void {
    process.stdout.write(text);
  }

  /** Stops the check in flight and everything listening, and ends the command with `code`. */
  private async quit(code: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.inFlight?.abort();
    stopAllIsolated();
    clearTimeout(this.debounce);
    this.watcher?.close();
    for (const [signal, listener] of this.onSignal) process.off(signal, listener);
    if (this.raw) {
      process.stdin.off('data', this.onData);
      process.stdin.setRawMode(false);
    }
    this.lines?.close();
    // A pipe left open by whoever started us must not keep the process alive; a terminal is only paused.
    if (this.raw) process.stdin.pause();
    else process.stdin.destroy();
    await this.loop?.catch(() => undefined);
    this.write(`\nStopped watching ${this.id}.${code === 0 ? ` Come back with: ai-practice watch${sameTarget(this.context)}` : ''}\n`);
    this.finish(code);
  }
}
