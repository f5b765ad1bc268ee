import {UsageError} from './config.js';
import {FLAGS, type FlagName, flagOf, flagText, type ParsedFlags} from './flags.js';

/**
 * argv → the words that are not flags, and the flags typed by the FLAGS table. The rules the
 * command line has always had: `--name value` or `--name=value`; `--name` alone for a flag that is
 * on or off, `--no-name` for off; a value that starts with - is a flag, not the value, unless it is
 * a lone - (standard input) or a negative number; everything after `--` is a word. A flag the table
 * does not know is left for the caller to refuse with the others (givenFlags), in the same words.
 *
 * Node's own parseArgs cannot do it: it takes `--since --json` as a since of "--json".
 */
export function readArgv(argv: readonly string[]): {input: string[]; flags: ParsedFlags} {
	const input: string[] = [];
	const flags: Record<string, boolean | number | string | string[]> = {};
	for (const [name, flag] of Object.entries(FLAGS)) {
		if (flag.type === 'boolean') {
			flags[name] = false;
		} else if ('isMultiple' in flag) {
			flags[name] = [];
		} else if ('default' in flag) {
			flags[name] = flag.default;
		}
	}
	const given = new Set<FlagName>();
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index] as string;
		if (argument === '--') {
			input.push(...argv.slice(index + 1));
			break;
		}
		const parts = flagOf(argument);
		if (!parts) {
			// A word (a lone - too), or a flag the caller refuses. A negative number not taken as a
			// value is neither: the flag before it is said to need one.
			if (!argument.startsWith('-') || argument === '-') {
				input.push(argument);
			}
			continue;
		}
		const {name, negated, value: inline} = parts;
		const flag = FLAGS[name];
		if (given.has(name) && !('isMultiple' in flag)) {
			throw new UsageError(`${flagText(name)} is given more than once: give it once.`);
		}
		given.add(name);
		if (flag.type === 'boolean') {
			flags[name] = !negated && inline !== 'false';
			continue;
		}
		if (negated) {
			// --no-region: no value at all, which the caller says the flag needs.
			delete flags[name];
			continue;
		}
		let value = inline;
		const next = argv[index + 1];
		if (value === undefined && next !== undefined && isValue(next)) {
			value = next;
			index++;
		}
		if (value === undefined) {
			// The caller says the flag needs a value.
			delete flags[name];
		} else if (flag.type === 'number') {
			flags[name] = value === '' ? Number.NaN : Number(value);
		} else if ('isMultiple' in flag) {
			flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
		} else {
			flags[name] = value;
		}
	}
	return {input, flags: flags as ParsedFlags};
}

/**
 * Whether the argument after a flag that takes a value is that value, not a flag of its own: a
 * word, a lone - (standard input), or a negative number (which the flag then refuses or takes).
 */
function isValue(argument: string): boolean {
	return (
		!argument.startsWith('-') ||
		argument === '-' ||
		(/^-\d/.test(argument) && !Number.isNaN(Number(argument)))
	);
}
