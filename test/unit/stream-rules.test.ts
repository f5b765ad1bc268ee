import {describe, expect, it} from 'vitest';
import {
	parseCapacity,
	parseKmsKeyId,
	parseRetentionHours,
	parseShardCount,
	parseStreamName,
	parseTagKeys,
	parseTags,
	parseTargetShardCount,
	scalingBounds,
} from '../../source/model/stream-rules.js';

describe('stream rules', () => {
	it('takes stream names of 1 to 128 letters, digits, _ - and .', () => {
		expect(parseStreamName(' orders_v2.eu-1 ')).toEqual({value: 'orders_v2.eu-1'});
		expect(parseStreamName('x'.repeat(128))).toEqual({value: 'x'.repeat(128)});
		expect(parseStreamName('')).toEqual({error: 'A stream needs a name.'});
		expect(parseStreamName('x'.repeat(129))).toMatchObject({
			error: expect.stringContaining('at most 128'),
		});
		expect(parseStreamName('bad name!')).toMatchObject({
			error: expect.stringContaining('no spaces'),
		});
		expect(parseStreamName('é')).toMatchObject({error: expect.any(String)});
	});

	it('takes a whole shard count from 1, or on-demand for a new stream', () => {
		expect(parseShardCount('4')).toEqual({value: 4});
		expect(parseShardCount('0')).toMatchObject({error: expect.stringContaining('from 1')});
		expect(parseShardCount('1.5')).toMatchObject({error: expect.stringContaining('whole number')});
		expect(parseShardCount('-2')).toMatchObject({error: expect.any(String)});
		expect(parseCapacity('on-demand')).toEqual({value: {onDemand: true}});
		expect(parseCapacity(' On Demand ')).toEqual({value: {onDemand: true}});
		expect(parseCapacity('2')).toEqual({value: {shardCount: 2}});
		expect(parseCapacity('many')).toMatchObject({error: expect.stringContaining('on-demand')});
	});

	it('takes a retention of 24 to 8760 hours', () => {
		expect(parseRetentionHours('24')).toEqual({value: 24});
		expect(parseRetentionHours('8760')).toEqual({value: 8760});
		for (const text of ['23', '8761', '48.5', '', 'week']) {
			expect(parseRetentionHours(text)).toMatchObject({
				error: expect.stringContaining('24 (1 day) to 8760'),
			});
		}
	});

	it('scales in one step from half to double the open shards, never to the same count', () => {
		expect(scalingBounds(4)).toEqual({min: 2, max: 8});
		expect(scalingBounds(5)).toEqual({min: 3, max: 10});
		expect(scalingBounds(1)).toEqual({min: 1, max: 2});
		expect(parseTargetShardCount('8', 4)).toEqual({value: 8});
		expect(parseTargetShardCount('2', 4)).toEqual({value: 2});
		expect(parseTargetShardCount('9', 4)).toEqual({
			error: 'From 4 open shards Kinesis scales to between 2 and 8 in one step.',
		});
		expect(parseTargetShardCount('1', 4)).toMatchObject({
			error: expect.stringContaining('between 2 and 8'),
		});
		expect(parseTargetShardCount('4', 4)).toEqual({error: 'The stream has 4 open shards already.'});
		expect(parseTargetShardCount('x', 4)).toMatchObject({
			error: expect.stringContaining('whole number'),
		});
	});

	it('reads tags as key=value pairs and refuses what Kinesis would', () => {
		expect(parseTags('team=data, env = dev ,empty=')).toEqual({
			value: [
				{key: 'team', value: 'data'},
				{key: 'env', value: 'dev'},
				{key: 'empty', value: ''},
			],
		});
		expect(parseTags('url=a=b')).toEqual({value: [{key: 'url', value: 'a=b'}]});
		expect(parseTags('')).toEqual({value: []});
		expect(parseTags('team')).toEqual({error: '"team" is not key=value.'});
		expect(parseTags('aws:owner=me')).toMatchObject({error: expect.stringContaining("AWS's own")});
		expect(parseTags('=x')).toMatchObject({error: expect.stringContaining('1 to 128')});
		expect(parseTags(`${'k'.repeat(129)}=x`)).toMatchObject({
			error: expect.stringContaining('1 to 128'),
		});
		expect(parseTags(`k=${'v'.repeat(257)}`)).toMatchObject({
			error: expect.stringContaining('256'),
		});
		expect(parseTags('k=a;b')).toMatchObject({error: expect.stringContaining('256 letters')});
		expect(parseTags('k=1,k=2')).toEqual({error: 'Tag k is given twice.'});
	});

	it('removes only tags the stream has', () => {
		const tags = [
			{key: 'team', value: 'data'},
			{key: 'env', value: 'dev'},
		];
		expect(parseTagKeys('team, env, team', tags)).toEqual({value: ['team', 'env']});
		expect(parseTagKeys('', tags)).toEqual({value: []});
		expect(parseTagKeys('owner', tags)).toEqual({error: 'The stream has no tag owner.'});
	});

	it('takes a KMS key id, ARN or alias', () => {
		expect(parseKmsKeyId(' alias/aws/kinesis ')).toEqual({value: 'alias/aws/kinesis'});
		expect(parseKmsKeyId('')).toMatchObject({error: expect.stringContaining('alias/aws/kinesis')});
		expect(parseKmsKeyId('a key')).toMatchObject({
			error: expect.stringContaining('without spaces'),
		});
	});
});
