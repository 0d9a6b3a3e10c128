// How fast `ai-practice grade` grades a class, against the CPU-bound ideal. A class of generated
// student workspaces (each starts the built-in pack's exercises that run code, some solved with
// the reference, some left at the starter, by turns) is graded once; beside it, every student's
// checks are run one at a time and their CPU time summed. The ideal wall time is that sum over
// the cores; the ratio says what grading in parallel loses to waiting and contention. Peak memory
// is the grade process tree's, sampled every 100 ms. CPU time is perf's task-clock where perf is
// installed (see below).
//   node bench/grade.mjs [--students N] [--jobs N[,N…]]   (build first: npm run build)
// Several --jobs values grade the class once each, against the same one-at-a-time measurement.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'ai-practice.js');
const { values } = parseArgs({ options: { students: { type: 'string', default: '100' }, jobs: { type: 'string' } } });
const studentCount = Number(values.students);
const cores = availableParallelism();
const jobList = values.jobs === undefined ? [cores] : values.jobs.split(',').map(Number);
const manifest = JSON.parse(readFileSync(path.join(root, 'packs', 'builtin', 'ai-practice-pack.json'), 'utf8'));
const CODE_KINDS = new Set(['agent-loop', 'structured-output', 'retrieval', 'cost-optimization', 'injection-defense']);
const exercises = manifest.exercises.filter((exercise) => CODE_KINDS.has(exercise.kind));

const dir = mkdtempSync(path.join(tmpdir(), 'bench-grade-'));
const classDir = path.join(dir, 'class');
/** Clock ticks per second, for /proc's CPU times. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

// The class: student i solves exercise j with the reference when (i + j) is even, else leaves the starter.
process.stderr.write(`making ${studentCount} workspaces × ${exercises.length} exercises…\n`);
for (let i = 0; i < studentCount; i++) {
  const workspace = path.join(classDir, `student-${String(i + 1).padStart(3, '0')}`);
  mkdirSync(workspace, { recursive: true });
  exercises.forEach((exercise, j) => {
    execFileSync(process.execPath, [cli, 'start', exercise.id, '--workspace', workspace], { stdio: 'ignore' });
    if ((i + j) % 2 === 0) {
      const solution = path.join(root, 'packs', 'builtin', exercise.dir, exercise.solution ?? 'solution');
      for (const name of readdirSync(solution)) copyFileSync(path.join(solution, name), path.join(workspace, 'practice', exercise.id, name));
    }
  });
}

/**
 * Where perf is installed, CPU time is its task-clock: every process the command started, including
 * the learner processes a check kills and the init process reaps (their time never reaches their
 * ancestors' rusage). Without perf, the rusage of the processes waited for: it misses those.
 */
const perf = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', '--', 'true'], { stdio: 'ignore' }).status === 0;
if (!perf) process.stderr.write('perf is not installed: CPU times are from rusage and miss the learner processes (apt-get install linux-perf)\n');

/** Runs a command to its end; its wall time, its CPU time (see above), and its tree's peak memory. */
function measured(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const perfFile = path.join(dir, 'perf.csv');
    // perf counts the whole tree; otherwise bash waits for the command and reads its children's CPU time from /proc.
    const child = perf
      ? spawn('perf', ['stat', '-x,', '-e', 'task-clock', '-o', perfFile, '--', ...args], { stdio: 'ignore' })
      : spawn('bash', ['-c', '"$@" >/dev/null 2>&1; cat /proc/$$/stat', 'measure', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, treeRssMiB(child.pid));
    }, 100);
    let stat = '';
    child.stdout?.on('data', (chunk) => (stat += chunk));
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(sampler);
      let cpu;
      if (perf) {
        const line = readFileSync(perfFile, 'utf8').split('\n').find((text) => text.includes('task-clock')) ?? '';
        cpu = Number(line.split(',')[0]) / 1000;
      } else {
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // Fields 16 and 17 of /proc/PID/stat (cutime, cstime), 0-based 13 and 14 after the name.
        cpu = (Number(fields[13]) + Number(fields[14])) / TICKS;
      }
      resolve({ wallSeconds: (performance.now() - started) / 1000, cpuSeconds: cpu, peakMiB: peak });
    });
  });
}

function treeRssMiB(pid) {
  let total = 0;
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(parent) ?? [];
      list.push(Number(entry));
      children.set(parent, list);
    } catch {
      // gone already
    }
  }
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop();
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${current}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      // gone already
    }
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

// One at a time: every student's checks, as `report --recheck` runs them, summed.
process.stderr.write('measuring each student alone…\n');
let cpuAlone = 0;
let wallAlone = 0;
for (const student of readdirSync(classDir).sort()) {
  const run = await measured([process.execPath, cli, 'report', '--recheck', '--workspace', path.join(classDir, student), '--format', 'json']);
  cpuAlone += run.cpuSeconds;
  wallAlone += run.wallSeconds;
}

const ideal = cpuAlone / cores;
const results = [];
for (const jobs of jobList) {
  process.stderr.write(`grading the class, ${jobs} at a time…\n`);
  const out = path.join(dir, `grades-${jobs}`);
  const graded = await measured([process.execPath, cli, 'grade', classDir, '--pack', path.join(root, 'packs', 'builtin'), '--out', out, '--jobs', String(jobs), '--force']);
  const summary = readFileSync(path.join(out, 'class.csv'), 'utf8').trim().split('\n').slice(1);
  results.push({ jobs, graded, rows: summary.length, passed: summary.filter((line) => line.split(',')[2] === 'passed').length });
}

console.log(`ai-practice grade: ${studentCount} students × ${exercises.length} code exercises (${exercises.map((exercise) => exercise.id).join(', ')}), node ${process.version}, ${cores} cores`);
console.log(`graded checks: ${results[0].rows} rows, ${results[0].passed} passed`);
console.log('');
console.log(`one student at a time: ${wallAlone.toFixed(1)} s wall, ${cpuAlone.toFixed(1)} s CPU`);
console.log(`CPU-bound ideal (CPU / cores): ${ideal.toFixed(1)} s`);
for (const { jobs, graded } of results) {
  console.log(
    `grade --jobs ${jobs}: ${graded.wallSeconds.toFixed(1)} s wall, ${graded.cpuSeconds.toFixed(1)} s CPU, peak memory ${graded.peakMiB.toFixed(0)} MiB; ` +
      `wall / ideal ${(graded.wallSeconds / ideal).toFixed(2)}×, speed-up over one at a time ${(wallAlone / graded.wallSeconds).toFixed(2)}×`,
  );
}
rmSync(dir, { recursive: true, force: true });
