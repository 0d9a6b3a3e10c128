import { parseArgs } from 'node:util';
import { PackInvalidError } from '../core/packProblem';
import { PRODUCT_VERSION } from '../core/productVersion';
import { UserError } from '../core/userError';
import { stopAllIsolated } from '../core/check/isolatedProcess';
import { type CliCommand, COMMANDS, confirmOnTerminal, type Flags, optionHelp, OPTIONS } from './cliCommands';
import { renderProblems } from './render';
import { colorWanted, type Style, terminalStyle } from './terminalStyle';

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL_ERROR = 2;

function mainHelp(style: Style): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `${style.bold('ai-practice')}: practice AI engineering from the terminal`,
    '',
    `${style.bold('Usage:')} ai-practice <command> [options]`,
    '',
    style.bold('Commands:'),
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `ai-practice <command> --help` for a command\'s options.',
    'Exit codes: 0 ok, 1 a problem with your input (the message says how to fix it), 2 an internal error.',
  ].join('\n');
}

function commandHelp(command: CliCommand, style: Style): string {
  return [
    `${style.bold('Usage:')} ${command.usage}`,
    '',
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    command.details,
    '',
    style.bold('Options:'),
    ...optionHelp(command).map((line) => `  ${line}`),
  ].join('\n');
}

/** Finds the command named by the first one or two words. */
function findCommand(args: string[]): { command: CliCommand; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = args.slice(0, words).join(' ');
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command) return { command, rest: args.slice(words) };
  }
  return undefined;
}

export async function runCli(argv: string[], io = { out: (text: string) => console.log(text), err: (text: string) => console.error(text) }): Promise<number> {
  const style = terminalStyle(colorWanted(process.stdout));
  const errStyle = terminalStyle(colorWanted(process.stderr));
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.out(mainHelp(style));
      return argv.length === 0 ? EXIT_USER_ERROR : EXIT_OK;
    }
    if (argv[0] === '--version' || argv[0] === '-v') {
      io.out(PRODUCT_VERSION);
      return EXIT_OK;
    }
    const found = findCommand(argv);
    if (!found) {
      const wanted = argv[0] === 'pack' ? `pack ${argv[1] ?? ''}`.trim() : argv[0];
      throw new UserError(`Unknown command "${wanted}".`, 'Run `ai-practice --help` to see the commands.');
    }
    const { command, rest } = found;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(command.options.map((name) => [name, OPTIONS[name]])),
      },
    }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
    if (values.help) {
      io.out(commandHelp(command, style));
      return EXIT_OK;
    }
    const required = command.arguments.filter((name) => !name.endsWith('?')).length;
    if (positionals.length < required || positionals.length > command.arguments.length) {
      const missing = positionals.length < required;
      throw new UserError(
        missing ? `Missing argument <${command.arguments[positionals.length]}>.` : `Too many arguments: ${positionals.slice(command.arguments.length).join(' ')}.`,
        `Usage: ${command.usage}`,
      );
    }
    return await command.run({
      positionals,
      flags: Object.fromEntries(command.options.filter((name) => values[name] !== undefined && values[name] !== false).map((name) => [name, values[name]])) as Flags,
      style,
      distDir: __dirname,
      cwd: process.cwd(),
      out: io.out,
      err: io.err,
      confirm: confirmOnTerminal,
    });
  } catch (error) {
    if (error instanceof PackInvalidError) {
      io.err(`${errStyle.red('error:')} the exercise pack in ${error.packDir} is not valid:`);
      io.err(renderProblems(error.problems, errStyle));
      return EXIT_USER_ERROR;
    }
    if (error instanceof UserError) {
      io.err(`${errStyle.red('error:')} ${error.message}`);
      if (error.fix) io.err(errStyle.dim(error.fix));
      return EXIT_USER_ERROR;
    }
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${errStyle.red('error:')} ${(error as Error).message}`);
      io.err(errStyle.dim('Run the command with --help to see its options.'));
      return EXIT_USER_ERROR;
    }
    io.err(`${errStyle.red('internal error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    io.err('This is a bug in ai-practice. Please report it with the command you ran.');
    return EXIT_INTERNAL_ERROR;
  }
}

/**
 * Ctrl-C, TERM or HUP while a check runs: its process tree goes first (it runs in a process
 * group of its own, which the terminal's signal does not reach), then the CLI exits as a
 * signalled process would. A command that handles the signal itself (the simulator) keeps it.
 */
export function stopChecksOnSignals(): void {
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  for (const [signal, number] of Object.entries(numbers)) {
    process.on(signal, () => {
      const stopped = stopAllIsolated();
      if (stopped > 0 || process.listenerCount(signal) === 1) process.exit(128 + number);
    });
  }
}

if (require.main === module) {
  stopChecksOnSignals();
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
