import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {
	filterOf,
	type FilterTerm,
	parseFilterLine,
	parseGrep,
	parseWhere,
	recordSubject,
} from '../../source/model/record-filter.js';

const encoder = new TextEncoder();

/** The records of `data` (keyed k0, k1 …) that the terms keep, by index. */
function kept(terms: FilterTerm[], data: Array<string | Uint8Array>): number[] {
	const keeps = filterOf(terms);
	return data.flatMap((item, index) => {
		const subject = recordSubject({
			partitionKey: `k${index}`,
			data: typeof item === 'string' ? encoder.encode(item) : item,
		});
		return !keeps || keeps(subject) ? [index] : [];
	});
}

function term(parsed: {term: FilterTerm} | {error: string}): FilterTerm {
	if ('error' in parsed) {
		throw new Error(parsed.error);
	}
	return parsed.term;
}

function terms(line: string): FilterTerm[] {
	const parsed = parseFilterLine(line);
	if ('error' in parsed) {
		throw new Error(parsed.error);
	}
	return parsed.terms;
}

const events = [
	'{"type":"click","user":{"id":42},"ok":true}',
	'{"type":"view","user":{"id":"42"},"ok":false,"note":null}',
	'{"type":"click","user":{"id":7},"items":[{"sku":"A-1"}]}',
	'plain text with click in it',
	'Error: disk full',
];

describe('--grep', () => {
	it('finds text in the key or the data, ignoring case, with no special characters', () => {
		expect(kept([term(parseGrep('CLICK'))], events)).toEqual([0, 2, 3]);
		expect(kept([term(parseGrep('k4'))], events)).toEqual([4]);
		expect(kept([term(parseGrep('a.b'))], ['axb', 'a.b'])).toEqual([1]);
	});

	it('takes a regular expression between slashes, ^ and $ at each line', () => {
		expect(kept([term(parseGrep('/^Error/'))], events)).toEqual([4]);
		expect(kept([term(parseGrep('/^error/i'))], events)).toEqual([4]);
		expect(kept([term(parseGrep('/^k1$/'))], events)).toEqual([1]);
		expect(parseGrep('/(unclosed/')).toEqual({
			error: expect.stringMatching(/^Not a regular expression: /),
		});
		expect(parseGrep('/x/q')).toEqual({error: expect.stringMatching(/^Not a regular expression/)});
	});

	it('looks into gzip, and at bytes as hex', () => {
		expect(kept([term(parseGrep('disk'))], [gzipSync('disk full'), 'nothing'])).toEqual([0]);
		expect(kept([term(parseGrep('ca fe'))], [Uint8Array.of(0xca, 0xfe, 0x00), 'cafe'])).toEqual([
			0,
		]);
	});
});

describe('--where', () => {
	it('compares the field at a dot path with a number, a string, true, false or null', () => {
		expect(kept([term(parseWhere('user.id=42'))], events)).toEqual([0]);
		expect(kept([term(parseWhere('user.id="42"'))], events)).toEqual([1]);
		expect(kept([term(parseWhere('type=click'))], events)).toEqual([0, 2]);
		expect(kept([term(parseWhere('ok=true'))], events)).toEqual([0]);
		expect(kept([term(parseWhere('ok=false'))], events)).toEqual([1]);
		expect(kept([term(parseWhere('note=null'))], events)).toEqual([1]);
		expect(kept([term(parseWhere('items.0.sku=A-1'))], events)).toEqual([2]);
		// A value is all that follows the first =, spaces and = included.
		expect(kept([term(parseWhere('q=a = b'))], ['{"q":"a = b"}', '{"q":"a"}'])).toEqual([0]);
	});

	it('never matches data that is not JSON, a missing field, or an object', () => {
		expect(kept([term(parseWhere('user=42'))], events)).toEqual([]);
		expect(kept([term(parseWhere('missing.path=1'))], events)).toEqual([]);
		expect(kept([term(parseWhere('type=text'))], ['type=text'])).toEqual([]);
	});

	it('holds with every other term: all must', () => {
		expect(kept([term(parseWhere('type=click')), term(parseWhere('user.id=7'))], events)).toEqual([
			2,
		]);
		expect(kept([term(parseWhere('type=click')), term(parseGrep('sku'))], events)).toEqual([2]);
	});

	it.each([
		['user.id', /^"user\.id" has no =: write <path>=<value>/],
		['=42', /^a field needs a path before the =/],
		['a..b=1', /^"a\.\.b" is not a dot path/],
		['a b=1', /^"a b" is not a dot path/],
		['name="Ann', /opens a quote it does not close/],
		['name="Ann" Lee', /goes on after its closing quote/],
		['\u001b]0;x\u0007', /^"␛]0;x␇" has no =/],
	])('refuses %j in one line', (text, message) => {
		const parsed = parseWhere(text);
		expect(parsed).toEqual({error: expect.stringMatching(message)});
		expect((parsed as {error: string}).error).not.toMatch(/[\u0000-\u001f]/);
	});
});

describe('the explorer’s filter line', () => {
	it('reads text, /regex/ and path=value terms, separated by spaces', () => {
		expect(terms('type=click /^k[02]$/')).toEqual([
			{kind: 'where', path: ['type'], value: 'click'},
			{kind: 'regex', pattern: /^k[02]$/m},
		]);
		expect(kept(terms('type=click /^k[02]$/'), events)).toEqual([0, 2]);
		expect(terms('  disk  full  user.id=7 ')).toEqual([
			{kind: 'text', text: 'disk  full'},
			{kind: 'where', path: ['user', 'id'], value: 7},
		]);
		expect(terms('name="Ann Lee" done')).toEqual([
			{kind: 'where', path: ['name'], value: 'Ann Lee'},
			{kind: 'text', text: 'done'},
		]);
		expect(terms('/connection reset/i')).toEqual([{kind: 'regex', pattern: /connection reset/im}]);
		expect(terms('   ')).toEqual([]);
		expect(filterOf([])).toBeUndefined();
	});

	it('says what is wrong with a term', () => {
		expect(parseFilterLine('/(x/')).toEqual({
			error: expect.stringMatching(/^Not a regular expression/),
		});
		expect(parseFilterLine('a="open')).toEqual({error: expect.stringMatching(/opens a quote/)});
	});
});
