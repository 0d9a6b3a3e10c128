import type { PromptCase } from './promptCases';
import type { PromptFiles } from './promptTemplate';

/** One piece of advice from the offline review, pointing into the prompt where it can. */
export interface Advice {
  rule: 'output-format' | 'format-exclusive' | 'undelimited-input' | 'untrusted-instructions' | 'contradiction' | 'unaddressed-failure' | 'unused-input';
  message: string;
  file: string;
  line: number;
}

/**
 * A quick, offline read of the prompt for defects that make prompts fail in well-known ways.
 * It advises; only the model run decides. Every rule is a plain text heuristic, so a prompt
 * can satisfy it in its own words (the model run is the judge of whether they work).
 */
export function reviewPrompt(prompt: PromptFiles, cases: readonly PromptCase[], untrustedInputs: readonly string[], expectsJson: boolean): Advice[] {
  const advice: Advice[] = [];
  const whole = `${prompt.system.text}\n${prompt.user.text}`;
  const at = (part: 'system' | 'user', index = 0): { file: string; line: number } => {
    const { file, text } = prompt[part];
    return { file, line: text.slice(0, Math.max(0, index)).split('\n').length };
  };

  if (expectsJson) {
    const mention = /\bjson\b/i.exec(prompt.system.text);
    if (!/\bjson\b/i.test(whole)) {
      advice.push({ rule: 'output-format', message: 'The prompt never says the reply must be JSON, or what shape it has.', ...at('system') });
    } else if (!/nothing else|only (?:a |one |the |valid )?json|no (?:other )?(?:prose|text|explanation)|without (?:any )?(?:prose|text|explanation)|json only|json (?:object |array |reply )?alone/i.test(whole)) {
      advice.push({
        rule: 'format-exclusive',
        message: 'The prompt asks for JSON but not for JSON alone: models often add a sentence or a code fence around it, and a parser then fails. Say that nothing else may be written.',
        ...at('system', mention?.index),
      });
    }
  }

  for (const name of untrustedInputs) {
    const placeholder = new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`);
    const inUser = placeholder.exec(prompt.user.text);
    const inSystem = placeholder.exec(prompt.system.text);
    const found = inUser ?? inSystem;
    if (!found) continue;
    const part = inUser ? 'user' : 'system';
    const text = prompt[part].text;
    const before = text.slice(0, found.index).trimEnd();
    const after = text.slice(found.index + found[0].length).trimStart();
    const tagged = /<([A-Za-z][\w-]*)[^>]*>$/.exec(before);
    const delimited =
      (tagged && after.startsWith(`</${tagged[1]}>`)) || (before.endsWith('```') && after.startsWith('```')) || (before.endsWith('"""') && after.startsWith('"""'));
    if (!delimited) {
      advice.push({
        rule: 'undelimited-input',
        message: `{{${name}}} is untrusted text pasted in without delimiters, so the model cannot tell where it ends and your instructions resume. Wrap it, e.g. <${name}>…</${name}>.`,
        ...at(part, found.index),
      });
    }
    if (!/(?:never|do not|don't|must not)\s+(?:follow|obey|execute|act on)|ignore (?:any )?instructions|treat (?:it|them|the \w+) (?:only )?as data|is data,? not instructions/i.test(whole)) {
      advice.push({
        rule: 'untrusted-instructions',
        message: `Nothing tells the model that {{${name}}} is data, not instructions: text inside it that gives orders may be obeyed.`,
        ...at(part, found.index),
      });
    }
  }

  for (const [first, second, why] of CONTRADICTIONS) {
    const a = first.exec(whole);
    const b = second.exec(whole);
    if (a && b) {
      const index = prompt.system.text.indexOf(b[0]);
      advice.push({ rule: 'contradiction', message: `The prompt asks for ${why}: "${a[0]}" against "${b[0]}".`, ...(index >= 0 ? at('system', index) : at('user', prompt.user.text.indexOf(b[0]))) });
    }
  }

  const lower = whole.toLowerCase();
  for (const testCase of cases) {
    if (!testCase.review || testCase.hidden) continue;
    if (testCase.review.mentions.some((word) => lower.includes(word.toLowerCase()))) continue;
    advice.push({
      rule: 'unaddressed-failure',
      message: `Case ${testCase.id} failed before (${testCase.review.failure}), and nothing in the prompt seems to address it.`,
      ...at('system'),
    });
  }

  const inputs = new Set(cases.flatMap((testCase) => Object.keys(testCase.input)));
  for (const name of inputs) {
    if (!new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`).test(whole)) {
      advice.push({ rule: 'unused-input', message: `The prompt never uses {{${name}}}, so the model never sees it.`, ...at('user') });
    }
  }
  return advice;
}

/** Instructions that cannot both be followed, as pairs of patterns. */
const CONTRADICTIONS: [RegExp, RegExp, string][] = [
  [/only (?:a |one |the )?json|nothing else/i, /explain (?:your|the) (?:reasoning|answer|choice)|think step by step|show your (?:work|reasoning)/i, 'nothing but JSON and also an explanation'],
  [/\b(?:be (?:brief|concise)|keep it short|one sentence)\b/i, /\b(?:in (?:great )?detail|be thorough|as detailed as possible)\b/i, 'brevity and detail at once'],
];
